import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const options = (home: string) => ({ home, ttlMs: 3_600_000, maxStoreBytes: 64 * 1024 * 1024 });

function cli(home: string, args: string[], input = '') {
  return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home } });
}

const damagedIn = (home: string) => readdirSync(home).filter((name) => name.startsWith('store.sqlite.damaged-') && !/-(?:wal|shm)$/.test(name));

describe('a damaged store is moved aside and a new one started', () => {
  it('garbage in the store file: the command works, says where the old file went, and keeps its bytes', () => {
    const home = tempDir();
    writeFileSync(join(home, 'store.sqlite'), 'this is not a database\n'.repeat(100));
    const run = cli(home, ['compress'], 'hello\n');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('hello\n');
    const [aside] = damagedIn(home);
    expect(run.stderr).toContain(`could not be read (SQLite says SQLITE_NOTADB); it was moved to ${join(home, aside ?? '')}`);
    expect(readFileSync(join(home, aside ?? ''), 'utf8')).toBe('this is not a database\n'.repeat(100));
    // The next command finds a good store and says nothing.
    expect(cli(home, ['stats']).stderr).toBe('');
  });

  it('a directory where the store file should be', async () => {
    const home = tempDir();
    mkdirSync(join(home, 'store.sqlite'));
    const storage = await openSqliteStorage(options(home));
    try {
      expect(storage.notice).toContain('(it was not a file)');
      const meta = await storage.originals.put({ content: 'kept\n', kind: 'text', tokens: 2, source: 'test' });
      expect((await storage.originals.get(meta.id))?.content).toBe('kept\n');
    } finally {
      await storage.close();
    }
    expect(statSync(join(home, damagedIn(home)[0] ?? '')).isDirectory()).toBe(true);
  });

  it('a store file cut short: detected when it opens, not when a read reaches the missing pages', async () => {
    const home = tempDir();
    const first = await openSqliteStorage(options(home));
    for (let index = 0; index < 40; index++) await first.originals.put({ content: `original ${index}\n${'a line of output that does not fold away\n'.repeat(50 + index)}`, kind: 'text', tokens: 500, source: 'test' });
    await first.close();
    const file = join(home, 'store.sqlite');
    truncateSync(file, Math.floor(statSync(file).size / 3));
    const second = await openSqliteStorage(options(home));
    try {
      expect(second.notice).toContain('SQLITE_CORRUPT');
      expect(await second.originals.list()).toEqual([]);
    } finally {
      await second.close();
    }
    expect(damagedIn(home)).toHaveLength(1);
  });

  it('leaves a good store alone', async () => {
    const home = tempDir();
    for (let round = 0; round < 2; round++) {
      const storage = await openSqliteStorage(options(home));
      expect(storage.notice).toBeUndefined();
      await storage.originals.put({ content: `round ${round}\n`, kind: 'text', tokens: 2, source: 'test' });
      expect(await storage.originals.list()).toHaveLength(round + 1);
      await storage.close();
    }
    expect(damagedIn(home)).toEqual([]);
  });
});

describe('headroom doctor --repair', () => {
  it('copies every original that can still be read from a store cut short, each exactly as stored', async () => {
    const home = tempDir();
    const first = await openSqliteStorage(options(home));
    const bodies = new Map<string, string>();
    for (let index = 0; index < 40; index++) {
      // Random bytes do not deflate away, so the file grows with each original and the
      // early ones sit in its first half.
      const content = `original ${index}\n${randomBytes(6_000).toString('base64').replace(/.{76}/g, '$&\n')}\n`;
      bodies.set((await first.originals.put({ content, kind: 'text', tokens: 500, source: 'test' })).id, content);
    }
    await first.close();
    const file = join(home, 'store.sqlite');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(cli(home, ['stats']).stderr).toContain('"headroom doctor --repair" copies what can still be read');

    const repair = cli(home, ['doctor', '--repair']);
    expect(repair.status, repair.stderr).toBe(0);
    const [, recovered, named] = /: (\d+) of (\d+) originals recovered byte for byte/.exec(repair.stdout) ?? [];
    expect(Number(recovered), repair.stdout).toBeGreaterThan(10);
    expect(Number(named)).toBeLessThanOrEqual(40);
    const second = await openSqliteStorage(options(home));
    try {
      const back = await second.originals.list();
      expect(back).toHaveLength(Number(recovered));
      for (const meta of back) expect((await second.originals.get(meta.id))?.content).toBe(bodies.get(meta.id));
    } finally {
      await second.close();
    }
    // The damaged file stays where it was moved, as it was.
    expect(damagedIn(home)).toHaveLength(1);
  });

  it('says so when a file holds nothing readable, or when there is nothing to repair', () => {
    const home = tempDir();
    expect(cli(home, ['doctor', '--repair']).stdout).toBe(`Nothing to repair: no damaged store file in ${home}.\n`);
    writeFileSync(join(home, 'store.sqlite'), 'this is not a database\n'.repeat(100));
    cli(home, ['stats']);
    const repair = cli(home, ['doctor', '--repair']);
    expect(repair.status, repair.stderr).toBe(0);
    expect(repair.stdout).toContain('nothing could be read (SQLITE_NOTADB)');
  });
});
