import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage, STORE_FILE } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp.js';
import { storageContract } from './contract.js';

storageContract('sqlite', async (options) => openSqliteStorage({ ...options, home: tempDir() }));

const DAY = 24 * 3_600_000;

function runWriter(home: string, prefix: string, count: number): Promise<number> {
  // A separate Node process writing through the built store, as a second MCP server or CLI would.
  const script = `
    const { openSqliteStorage } = await import(${JSON.stringify(new URL('../../dist/src/store/sqlite.js', import.meta.url).href)});
    const storage = await openSqliteStorage({ home: process.argv[1], ttlMs: ${DAY}, maxStoreBytes: 1e9 });
    await Promise.all(Array.from({ length: ${count} }, async (_, i) => {
      await storage.originals.put({ content: '${prefix} original ' + i + '\\n'.repeat(i), kind: 'text', tokens: 1, source: 'writer' });
      await storage.usage.add({ kind: 'text', calls: 1, tokensIn: 10, tokensOut: 1 });
    }));
    await storage.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, home], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('sqlite storage on disk', () => {
  it('survives a restart: a new process-level instance reads what the old one wrote', async () => {
    const home = tempDir();
    const first = await openSqliteStorage({ home, ttlMs: DAY, maxStoreBytes: 1e9 });
    const meta = await first.originals.put({ content: 'persisted\n', kind: 'log', tokens: 2, source: 'test' });
    await first.usage.add({ kind: 'log', calls: 1, tokensIn: 10, tokensOut: 2 });
    await first.close();
    const second = await openSqliteStorage({ home, ttlMs: DAY, maxStoreBytes: 1e9 });
    expect((await second.originals.get(meta.id))?.content).toBe('persisted\n');
    expect((await second.usage.totals()).tokensIn).toBe(10);
    await second.close();
  });

  it('creates the directory 0700 and the file 0600', async () => {
    const home = join(tempDir(), 'nested', 'home');
    const storage = await openSqliteStorage({ home, ttlMs: DAY, maxStoreBytes: 1e9 });
    await storage.close();
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, STORE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('loses nothing when two processes write at the same time', async () => {
    const home = tempDir();
    const codes = await Promise.all([runWriter(home, 'alpha', 40), runWriter(home, 'beta', 40)]);
    expect(codes).toEqual([0, 0]);
    const storage = await openSqliteStorage({ home, ttlMs: DAY, maxStoreBytes: 1e9 });
    const live = await storage.originals.list();
    expect(live).toHaveLength(80);
    for (const meta of live) expect((await storage.originals.get(meta.id))?.content).toMatch(/^(alpha|beta) original \d+/);
    const totals = await storage.usage.totals();
    expect(totals.calls).toBe(80);
    expect(totals.tokensIn).toBe(800);
    await storage.close();
  });

  it('refuses a home it cannot create with an error that says what to do', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(openSqliteStorage({ home: join(file, 'home'), ttlMs: DAY, maxStoreBytes: 1e9 })).rejects.toThrow(/HEADROOM_HOME/);
  });
});
