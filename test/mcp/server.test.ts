import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../../src/headroom.js';
import { createServer } from '../../src/mcp/server.js';
import { countTokens } from '../../src/tokens.js';
import { readOriginal } from '../helpers/pages.js';
import { tempDir } from '../helpers/temp.js';

let headroom: Headroom;
let client: Client;
let root: string;

beforeEach(async () => {
  root = tempDir();
  headroom = await createHeadroom({ env: {}, config: { store: 'memory', allowedRoots: [root], maxInputBytes: 1024 * 1024 } });
  const server = createServer(headroom);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
});

afterEach(async () => {
  await client.close();
  await headroom.close();
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function textOf(result: CallToolResult, block = 0): string {
  const item = result.content[block];
  return item?.type === 'text' ? item.text : '';
}

const bigLog = Array.from({ length: 2000 }, (_, i) => (i === 1777 ? 'ERROR payment gateway returned 502 for order ord_1777' : `INFO handled order ord_${i} in ${i % 50}ms`)).join('\n');

describe('MCP tools', () => {
  it('lists three tools with schemas, annotations and short descriptions', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['headroom_compress', 'headroom_retrieve', 'headroom_stats']);
    for (const tool of tools) {
      // No output schema, so no structuredContent: Claude Code and Codex would show the model
      // only that JSON and drop the view (test/clients records it with the real clients).
      expect(tool.outputSchema).toBeUndefined();
      expect(tool.annotations).toBeDefined();
      expect(tool.description?.length).toBeLessThan(300);
    }
    // What a model is shown of a tool: its name, description and input schema.
    const shown = tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
    expect(countTokens(JSON.stringify(shown))).toBeLessThan(600);
  });

  it('compresses content, and retrieve returns the original byte for byte', async () => {
    const result = await call('headroom_compress', { content: bigLog, query: 'payment' });
    expect(result.isError).toBeFalsy();
    const data = result._meta?.headroom as { hash: string; original_tokens: number; compressed_tokens: number; content_type: string };
    expect(data.hash).toMatch(/^hr_[0-9a-f]{16}$/);
    expect(data.compressed_tokens).toBeLessThan(data.original_tokens / 5);
    expect(textOf(result)).toContain('ERROR payment gateway returned 502');
    expect(textOf(result)).toContain(`original intact: headroom_retrieve hash=${data.hash}`);
    expect((await readOriginal(call, data.hash)).text).toBe(bigLog);
  });

  it('searches within one original and reports line locations and totals', async () => {
    const compressedLog = (await call('headroom_compress', { content: bigLog }))._meta?.headroom;
    const hash = (compressedLog as { hash: string }).hash;
    const found = await call('headroom_retrieve', { hash, query: 'ord_1500' });
    expect(textOf(found)).toContain('line 1501: INFO handled order ord_1500');
    expect(found._meta?.headroom).toMatchObject({ mode: 'search', match_mode: 'bm25' });
  });

  it('falls back to fuzzy, then says clearly when nothing matches, showing where to look', async () => {
    const compressedLog = (await call('headroom_compress', { content: bigLog }))._meta?.headroom;
    const hash = (compressedLog as { hash: string }).hash;
    const fuzzy = await call('headroom_retrieve', { hash, query: 'paymnt' });
    expect(fuzzy._meta?.headroom).toMatchObject({ match_mode: 'fuzzy' });
    expect(textOf(fuzzy)).toContain('ERROR payment gateway');
    const none = await call('headroom_retrieve', { hash, query: 'zzqqxx' });
    expect(none.isError).toBeFalsy();
    expect(textOf(none)).toContain('Nothing in');
    expect(textOf(none, 1)).toContain('INFO handled order ord_0');
  });

  it('searches across every live original when no hash is given', async () => {
    await call('headroom_compress', { content: bigLog });
    const other = await call('headroom_compress', { content: 'alpha beta\n'.repeat(100) + 'the quokka escaped from enclosure 7\n' });
    const otherHash = (other._meta?.headroom as { hash: string }).hash;
    const found = await call('headroom_retrieve', { query: 'quokka enclosure' });
    expect(textOf(found)).toContain(`${otherHash} line 101: the quokka escaped`);
  });

  it('pages large originals and says how to get the next page', async () => {
    const huge = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'z'.repeat(20)}`).join('\n');
    const hash = ((await call('headroom_compress', { content: huge }))._meta?.headroom as { hash: string }).hash;
    const first = await call('headroom_retrieve', { hash });
    const data = first._meta?.headroom as { next_offset: number; last_line: number };
    expect(textOf(first, 1)).toContain(`offset=${data.next_offset}`);
    let assembled = textOf(first);
    let offset: number | undefined = data.next_offset;
    while (offset !== undefined) {
      const page = await call('headroom_retrieve', { hash, offset });
      assembled += textOf(page);
      offset = (page._meta?.headroom as { next_offset?: number }).next_offset;
    }
    expect(assembled).toBe(huge);
    const slice = await call('headroom_retrieve', { hash, offset: 10, limit: 2 });
    expect(textOf(slice)).toBe(`line 9 ${'z'.repeat(20)}\nline 10 ${'z'.repeat(20)}\n`);
  });

  it('reports stats net of retrieved tokens', async () => {
    const compressedLog = (await call('headroom_compress', { content: bigLog }))._meta?.headroom;
    const compressed = compressedLog as { hash: string; original_tokens: number; compressed_tokens: number };
    await call('headroom_retrieve', { hash: compressed.hash, query: 'ord_5' });
    const stats = (await call('headroom_stats', {}))._meta?.headroom as { session: Record<string, number>; store: { entries: number }; tokenizer: string };
    expect(stats.session.tokens_in).toBe(compressed.original_tokens);
    expect(stats.session.tokens_out).toBe(compressed.compressed_tokens);
    expect(stats.session.tokens_retrieved).toBeGreaterThan(0);
    expect(stats.session.net_saved).toBe(compressed.original_tokens - compressed.compressed_tokens - stats.session.tokens_retrieved);
    expect(stats.store.entries).toBe(1);
    expect(stats.tokenizer).toContain('o200k_base');
  });
});

describe('path reads', () => {
  it('compresses a file inside an allowed root', async () => {
    const file = join(root, 'test-output.txt');
    writeFileSync(file, bigLog);
    const result = await call('headroom_compress', { path: file });
    expect(result.isError).toBeFalsy();
    const hash = (result._meta?.headroom as { hash: string }).hash;
    expect((await readOriginal(call, hash)).text).toBe(bigLog);
  });

  it('refuses files outside the roots, symlinks out of them, directories, FIFOs, binaries and oversize files', async () => {
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, join(root, 'link.txt'));
    mkdirSync(join(root, 'dir'));
    execFileSync('mkfifo', [join(root, 'fifo')]);
    writeFileSync(join(root, 'bin.dat'), Buffer.from([0, 1, 2, 3, 255]));
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(2 * 1024 * 1024));
    const cases: Array<[string, RegExp]> = [
      [outside, /outside the allowed roots/],
      [join(root, 'link.txt'), /outside the allowed roots/],
      [join(root, 'dir'), /is a directory/],
      [join(root, 'fifo'), /is a FIFO/],
      [join(root, 'bin.dat'), /looks binary/],
      [join(root, 'big.txt'), /limit is 1.0 MB/],
      [join(root, 'missing.txt'), /No such file/],
    ];
    for (const [path, message] of cases) {
      const result = await call('headroom_compress', { path });
      expect(result.isError, path).toBe(true);
      expect(textOf(result)).toMatch(message);
    }
  });
});

describe('hostile input', () => {
  it('answers bad arguments with clear errors and keeps serving', async () => {
    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
      ['headroom_compress', {}, /exactly one of content/],
      ['headroom_compress', { content: 'a', path: '/tmp/x' }, /exactly one of content/],
      ['headroom_compress', { content: 42 }, /content/],
      ['headroom_compress', { content: 'x'.repeat(2 * 1024 * 1024) }, /limit is 1.0 MB/],
      ['headroom_compress', { content: 'abc', query: 'q'.repeat(5000) }, /query/],
      ['headroom_retrieve', { hash: '../../x' }, /hr_ followed by 16 hex digits/],
      ['headroom_retrieve', {}, /Give a hash/],
      ['headroom_retrieve', { hash: 'hr_0000000000000000' }, /Do not retry/],
    ];
    for (const [name, args, message] of bad) {
      const result = await call(name, args);
      expect(result.isError, JSON.stringify(args).slice(0, 80)).toBe(true);
      expect(textOf(result)).toMatch(message);
    }
    const unknown = await call('no_such_tool', {});
    expect(unknown.isError).toBe(true);
    expect((await call('headroom_stats', {})).isError).toBeFalsy();
  });

  it('stores NUL bytes, lone surrogates and special-token text exactly', async () => {
    const weird = `start \u0000 nul\n\ud800 lone\n<|endoftext|>\n${'filler line\n'.repeat(300)}`;
    const result = await call('headroom_compress', { content: weird });
    expect(result.isError).toBeFalsy();
    const hash = (result._meta?.headroom as { hash: string }).hash;
    expect((await readOriginal(call, hash)).text).toBe(weird);
  });

  it('handles deeply nested JSON and empty content', async () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    expect((await call('headroom_compress', { content: deep })).isError).toBeFalsy();
    const empty = await call('headroom_compress', { content: '' });
    expect(empty.isError).toBeFalsy();
    expect(textOf(empty)).toBe('');
  });

  it('serves 50 concurrent calls without losing any original', async () => {
    const inputs = Array.from({ length: 50 }, (_, n) => Array.from({ length: 400 }, (_, i) => `job ${n} step ${i} ok`).join('\n'));
    const results = await Promise.all(inputs.map((content) => call('headroom_compress', { content })));
    const hashes = results.map((result) => (result._meta?.headroom as { hash: string }).hash);
    expect(new Set(hashes).size).toBe(50);
    const back = await Promise.all(hashes.map((hash) => readOriginal(call, hash)));
    back.forEach((result, n) => expect(result.text).toBe(inputs[n]));
  });
});
