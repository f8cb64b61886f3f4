import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_NAMES, type ClientName, type McpServerSpec } from './agent.js';
import { type Conversation, converse, describeRun, type SandboxScript } from './converse.js';
import type { ReceivedResult } from './fake-model.js';
import { footerHash } from './headroom-text.js';
import { HEADROOM_CLI, NODE, REPO, runPath } from './paths.js';
import { record, tokens } from './report.js';
import type { Sandbox } from './sandbox.js';
import { mcp, say } from './script.js';

/**
 * The reference filesystem server, configured plainly in each client's own config, put behind
 * `headroom wrap` by the real `headroom install --wrap`, then driven by the real client: what
 * the model receives for a big file and a small one, beside the same server left unwrapped.
 */

const FILESYSTEM = join(REPO, 'node_modules', '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
const SERVER = 'files';
const FOOTER = /\[headroom: [^\]\n]*headroom_retrieve hash=hr_[0-9a-f]{16}\]$/;
// One error in the middle of a real 339 KB log: a view that keeps it kept what matters, and
// a client's own cut (head and tail) loses it.
const PLANTED = '2025-06-24 14:40:00 ERROR dpkg: cannot write /var/lib/dpkg/status: No space left on device';
const SMALL = 'one short line, under any threshold\n';
const COMMAND_TIMEOUT_MS = 30_000;
// What each client passes on of one MCP result (probe.test.ts): Claude Code about 25,000
// tokens, Codex about 12,000 characters; the view must fit, inside the JSON the client shows.
const CLAUDE_MAX_TOKENS = 25_000;
const CODEX_MAX_BYTES = 10_000;

function bigLog(): string {
  const lines = readFileSync(join(REPO, 'fixtures', 'app-log.txt'), 'utf8').split('\n');
  lines.splice(lines.length >> 1, 0, PLANTED);
  return lines.join('\n');
}

const BIG = bigLog();

/** The environment `headroom install` and `headroom retrieve` run in: the homes the client run sees. */
function headroomEnv(box: Sandbox): Record<string, string> {
  return { PATH: runPath([]), HOME: box.home, CODEX_HOME: box.codexHome, HEADROOM_HOME: box.headroomHome, TMPDIR: box.root };
}

