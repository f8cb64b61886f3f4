import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
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

  it('sweeps away a blob whose metadata was never written, and keeps the rest', async () => {
    const home = tempDir();
    const storage = await openSqliteStorage({ home, ttlMs: DAY, maxStoreBytes: 1e9 });
    const kept = await storage.originals.put({ content: 'kept\n'.repeat(100), kind: 'text', tokens: 200, source: 'test' });
    // What a process killed between the two writes of an earlier version left behind.
    await rows(join(home, STORE_FILE), "INSERT INTO headroom_kv (key, value) VALUES ('blob:hr_00000000000000aa', '{\"value\":{\"encoding\":\"utf8+deflate\",\"data\":\"\"}}')");
    expect(await blobKeys(join(home, STORE_FILE))).toEqual(['blob:hr_00000000000000aa', `blob:${kept.id}`].sort());
    await storage.originals.sweep();
    expect(await blobKeys(join(home, STORE_FILE))).toEqual([`blob:${kept.id}`]);
    expect((await storage.originals.get(kept.id))?.content).toBe('kept\n'.repeat(100));
    await storage.close();
  });

  it('writes blob and metadata together: a writer killed at any moment leaves no blob without its metadata', async () => {
    const home = tempDir();
    const script = `
      const { openSqliteStorage } = await import(${JSON.stringify(new URL('../../dist/src/store/sqlite.js', import.meta.url).href)});
      const storage = await openSqliteStorage({ home: process.argv[1], ttlMs: ${DAY}, maxStoreBytes: 1e9 });
      process.stdout.write('open\\n');
      for (let i = 0; ; i++) await storage.originals.put({ content: 'x'.repeat(200000) + i, kind: 'text', tokens: 1, source: 'writer' });`;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, home], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 100));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const file = join(home, STORE_FILE);
    const metas = new Set((await rows(file, "SELECT key FROM headroom_kv WHERE key LIKE 'meta:%'")).map((row) => String(row.key).slice(5)));
    const blobs = (await blobKeys(file)).map((key) => key.slice(5));
    expect(blobs.length).toBeGreaterThan(0);
    expect(blobs.filter((id) => !metas.has(id))).toEqual([]);
  });
});

function rows(file: string, sql: string): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const database = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      database.all(sql, (failure: Error | null, found: Array<Record<string, unknown>>) => database.close(() => (failure ? reject(failure) : resolve(found))));
    });
  });
}

async function blobKeys(file: string): Promise<string[]> {
  return (await rows(file, "SELECT key FROM headroom_kv WHERE key LIKE 'blob:%' ORDER BY key")).map((row) => String(row.key));
}
