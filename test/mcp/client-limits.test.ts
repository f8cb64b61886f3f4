import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../../src/headroom.js';
import { createServer } from '../../src/mcp/server.js';
import { countTokens } from '../../src/tokens.js';
import { readOriginal } from '../helpers/pages.js';

const open: Array<{ client: Client; headroom: Headroom }> = [];

afterEach(async () => {
  for (const { client, headroom } of open.splice(0)) {
    await client.close();
    await headroom.close();
  }
});

/** A server and a client that introduces itself as `name`, as the real clients do in initialize. */
async function connectAs(name: string) {
  const headroom = await createHeadroom({ env: {}, config: { store: 'memory' } });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name, version: '1.0.0' });
  await Promise.all([createServer(headroom).connect(serverSide), client.connect(clientSide)]);
  open.push({ client, headroom });
  return async (tool: string, args: Record<string, unknown>) => (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
}

const textOf = (result: CallToolResult) => (result.content[0]?.type === 'text' ? result.content[0].text : '');

// Multi-byte text: 3 UTF-8 bytes a character, so a byte bound and a token bound differ.
const original = Array.from({ length: 3_000 }, (_, i) => `第${i}行 処理が完了しました ok=${i % 7} ${'データ'.repeat(i % 5)}`).join('\n');

describe('pages and views sized for the client that asked', () => {
  it('gives Codex pages of at most 10,000 UTF-8 bytes, which join back exactly', async () => {
    const call = await connectAs('codex-mcp-client');
    const hash = (((await call('headroom_compress', { content: original }))._meta?.headroom) as { hash: string }).hash;
    const { text, pages } = await readOriginal(call, hash);
    expect(text === original).toBe(true);
    for (const page of pages) expect(Buffer.byteLength(textOf(page))).toBeLessThanOrEqual(10_000);
    expect(pages.length).toBeGreaterThan(Buffer.byteLength(original) / 10_000);
  });

  it('gives Claude Code pages of up to 20,000 tokens', async () => {
    const call = await connectAs('claude-code');
    const hash = (((await call('headroom_compress', { content: original }))._meta?.headroom) as { hash: string }).hash;
    const { text, pages } = await readOriginal(call, hash);
    expect(text === original).toBe(true);
    const sizes = pages.map((page) => countTokens(textOf(page)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20_000);
    expect(Math.max(...sizes)).toBeGreaterThan(10_000);
  });

  it('caps the default view at 2,000 tokens for Codex, but not an explicit max_tokens', async () => {
    // Lines that share no template, so the usual default (a quarter, up to 3,000) applies.
    const words = ['alpha', 'kernel', 'socket', 'quota', 'parser', 'replica', 'ledger', 'cursor', 'shard', 'beacon', 'vector', 'tunnel'];
    const log = Array.from({ length: 2_500 }, (_, i) => Array.from({ length: 8 }, (_, j) => `${words[(i * 7 + j * 5 + ((i * j) % 11)) % 12]}${(i * 31 + j * 17) % 1009}`).join(' ')).join('\n');
    const codex = await connectAs('codex-mcp-client');
    const other = await connectAs('some-editor');
    const small = (await codex('headroom_compress', { content: log, content_type: 'text' }))._meta?.headroom as { compressed_tokens: number };
    const usual = (await other('headroom_compress', { content: log, content_type: 'text' }))._meta?.headroom as { compressed_tokens: number };
    expect(small.compressed_tokens).toBeLessThanOrEqual(2_000);
    expect(small.compressed_tokens).toBeLessThan(usual.compressed_tokens * 0.8);
    const asked = (await codex('headroom_compress', { content: log, content_type: 'text', max_tokens: 6_000 }))._meta?.headroom as { compressed_tokens: number };
    expect(asked.compressed_tokens).toBeGreaterThan(2_100);
  });
});
