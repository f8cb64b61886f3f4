import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOriginal } from './helpers/pages.js';
import { tempDir } from './helpers/temp.js';

// The built bin, exactly as npm links it for users (`npm test` builds first).
const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

let home: string;
let client: Client;

function env(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home };
}

beforeEach(async () => {
  home = tempDir();
  client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: env(), cwd: FIXTURES, stderr: 'pipe' }));
});

afterEach(async () => {
  await client.close();
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

const textOf = (result: CallToolResult, block = 0) => {
  const item = result.content[block];
  return item?.type === 'text' ? item.text : '';
};

describe('headroom mcp over stdio (spawned bin)', () => {
  it('compresses every real capture by path and content, and returns each original byte for byte', async () => {
    const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, 'utf8')) as Array<{ file: string }>;
    expect(manifest.length).toBeGreaterThan(30);
    for (const { file: name } of manifest) {
      const original = readFileSync(`${FIXTURES}${name}`, 'utf8');
      const byPath = await call('headroom_compress', { path: name });
      expect(byPath.isError, name).toBeFalsy();
      const data = byPath._meta?.headroom as { hash: string; original_tokens: number; compressed_tokens: number };
      expect(data.compressed_tokens).toBeLessThanOrEqual(data.original_tokens);
      const byContent = await call('headroom_compress', { content: original });
      expect((byContent._meta?.headroom as { hash: string }).hash).toBe(data.hash);
      const back = await readOriginal(call, data.hash);
      expect(back.text, name).toBe(original);
    }
  });

  it('finds a failing test by query and reports stats', async () => {
    const result = await call('headroom_compress', { path: 'vitest-failures-verbose.txt', query: 'AssertionError' });
    const hash = (result._meta?.headroom as { hash: string }).hash;
    const found = await call('headroom_retrieve', { hash, query: 'AssertionError expected' });
    expect(textOf(found)).toMatch(/AssertionError: expected/);
    const stats = (await call('headroom_stats', {}))._meta?.headroom as { session: { compress_calls: number }; store: { backend: string; entries: number } };
    expect(stats.session.compress_calls).toBe(1);
    expect(stats.store).toMatchObject({ backend: 'sqlite', entries: 1 });
  });

  it('shares the store with the CLI pipe: what the CLI stored, the agent retrieves', async () => {
    const original = readFileSync(`${FIXTURES}npm-install.txt`, 'utf8');
    const piped = spawnSync(process.execPath, [BIN, 'compress', '--json'], { input: original, env: env(), encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(0);
    const { hash } = JSON.parse(piped.stdout) as { hash: string };
    expect((await readOriginal(call, hash)).text).toBe(original);
    const search = await call('headroom_retrieve', { query: 'reify' });
    expect(textOf(search)).toContain(hash);
  });

  it('keeps serving after hostile calls', async () => {
    expect((await call('headroom_retrieve', { hash: '../../etc/passwd' })).isError).toBe(true);
    expect((await call('headroom_compress', { path: '/etc/passwd' })).isError).toBe(true);
    expect((await call('headroom_compress', { content: 7 })).isError).toBe(true);
    const big = 'x'.repeat(64) + '\n';
    const ok = await call('headroom_compress', { content: big.repeat(300_000) });
    expect(ok.isError).toBeFalsy();
    expect((ok._meta?.headroom as { compressed_tokens: number }).compressed_tokens).toBeLessThan(200);
    expect(execFileSync(process.execPath, [BIN, 'stats', '--json'], { env: env(), encoding: 'utf8' })).toContain('"compress_calls"');
  });
});
