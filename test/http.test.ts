import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from './helpers/compressor.js';
import { readOriginal } from './helpers/pages.js';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

interface Running {
  url: string;
  child: ChildProcess;
  stderr: () => string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** Starts `headroom mcp --transport http` on a free port and waits for its address. */
function start(args: string[] = [], env: Record<string, string> = {}): Promise<Running> {
  const home = tempDir();
  const child = spawn(process.execPath, [BIN, 'mcp', '--transport', 'http', '--port', '0', ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home, ...env } });
  running.push(child);
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /MCP over HTTP at (http:\/\/\S+?)\/mcp/.exec(stderr)?.[1];
      if (url !== undefined) resolve({ url: url.replace('0.0.0.0', '127.0.0.1'), child, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

async function connect(transport: StreamableHTTPClientTransport | SSEClientTransport): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const textOf = (result: CallToolResult) => (result.content[0]?.type === 'text' ? result.content[0].text : '');

/** A raw HTTP request, so headers fetch forbids (Host) can be set. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

describe('headroom mcp --transport http', () => {
  it('serves Streamable HTTP and legacy SSE from one process and one store, with progress', async () => {
    const server = await start();
    const modern = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    const legacy = await connect(new SSEClientTransport(new URL(`${server.url}/sse`)));
    const original = fixture('vitest-failures-verbose.txt');
    const stages: string[] = [];
    const compressed = (await legacy.callTool({ name: 'headroom_compress', arguments: { content: original } })) as CallToolResult;
    const hash = (compressed._meta?.headroom as { hash: string }).hash;
    expect(textOf(compressed)).toContain('AssertionError');
    expect((await readOriginal(async (name, args) => (await modern.callTool({ name, arguments: args })) as CallToolResult, hash)).text).toBe(original);
    await modern.callTool({ name: 'headroom_compress', arguments: { content: fixture('grep-rn.txt') } }, undefined, { onprogress: (progress) => stages.push(`${progress.progress}/${progress.total} ${progress.message}`) });
    expect(stages).toEqual(['1/3 read', '2/3 stored', '3/3 compressed']);
    await modern.close();
    await legacy.close();
  });

  it('loses nothing with many clients at once', async () => {
    const server = await start();
    const clients = await Promise.all(Array.from({ length: 12 }, () => connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)))));
    const base = fixture('app-log.txt').split('\n').slice(0, 600).join('\n');
    const hashes = await Promise.all(
      clients.map(async (client, index) => {
        const result = (await client.callTool({ name: 'headroom_compress', arguments: { content: `${base}\nclient ${index}` } })) as CallToolResult;
        return (result._meta?.headroom as { hash: string }).hash;
      }),
    );
    expect(new Set(hashes).size).toBe(12);
    const stats = (await clients[0]?.callTool({ name: 'headroom_stats', arguments: {} })) as CallToolResult;
    expect((stats._meta?.headroom as { all_time: { compress_calls: number }; store: { entries: number } }).store.entries).toBe(12);
    for (const [index, client] of clients.entries()) {
      const back = await readOriginal(async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult, hashes[(index + 1) % 12] ?? '');
      expect(back.text).toBe(`${base}\nclient ${(index + 1) % 12}`);
    }
    await Promise.all(clients.map((client) => client.close()));
  });

  it('refuses other Host and Origin headers, oversize bodies and junk, with JSON-RPC errors', async () => {
    const server = await start([], { HEADROOM_MAX_INPUT_BYTES: '1kb' });
    const port = new URL(server.url).port;
    const rebound = await raw(`${server.url}/mcp`, { headers: { host: `evil.example:${port}` }, body: INITIALIZE });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    expect((await raw(`${server.url}/mcp`, { headers: { origin: 'https://evil.example' }, body: INITIALIZE })).status).toBe(403);
    const huge = await raw(`${server.url}/mcp`, { body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(2 * 1024 * 1024) } }) });
    expect(huge.status).toBe(413);
    expect((await raw(`${server.url}/mcp`, { body: '{not json' })).status).toBe(400);
    expect((await raw(`${server.url}/nope`, { method: 'GET' })).status).toBe(404);
    expect((await raw(`${server.url}/mcp`, { body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) })).status).toBe(400);
  });

  it('requires the bearer token when bound off loopback', async () => {
    const server = await start(['--host', '0.0.0.0'], { HEADROOM_TOKEN: 's3cret-token' });
    expect((await raw(`${server.url}/mcp`, { body: INITIALIZE })).status).toBe(401);
    expect((await raw(`${server.url}/mcp`, { headers: { authorization: 'Bearer wrong' }, body: INITIALIZE })).status).toBe(401);
    const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: 'Bearer s3cret-token' } } }));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('headroom_compress');
    await client.close();
  });

  it('keeps spaces apart: each token of HEADROOM_TOKENS_FILE opens its own store', async () => {
    const tokens = join(tempDir(), 'tokens');
    writeFileSync(tokens, '# who  token\nalice alice-token-0123456789\nbob   bob-token-0123456789ab\n');
    const server = await start(['--host', '0.0.0.0'], { HEADROOM_TOKEN: 'main-token-0123456789', HEADROOM_TOKENS_FILE: tokens });
    expect(server.stderr()).toContain('2 space(s) from');
    const as = (secret: string) => connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${secret}` } } }));
    const [alice, bob, main] = await Promise.all([as('alice-token-0123456789'), as('bob-token-0123456789ab'), as('main-token-0123456789')]);
    const call = (client: Client, name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
    const original = fixture('vitest-failures-verbose.txt');
    const hash = ((await call(alice, 'headroom_compress', { content: original }))._meta?.headroom as { hash: string }).hash;
    expect((await readOriginal((name, args) => call(alice, name, args), hash)).text).toBe(original);
    for (const other of [bob, main]) {
      const whole = await call(other, 'headroom_retrieve', { hash });
      expect(whole.isError).toBe(true);
      expect(textOf(await call(other, 'headroom_retrieve', { query: 'AssertionError' }))).not.toContain(hash);
    }
    expect(textOf(await call(bob, 'headroom_stats', {}))).toContain('all time: 0 compress calls');
    expect(textOf(await call(alice, 'headroom_stats', {}))).toContain('all time: 1 compress calls');
    // A session belongs to the token that started it.
    const session = (alice.transport as StreamableHTTPClientTransport).sessionId ?? '';
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await raw(`${server.url}/mcp`, { headers: { authorization: 'Bearer bob-token-0123456789ab', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }, body: list })).status).toBe(404);
    expect((await raw(`${server.url}/mcp`, { headers: { authorization: 'Bearer alice-token-0123456789', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }, body: list })).status).toBe(200);
    expect((await raw(`${server.url}/mcp`, { headers: { authorization: 'Bearer nobody-token-0123456789' }, body: INITIALIZE })).status).toBe(401);
    for (const client of [alice, bob, main]) await client.close();
  });

  it('refuses a tokens file it cannot use, naming the line', async () => {
    const tokens = join(tempDir(), 'tokens');
    writeFileSync(tokens, 'alice short\n');
    await expect(start([], { HEADROOM_TOKENS_FILE: tokens })).rejects.toThrow(/tokens line 1: the token for "alice" is shorter than 16 characters/);
  });

  it('prints a generated token when none is set and it is bound off loopback', async () => {
    const server = await start(['--host', '0.0.0.0']);
    expect(server.stderr()).toMatch(/bearer token [\w-]{20,}/);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const server = await start();
    const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    await client.callTool({ name: 'headroom_compress', arguments: { content: fixture('find.txt') } });
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.stderr()).toContain('shutting down');
  });
});
