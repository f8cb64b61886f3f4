import { performance } from 'node:perf_hooks';

/** The value at quantile `q` (0..1) of `samples`, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

/** Runs `work` `runs` times after one warm-up and returns each run's wall time in ms. */
export function timeSync(work: () => unknown, runs: number): number[] {
  work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function timeAsync(work: () => Promise<unknown>, runs: number, warmups = 1): Promise<number[]> {
  for (let run = 0; run < warmups; run++) await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Fewer runs for bigger inputs, so a 10 MB case does not dominate the whole bench. */
export function runsFor(bytes: number, quick: boolean): number {
  const runs = bytes <= 16_384 ? 50 : bytes <= 262_144 ? 15 : bytes <= 2_097_152 ? 5 : 3;
  return quick ? Math.max(1, Math.ceil(runs / 3)) : runs;
}
