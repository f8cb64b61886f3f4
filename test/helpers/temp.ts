import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = 'headroom-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let at = start;
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}
