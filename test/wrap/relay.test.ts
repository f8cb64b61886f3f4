import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHeadroom } from '../../src/headroom.js';
import { type Conversation, converse, INITIALIZE, INITIALIZED, request } from '../helpers/raw-mcp.js';
import { tempDir } from '../helpers/temp.js';

const BIN = join(process.cwd(), 'dist/src/cli/main.js');
const EVERYTHING = [process.execPath, join(process.cwd(), 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'];
const FILESYSTEM = [process.execPath, join(process.cwd(), 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js')];
const FOOTER = /\[headroom: [^\]\n]*headroom_retrieve hash=(hr_[0-9a-f]{16})\]\s*$/;
const BIG_LOG = readFileSync('fixtures/app-log.txt', 'utf8');
const PLANTED = '2025-06-24 14:40:00 ERROR dpkg: cannot write /var/lib/dpkg/status: No space left on device';

type Message = Record<string, unknown>;

function wrapped(argv: readonly string[]): string[] {
  return [process.execPath, BIN, 'wrap', '--', ...argv];
}

// The same environment for both runs: a server may show it (server-everything's get-env).
function environment(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, HEADROOM_HOME: join(home, 'store') };
}

/** The lines that are not answers (notifications, the server's own requests), sorted: their order against answers is the server's timing. */
function others(conversation: Conversation): string[] {
  return conversation.lines.filter((line) => !/^\{"(?:result|error|jsonrpc":"2\.0","id")/.test(line) || 'method' in (JSON.parse(line) as Message)).sort();
}

// server-everything puts the time of day in a resource it makes on each call.
const CLOCK = /\d{1,2}:\d\d:\d\d [AP]M/g;

/** Each answer's line exactly (the time of day masked), by request id. */
function answerLines(conversation: Conversation): Map<unknown, string> {
  const out = new Map<unknown, string>();
  for (const line of conversation.lines) {
    const message = JSON.parse(line) as Message;
    if (!('method' in message) && 'id' in message) out.set(message.id, line.replace(CLOCK, 'TIME'));
  }
  return out;
}

function resultText(message: Message | undefined): string {
  const content = (message?.result as { content?: Array<{ type: string; text?: string }> } | undefined)?.content ?? [];
  return content.map((block) => block.text ?? '').join('\n');
}

async function original(home: string, view: string): Promise<string | undefined> {
  const hash = FOOTER.exec(view)?.[1];
  if (hash === undefined) return undefined;
  const headroom = await createHeadroom({ env: { HEADROOM_HOME: join(home, 'store') } });
  try {
    return (await headroom.storage.originals.get(hash))?.content;
  } finally {
    await headroom.close();
  }
}

const SAMPLED = { model: 'scripted', role: 'assistant', content: { type: 'text', text: 'a scripted answer' } };

function answer(message: Message): unknown {
  if (message.method === 'sampling/createMessage') return SAMPLED;
  if (message.method === 'elicitation/create') return { action: 'decline' };
  if (message.method === 'roots/list') return { roots: [{ uri: 'file:///tmp', name: 'tmp' }] };
  return {};
}

describe('headroom wrap, against real servers from npm', () => {
  test('server-everything: every message but the large result is byte-identical, and the large one comes back from the store', async () => {
    const home = tempDir();
    const script = [
      INITIALIZE({ sampling: {}, elicitation: {}, roots: {} }),
      INITIALIZED,
      request(1, 'tools/list'),
      request(2, 'resources/list'),
      request(3, 'resources/templates/list'),
      request(4, 'resources/read', { uri: 'demo://resource/static/document/architecture.md' }),
      request(5, 'prompts/list'),
      request(6, 'prompts/get', { name: 'args-prompt', arguments: { city: 'Lyon' } }),
      request(7, 'completion/complete', { ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } }),
      request(8, 'tools/call', { name: 'echo', arguments: { message: 'hello' } }),
      request(9, 'tools/call', { name: 'echo', arguments: { message: BIG_LOG } }),
      request(10, 'tools/call', { name: 'get-tiny-image', arguments: {} }),
      request(11, 'tools/call', { name: 'get-structured-content', arguments: { location: 'Chicago' } }),
      request(12, 'tools/call', { name: 'get-resource-links', arguments: { count: 3 } }),
      request(13, 'tools/call', { name: 'get-resource-reference', arguments: { resourceType: 'Text', resourceId: 2 } }),
      request(14, 'tools/call', { name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 }, _meta: { progressToken: 'p-1' } }),
      request(15, 'tools/call', { name: 'trigger-sampling-request', arguments: { prompt: 'say hi', maxTokens: 20 } }),
      request(16, 'tools/call', { name: 'trigger-elicitation-request', arguments: {} }),
      request(17, 'tools/call', { name: 'get-annotated-message', arguments: { messageType: 'error', includeImage: true } }),
      request(18, 'tools/call', { name: 'no-such-tool', arguments: {} }),
      request(19, 'no/such/method'),
      request(20, 'ping'),
      request(21, 'logging/setLevel', { level: 'debug' }),
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99, reason: 'nothing' } },
      request('22', 'tools/call', { name: 'get-sum', arguments: { a: 2, b: 3 } }),
    ];
    const direct = await converse(EVERYTHING, script, { env: environment(home), answer });
    const through = await converse(wrapped(EVERYTHING), script, { env: environment(home), answer });

    const plain = answerLines(direct);
    const relayed = answerLines(through);
    expect([...relayed.keys()].sort()).toEqual([...plain.keys()].sort());
    expect(plain.size).toBe(23);
    for (const [id, line] of plain) if (id !== 9) expect(relayed.get(id), `answer ${String(id)}`).toBe(line);
    expect(others(through)).toEqual(others(direct));
    // The server's corners really were exercised.
    expect(others(direct).some((line) => line.includes('notifications/progress'))).toBe(true);
    expect(others(direct).some((line) => line.includes('sampling/createMessage'))).toBe(true);
    expect(plain.get(15)).toContain('a scripted answer');

    const view = resultText(through.answers.get(9));
    const full = resultText(direct.answers.get(9));
    expect(full.length).toBeGreaterThan(BIG_LOG.length);
    expect(view.length).toBeLessThan(full.length / 3);
    expect(view).toMatch(FOOTER);
    expect(await original(home, view)).toBe(full);
    // The rest of the answer is as it came.
    const { result: plainResult, ...plainRest } = direct.answers.get(9) as Message;
    const { result: viewResult, ...viewRest } = through.answers.get(9) as Message;
    expect(viewRest).toEqual(plainRest);
    expect(Object.keys(viewResult as Message)).toEqual(Object.keys(plainResult as Message));
  });

  test('server-filesystem: a big file and a big tree become views; small results, errors and the file back byte for byte', async () => {
    const home = tempDir();
    const root = join(home, 'project');
    mkdirSync(root);
    // The real log, with one error planted in its middle.
    const lines = BIG_LOG.split('\n');
    lines.splice(lines.length >> 1, 0, PLANTED);
    writeFileSync(join(root, 'app.log'), lines.join('\n'));
    writeFileSync(join(root, 'small.txt'), 'just a line\n');
    for (let dir = 0; dir < 30; dir += 1) {
      mkdirSync(join(root, 'src', `module-${dir}`), { recursive: true });
      for (let file = 0; file < 12; file += 1) writeFileSync(join(root, 'src', `module-${dir}`, `file-${file}.ts`), '');
    }
    const script = [
      INITIALIZE(),
      INITIALIZED,
      request(1, 'tools/list'),
      request(2, 'tools/call', { name: 'read_text_file', arguments: { path: join(root, 'app.log') } }),
      request(3, 'tools/call', { name: 'directory_tree', arguments: { path: root } }),
      request(4, 'tools/call', { name: 'read_text_file', arguments: { path: join(root, 'small.txt') } }),
      request(5, 'tools/call', { name: 'read_text_file', arguments: { path: join(root, 'missing.txt') } }),
      request(6, 'tools/call', { name: 'read_text_file', arguments: { path: '/etc/passwd' } }),
      request(7, 'tools/call', { name: 'list_allowed_directories', arguments: {} }),
    ];
    const argv = [...FILESYSTEM, root];
    const direct = await converse(argv, script, { env: environment(home) });
    const through = await converse(wrapped(argv), script, { env: environment(home) });
    const plain = answerLines(direct);
    const relayed = answerLines(through);
    for (const id of [0, 1, 4, 5, 6, 7]) expect(relayed.get(id), `answer ${id}`).toBe(plain.get(id));
    expect(plain.get(5)).toContain('"isError":true');
    for (const id of [2, 3]) {
      const view = resultText(through.answers.get(id));
      const full = resultText(direct.answers.get(id));
      expect(view.length, `answer ${id}`).toBeLessThan(full.length / 2);
      expect(await original(home, view)).toBe(full);
      // These tools declare an outputSchema; the structured copy of the text is the view too.
      expect((direct.answers.get(id)?.result as Message).structuredContent).toEqual({ content: full });
      expect((through.answers.get(id)?.result as Message).structuredContent).toEqual({ content: view });
    }
    expect(resultText(through.answers.get(2))).toContain(PLANTED);
  });
});

