import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;

/**
 * The CLI on a home it cannot write. Root writes through any mode bits, so as root the
 * command runs as `nobody` (setpriv), on a home that user can read but not write.
 */
function readOnlyCli(home: string, args: string[], input = '') {
  const env = { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home };
  if (!asRoot) return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env });
  const drop = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups'];
  return spawnSync('setpriv', [...drop, process.execPath, BIN, ...args], { input, encoding: 'utf8', env });
}

const body = (index: number) => `original ${index}\n${Array.from({ length: 400 }, (_, line) => `entry ${index}.${line}: the service answered in ${line * 7} ms\n`).join('')}`;

describe('a home that cannot be written', () => {
  it('still serves what the store holds, and compress answers losslessly with a note', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const home = join(root, 'home');
    const storage = await openSqliteStorage({ home, ttlMs: 3_600_000, maxStoreBytes: 64 * 1024 * 1024 });
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) ids.push((await storage.originals.put({ content: body(index), kind: 'log', tokens: 9_000, source: 'test' })).id);
    await storage.close();
    for (const name of readdirSync(home)) chmodSync(join(home, name), 0o444);
    chmodSync(home, 0o555);
    try {
      const notice = `headroom: ${home} cannot be written`;
      const whole = readOnlyCli(home, ['retrieve', ids[1] ?? '']);
      expect(whole.status, whole.stderr).toBe(0);
      expect(whole.stdout).toBe(body(1));
      expect(whole.stderr).toContain(notice);

      const found = readOnlyCli(home, ['search', 'entry 2.317']);
      expect(found.status, found.stderr).toBe(0);
      expect(found.stdout).toContain('entry 2.317: the service answered in 2219 ms');

      const input = `${Array.from({ length: 3_000 }, (_, line) => `new output line ${line}`).join('\n')}\n`;
      const compressed = readOnlyCli(home, ['compress'], input);
      expect(compressed.status, compressed.stderr).toBe(0);
      expect(compressed.stdout).toBe(`${input}[headroom: the original could not be stored (SQLITE_READONLY: the store is read-only), so this view leaves nothing out and there is nothing to retrieve]\n`);

      const stats = readOnlyCli(home, ['stats']);
      expect(stats.status, stats.stderr).toBe(0);
      expect(stats.stdout).toMatch(/store\s+sqlite, 3 originals/);
    } finally {
      chmodSync(home, 0o755);
    }
  });

  it('with no store in it, says to choose a writable home', () => {
    const root = tempDir();
    chmodSync(root, 0o555);
    try {
      const run = readOnlyCli(join(root, 'home'), ['compress'], 'hello\n');
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/Cannot create the headroom store directory \(EACCES\)\. Set HEADROOM_HOME to a writable directory/);
    } finally {
      chmodSync(root, 0o755);
    }
  });
});
