import { createHeadroom, type Headroom } from '../src/headroom.js';
import { createMemoryStorage } from '../src/store/memory.js';

/** What every bench section gets. */
export interface BenchContext {
  /** Fewer runs and sizes up to 1 MB, for a fast look while developing. */
  quick: boolean;
  /** The package root (where `fixtures/` and `bench/` live). */
  root: string;
  toon: ((value: unknown) => string) | undefined;
  /** A progress line on stderr; results go to the report. */
  progress(message: string): void;
}

/** A target from DESIGN.md or an issue, and what this run measured against it. */
export interface Bar {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

/** One part of the report: a heading, its Markdown body and the bars it measured. */
export interface Section {
  title: string;
  body: string;
  bars?: Bar[];
}

const DAY_MS = 86_400_000;

/** A library instance over an in-memory store, so the bench never touches the user's store. */
export function benchHeadroom(): Promise<Headroom> {
  return createHeadroom({
    storage: createMemoryStorage({ ttlMs: DAY_MS, maxStoreBytes: 4 * 1024 * 1024 * 1024 }),
    config: { maxInputBytes: 64 * 1024 * 1024, deadlineMs: 60_000 },
  });
}