test("a client that keeps little (Codex) gets a view that fits what it passes on, inside the structured value's JSON too", async () => {
  const home = tempDir();
  const root = join(home, 'project');
  mkdirSync(root);
  copyFileSync('fixtures/readme-long.md', join(root, 'notes.md'));
  const codex = request(0, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'codex-mcp-client', version: '0.171.0' } });
  const script = [codex, INITIALIZED, request(1, 'tools/call', { name: 'read_text_file', arguments: { path: join(root, 'notes.md') } })];
  const argv = wrapped([...FILESYSTEM, root]);
  const answer = (await converse(argv, script, { env: environment(home) })).answers.get(1)?.result as Message;
  const shown = JSON.stringify(answer.structuredContent);
  expect(shown).toMatch(/headroom_retrieve hash=hr_/);
  // Codex 0.171.0 keeps about 10,000 bytes of a tool result (src/mcp/client-limits.ts).
  expect(Buffer.byteLength(shown, 'utf8')).toBeLessThanOrEqual(10_000);
  // Claude Code's default view of the same document is larger: the limit is Codex's alone.
  const claude = request(0, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'claude-code', version: '2.1.332' } });
  const wide = (await converse(argv, [claude, ...script.slice(1)], { env: environment(home) })).answers.get(1)?.result as Message;
  expect(Buffer.byteLength(JSON.stringify(wide.structuredContent), 'utf8')).toBeGreaterThan(10_000);
});