function headroom(box: Sandbox, args: readonly string[]): string {
  return execFileSync(NODE, [HEADROOM_CLI, ...args], { cwd: box.cwd, env: headroomEnv(box), encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
}

/** The filesystem server as a user configured it before headroom: node, its script, one root. */
function plainSpec(box: Sandbox): McpServerSpec {
  return { command: NODE, args: [FILESYSTEM, box.cwd], env: {} };
}

const claudeConfig = (box: Sandbox) => join(box.home, '.claude.json');
const codexConfig = (box: Sandbox) => join(box.codexHome, 'config.toml');
const plainJson = (box: Sandbox) => `${JSON.stringify({ mcpServers: { [SERVER]: { type: 'stdio', ...plainSpec(box) } } }, null, 2)}\n`;
// `required`: codex exec otherwise sends its first request before the server is up (codex.ts).
const plainToml = (box: Sandbox) => [`[mcp_servers.${SERVER}]`, `command = ${JSON.stringify(NODE)}`, `args = [${plainSpec(box).args.map((arg) => JSON.stringify(arg)).join(', ')}]`, 'required = true', ''].join('\n');

const read = (box: Sandbox, file: string) => mcp(SERVER, 'read_text_file', { path: join(box.cwd, file) });
const SCRIPT: SandboxScript = (turn, box) => [read(box, 'app.log'), read(box, 'small.txt')][turn.results.length] ?? say('done');

function prepare(box: Sandbox): void {
  writeFileSync(join(box.cwd, 'app.log'), BIG);
  writeFileSync(join(box.cwd, 'small.txt'), SMALL);
}

interface Runs {
  plain: Conversation;
  wrapped: Conversation;
  /** The client's config before `headroom install --wrap`, and the wrapped entry it left (Claude's JSON value, Codex's whole file). */
  configBefore: string;
  entry: unknown;
}

/**
 * One run with the plain entry, one with the entry `headroom install --wrap` made of it. The
 * wrapped entry reaches the client as install wrote it: Claude's as the run's --mcp-config
 * entry, Codex's file text as the run's config.toml (after the fake model's provider).
 */
async function runBoth(client: ClientName): Promise<Runs> {
  const claude = client === 'claude';
  const plain = await converse(client, {
    prepare,
    script: SCRIPT,
    mcpServers: (box) => (claude ? { [SERVER]: plainSpec(box) } : {}),
    extraCodexToml: (box) => (claude ? '' : plainToml(box)),
  });
  let configBefore = '';
  let entry: unknown;
  const wrapped = await converse(client, {
    prepare: (box) => {
      prepare(box);
      configBefore = claude ? plainJson(box) : plainToml(box);
      writeFileSync(claude ? claudeConfig(box) : codexConfig(box), configBefore);
      headroom(box, ['install', '--wrap', client, SERVER]);
      entry = claude ? (JSON.parse(readFileSync(claudeConfig(box), 'utf8')) as { mcpServers: Record<string, unknown> }).mcpServers[SERVER] : readFileSync(codexConfig(box), 'utf8');
    },
    script: SCRIPT,
    mcpServers: () => (claude ? { [SERVER]: entry as McpServerSpec } : {}),
    extraCodexToml: () => (claude ? '' : (entry as string)),
  });
  return { plain, wrapped, configBefore, entry };
}

// Both runs happen once per client; every test below reads them.
const runs = new Map<ClientName, Promise<Runs>>();
function both(client: ClientName): Promise<Runs> {
  let found = runs.get(client);
  if (found === undefined) {
    found = runBoth(client);
    runs.set(client, found);
  }
  return found;
}

/** The two results (big file, small file) of a run that went as scripted. */
function results(run: Conversation): [ReceivedResult, ReceivedResult] {
  expect(run.exited.code, describeRun(run)).toBe(0);
  expect(run.results, describeRun(run)).toHaveLength(2);
  return run.results as [ReceivedResult, ReceivedResult];
}

/** The server's tools as offered to the model in the run's last turn: Claude's loaded `mcp__files__*` tools, Codex's `mcp__files` namespace. */
function offeredTools(client: ClientName, run: Conversation): unknown[] {
  const last = run.requests.filter((request) => request.api !== undefined).at(-1)?.body as { tools?: Array<{ name?: string }> } | undefined;
  const prefix = client === 'claude' ? `mcp__${SERVER}__` : `mcp__${SERVER}`;
  return (last?.tools ?? []).filter((tool) => (client === 'claude' ? tool.name?.startsWith(prefix) : tool.name === prefix));
}

describe.each(CLIENT_NAMES)('%s, the filesystem server behind headroom install --wrap', (client) => {
  afterAll(async () => {
    // A failed run has failed its tests already; its sandboxes are lost with it.
    const done = await runs.get(client)?.catch(() => undefined);
    done?.plain.sandbox.remove();
    done?.wrapped.sandbox.remove();
  });

  it('has its entry rewritten to start headroom wrap -- with the original command, a backup beside the config', async () => {
    const { wrapped, configBefore, entry } = await both(client);
    const box = wrapped.sandbox;
    const { args } = plainSpec(box);
    if (client === 'claude') {
      expect(entry).toEqual({ type: 'stdio', command: NODE, args: [HEADROOM_CLI, 'wrap', '--', NODE, ...args], env: { HEADROOM_HOME: box.headroomHome } });
    } else {
      expect(entry).toContain(`args = [${[HEADROOM_CLI, 'wrap', '--', NODE, ...args].map((arg) => JSON.stringify(arg)).join(', ')}]`);
      expect(entry).toContain('required = true');
      expect((entry as string).split('\n')).toContain(`HEADROOM_HOME = ${JSON.stringify(box.headroomHome)}`);
    }
    const config = client === 'claude' ? claudeConfig(box) : codexConfig(box);
    expect(readFileSync(`${config}.headroom-backup`, 'utf8')).toBe(configBefore);
  });

  it('hands the model a view of a big file, with the planted error and a retrieve footer, as the JSON of structuredContent', async () => {
    const [big] = results((await both(client)).wrapped);
    // Both clients show the model a result with structuredContent as that value's JSON and
    // nothing else (the text blocks are dropped; probe.test.ts): so the filesystem server's
    // `{content: <file>}` copy of the text is what has to be the view.
    expect(big.body).toHaveLength(1);
    const received = big.body[0] ?? '';
    const shown = JSON.parse(received) as Record<string, unknown>;
    expect(Object.keys(shown)).toEqual(['content']);
    expect(received).toBe(JSON.stringify(shown));
    const view = String(shown.content);
    record({ client, door: 'wrap: filesystem read_text_file', originalTokens: tokens(BIG), modelTokens: tokens(received), calls: 1 });
    expect(view).toMatch(FOOTER);
    expect(view).toContain(PLANTED);
    expect(view.startsWith('[headroom log digest: ')).toBe(true);
    expect(tokens(received) * 10).toBeLessThan(tokens(BIG));
    // Within what the client passes on, so neither client cuts it further.
    expect(received).not.toMatch(/exceeds maximum allowed tokens|tokens truncated/);
    if (client === 'claude') expect(tokens(received)).toBeLessThan(CLAUDE_MAX_TOKENS);
    else expect(Buffer.byteLength(received, 'utf8')).toBeLessThanOrEqual(CODEX_MAX_BYTES);
  });

  it('keeps the big file byte for byte in the store its footer names, for headroom retrieve', async () => {
    const { wrapped } = await both(client);
    const [big] = results(wrapped);
    const hash = footerHash(big.text);
    expect(hash).toMatch(/^hr_[0-9a-f]{16}$/);
    const original = headroom(wrapped.sandbox, ['retrieve', hash ?? '']);
    // Lengths first: a mismatch of 339 KB strings is unreadable.
    expect(original.length).toBe(BIG.length);
    expect(original === BIG).toBe(true);
  });

  it('offers the model the server\'s tools unchanged: the same names, descriptions and schemas as unwrapped', async () => {
    const { plain, wrapped } = await both(client);
    const tools = offeredTools(client, wrapped);
    expect(tools.length).toBeGreaterThan(0);
    expect(tools).toEqual(offeredTools(client, plain));
    const names = client === 'claude' ? tools.map((tool) => (tool as { name: string }).name) : ((tools[0] as { tools: Array<{ name: string }> }).tools ?? []).map((tool) => tool.name);
    expect(names).toContain(client === 'claude' ? `mcp__${SERVER}__read_text_file` : 'read_text_file');
  });

  it('hands the model a small file\'s result byte for byte as the unwrapped server does', async () => {
    const { plain, wrapped } = await both(client);
    const [, small] = results(wrapped);
    const [, plainSmall] = results(plain);
    // Codex's parts start with a wall-time line that differs per run; the body after it is the tool's.
    expect(small.body).toEqual(plainSmall.body);
    expect(small.body).toEqual([JSON.stringify({ content: SMALL })]);
    if (client === 'claude') expect(small.parts).toEqual(plainSmall.parts);
  });

  it('without the wrapper, loses the planted error to the client\'s own cut', async () => {
    const [big] = results((await both(client)).plain);
    expect(big.text).not.toContain(PLANTED);
    if (client === 'claude') {
      // Claude Code 2.1.332: over its limit, an error naming a saved file instead of the result.
      expect(big.text).toMatch(/^Error: result \([\d,]+ characters\) exceeds maximum allowed tokens\. Output has been saved to /);
    } else {
      // Codex 0.171.0: the structured JSON's head and tail, about 12,000 characters, a marker between.
      const body = big.body.join('');
      expect(body.startsWith(`{"content":${JSON.stringify(BIG.slice(0, 200)).slice(0, -1)}`)).toBe(true);
      expect(body).toMatch(/…\d+ tokens truncated…/);
      expect(body.length).toBeLessThan(13_000);
    }
  });
});
