/**
 * Run in a child process by the memory section (`node --expose-gc memory-probe.js <mode> <bytes>`),
 * so its peak RSS is this one job's and nothing else's. Prints one JSON line.
 *   peak <json|log> <bytes>: compress one input end to end, report RSS before and the peak.
 *   load <calls>: compress distinct 10 KB logs into a SQLite store, report heap after GC along the way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadroom } from '../src/headroom.js';
import { benchHeadroom } from './context.js';
import { sizedJsonArray, sizedLog } from './workloads/sized.js';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function peak(kind: string, size: number): Promise<object> {
  const text = kind === 'json' ? sizedJsonArray(size) : sizedLog(size);
  const headroom = await benchHeadroom();
  gc();
  const before = process.memoryUsage().rss;
  const result = await headroom.compress({ content: text, source: 'bench' });
  await headroom.close();
  // maxRSS is in KiB and covers the whole process lifetime, input generation included.
  return { kind, bytes: text.length, rssBeforeMb: before / MB, peakRssMb: process.resourceUsage().maxRSS / 1024, tokensOut: result.compressedTokens };
}

async function load(calls: number): Promise<object> {
  const home = mkdtempSync(join(tmpdir(), 'headroom-bench-load-'));
  const headroom = await createHeadroom({ config: { home, store: 'sqlite' } });
  const base = sizedLog(10_240);
  const heapMb: number[] = [];
  try {
    for (let call = 1; call <= calls; call++) {
      await headroom.compress({ content: `${base}\n# call ${call}`, source: 'bench' });
      if (call % Math.max(1, Math.floor(calls / 4)) === 0) {
        gc();
        heapMb.push(process.memoryUsage().heapUsed / MB);
      }
    }
  } finally {
    await headroom.close();
    rmSync(home, { recursive: true, force: true });
  }
  return { calls, heapMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const [mode, arg, kind] = process.argv.slice(2);
const report = mode === 'load' ? await load(Number(arg)) : await peak(kind ?? 'log', Number(arg));
process.stdout.write(`${JSON.stringify(report)}\n`);
