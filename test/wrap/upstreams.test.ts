import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createHeadroom } from '../../src/headroom.js';
import { type Conversation, converse, INITIALIZE, INITIALIZED, request } from '../helpers/raw-mcp.js';
import { tempDir } from '../helpers/temp.js';

const BIN = join(process.cwd(), 'dist/src/cli/main.js');
const EVERYTHING = join(process.cwd(), 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const FOOTER = /headroom_retrieve hash=(hr_[0-9a-f]{16})\]\s*$/;
const BIG_LOG = readFileSync('fixtures/app-log.txt', 'utf8');

type Message = Record<string, unknown>;

const SCRIPT = [INITIALIZE(), INITIALIZED, request(1, 'tools/list'), request(2, 'tools/call', { name: 'echo', arguments: { message: 'hello' } }), request(3, 'tools/call', { name: 'echo', arguments: { message: BIG_LOG } })];

function env(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, HEADROOM_HOME: join(home, 'store'), ...extra };
}

function text(message: Message | undefined): string {
  return ((message?.result as { content?: Array<{ text?: string }> } | undefined)?.content ?? []).map((block) => block.text ?? '').join('\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.kill('SIGTERM');
});

/** server-everything over HTTP on a free loopback port, once it says it listens. */
async function httpServer(mode: 'streamableHttp' | 'sse'): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, mode], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(child);
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      said += chunk;
      if (/listening|running/i.test(said)) resolve();
    });
    child.on('exit', () => reject(new Error(`server-everything ${mode} exited: ${said}`)));
  });
  return port;
}

describe('headroom wrap --url', () => {
  for (const [mode, path, flags] of [
    ['streamableHttp', '/mcp', []],
    ['sse', '/sse', ['--sse']],
    ['sse', '/sse', []],
  ] as const) {
    test(`server-everything over ${mode}${flags.length === 0 ? '' : ' with --sse'}: answers as over stdio, the large one a view`, async () => {
      const home = tempDir();
      const port = await httpServer(mode);
      const stdio = await converse([process.execPath, EVERYTHING, 'stdio'], SCRIPT, { env: env(home) });
      const through = await converse([process.execPath, BIN, 'wrap', '--url', `http://127.0.0.1:${port}${path}`, ...flags], SCRIPT, { env: env(home) });
      expect(through.stderr).not.toContain('cannot reach');
      for (const id of [0, 1, 2]) expect(through.answers.get(id), `answer ${id}`).toEqual(stdio.answers.get(id));
      const view = text(through.answers.get(3));
      expect(view.length).toBeLessThan(text(stdio.answers.get(3)).length / 3);
      const hash = FOOTER.exec(view)?.[1] as string;
      const headroom = await createHeadroom({ env: { HEADROOM_HOME: join(home, 'store') } });
      try {
        expect((await headroom.storage.originals.get(hash))?.content).toBe(`Echo: ${BIG_LOG}`);
        // The source names the server, from its initialize answer, and the tool.
        expect((await headroom.storage.originals.peek(hash))?.source).toBe('wrap: mcp-servers/everything: echo');
      } finally {
        await headroom.close();
      }
    });
  }

  test('a URL nothing listens on: the initialize request gets an error, and stderr says which server', async () => {
    const home = tempDir();
    const port = await freePort();
    const through = await converse([process.execPath, BIN, 'wrap', '--url', `http://127.0.0.1:${port}/mcp`], [INITIALIZE()], { env: env(home) });
    expect((through.answers.get(0)?.error as { message?: string } | undefined)?.message).toMatch(/could not be reached/);
    expect(through.stderr).toContain(`cannot reach 127.0.0.1:${port}`);
  });
});

