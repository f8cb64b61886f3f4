import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
// 1.9 MB of broken JavaScript, one statement a line: tree-sitter's error recovery takes
// about 6 s a MB to parse it, whatever the compressors do. (Sources over 2 MB are not parsed.)
const HOSTILE_LINES = 70_000;
const HOSTILE = 'x = { a: , b: [1, , c: ( };\n'.repeat(HOSTILE_LINES);
const LOG = Array.from({ length: 6_000 }, (_, i) => `2026-12-02T10:${String(i % 60).padStart(2, '0')}:00Z INFO worker ${i % 7} handled request ${i} in ${i % 97} ms`).join('\n');

let client: Client;

async function connect(deadlineMs: number): Promise<void> {
  const home = tempDir();
  client = new Client({ name: 'deadline-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home, HEADROOM_DEADLINE_MS: String(deadlineMs) }, stderr: 'pipe' }));
}

afterEach(async () => {
  await client.close();
});

const compress = (content: string, signal?: AbortSignal) => client.callTool({ name: 'headroom_compress', arguments: { content, language: 'javascript' } }, undefined, { timeout: 120_000, ...(signal === undefined ? {} : { signal }) }) as Promise<CallToolResult>;
const strategy = (result: CallToolResult) => (result._meta?.headroom as { strategy: string }).strategy;

describe('a compress call past its deadline', () => {
  beforeEach(async () => {
    await connect(1_500);
  });

  it('is stopped and answers with the input, while the server answers other calls meanwhile', async () => {
    const order: string[] = [];
    const hostile = compress(HOSTILE).then((result) => {
      order.push('hostile');
      return result;
    });
    const small = compress('a small output\n'.repeat(40)).then((result) => {
      order.push('small');
      return result;
    });
    const [slow, quick] = await Promise.all([hostile, small]);
    expect(order).toEqual(['small', 'hostile']);
    expect(quick.isError).toBeFalsy();
    // Stopped at the deadline: the input itself, cut to the client's limit, with the way back.
    expect(strategy(slow)).toBe('head+tail+ceiling');
    const { hash } = slow._meta?.headroom as { hash: string };
    const lines = (await client.callTool({ name: 'headroom_retrieve', arguments: { hash, offset: HOSTILE_LINES - 3, limit: 4 } })) as CallToolResult;
    expect(lines.content[0]?.type === 'text' ? lines.content[0].text : '').toBe(HOSTILE.split('\n').slice(HOSTILE_LINES - 4, HOSTILE_LINES).join('\n') + '\n');
  });
});

describe('inputs that used to stall or break a call', () => {
  beforeEach(async () => {
    await connect(5_000);
  });

  it('compresses 100,000 nested brackets (4-20 s before) and deep JSON on the worker', async () => {
    const brackets = await compress(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(strategy(brackets)).toBe('fold');
    const deep = await compress(JSON.stringify(Array.from({ length: 2_000 }, (_, i) => ({ id: i, nested: JSON.parse(`${'['.repeat(200)}${i}${']'.repeat(200)}`) }))));
    expect(strategy(deep)).not.toMatch(/failed|deadline/);
  });
});

describe('a compress call the client cancels', () => {
  beforeEach(async () => {
    await connect(4_000);
  });

  it('stops its work: the next large call gets a view, not a wait', async () => {
    const controller = new AbortController();
    const cancelled = compress(HOSTILE, controller.signal);
    setTimeout(() => controller.abort(), 300);
    await expect(cancelled).rejects.toThrow();
    // Had the cancelled work gone on, this call would queue behind it past its own deadline.
    const next = await compress(`${LOG}\n`.repeat(6));
    // A call past its deadline comes back as its input cut to the client's limit (head+tail+ceiling).
    expect(strategy(next)).toBe('fold');
    expect(next.content[0]?.type === 'text' ? next.content[0].text : '').toMatch(/headroom_retrieve hash=hr_/);
  });
});