describe('headroom wrap: failures and what it leaves alone', () => {
  test('a server that cannot start: exit 127 and a line on stderr, as a client spawning it would see', async () => {
    const home = tempDir();
    const child = spawn(process.execPath, [BIN, 'wrap', '--', join(home, 'no-such-server')], { env: env(home), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdin.write(`${JSON.stringify(INITIALIZE())}\n`);
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(127);
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot run');
    expect(stderr).toContain('ENOENT');
  });

  test('a server that exits: the wrapper exits with its status, after relaying what it wrote', async () => {
    const home = tempDir();
    const script = join(home, 'server.mjs');
    writeFileSync(script, `process.stdin.once('data', () => { process.stdout.write('{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"bye"}}\\n', () => process.exit(3)); });\n`);
    const child = spawn(process.execPath, [BIN, 'wrap', '--', process.execPath, script], { env: env(home), stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdin.write(`${JSON.stringify(INITIALIZE())}\n`);
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(3);
    expect(stdout).toBe('{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"bye"}}\n');
  });

  const everything = (home: string, extra: string[] = []) => [process.execPath, BIN, 'wrap', ...extra, '--', process.execPath, EVERYTHING, 'stdio'];
  const echo = (message: string) => [INITIALIZE(), INITIALIZED, request(1, 'tools/call', { name: 'echo', arguments: { message } })];

  test('past the deadline (HEADROOM_DEADLINE_MS=1) the large result passes through as it came', async () => {
    const home = tempDir();
    const direct = await converse([process.execPath, EVERYTHING, 'stdio'], echo(BIG_LOG), { env: env(home) });
    const through = await converse(everything(home), echo(BIG_LOG), { env: env(home, { HEADROOM_DEADLINE_MS: '1' }) });
    expect(through.answers.get(1)).toEqual(direct.answers.get(1));
  });

  test('a store that cannot open: results pass through, and stderr says why once', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'store'), 'a file where the store folder should be');
    const script = [...echo(BIG_LOG), request(2, 'tools/call', { name: 'echo', arguments: { message: BIG_LOG } })];
    const direct = await converse([process.execPath, EVERYTHING, 'stdio'], script, { env: env(home) });
    const through = await converse(everything(home), script, { env: env(home) });
    expect(through.answers.get(1)).toEqual(direct.answers.get(1));
    expect(through.answers.get(2)).toEqual(direct.answers.get(2));
    expect(through.stderr.match(/results pass through uncompressed/g)).toHaveLength(1);
  });

  test('a result that is a view already is not compressed again', async () => {
    const home = tempDir();
    const headroom = await createHeadroom({ env: { HEADROOM_HOME: join(home, 'store') } });
    const view = (await headroom.compress({ content: BIG_LOG })).text;
    await headroom.close();
    const direct = await converse([process.execPath, EVERYTHING, 'stdio'], echo(view), { env: env(home) });
    const through = await converse(everything(home, ['--min-tokens', '50']), echo(view), { env: env(home) });
    expect(text(direct.answers.get(1))).toMatch(FOOTER);
    expect(through.lines.find((line) => line.includes('"id":1'))).toBe(direct.lines.find((line) => line.includes('"id":1')));
  });

  test("headroom's own server, wrapped: a retrieve of a large original comes back whole", async () => {
    const home = tempDir();
    const headroom = await createHeadroom({ env: { HEADROOM_HOME: join(home, 'store') } });
    const view = (await headroom.compress({ content: BIG_LOG })).text;
    await headroom.close();
    const hash = FOOTER.exec(view)?.[1];
    const script = [INITIALIZE(), INITIALIZED, request(1, 'tools/call', { name: 'headroom_retrieve', arguments: { hash, limit: 400 } })];
    const own = [process.execPath, BIN, 'mcp'];
    const direct = await converse(own, script, { env: env(home) });
    const through = await converse([process.execPath, BIN, 'wrap', '--', ...own], script, { env: env(home) });
    // Each process reports its own expiry time.
    const answer = (conversation: Conversation) => conversation.lines.find((line) => line.includes('"id":1'))?.replace(/"expires_at":"[^"]*"/, '');
    expect(answer(direct)?.length).toBeGreaterThan(20_000);
    expect(answer(through)).toBe(answer(direct));
  });
});
