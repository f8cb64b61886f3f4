import { describe, expect, it } from 'vitest';
import { CLIENT_NAMES, type ClientName } from './agent.js';
import { CLAUDE_VERSION, claudeVersion } from './claude.js';
import { CODEX_MODEL, CODEX_VERSION, codexVersion } from './codex.js';
import { type Conversation, converse, describeRun } from './converse.js';
import type { ReceivedResult } from './fake-model.js';
import { NODE, PROBE_SERVER } from './paths.js';
import { mcp, sequence, shell } from './script.js';
import { agentShellLimits } from '../../src/cli/agent-shell.js';
import { limitsFor } from '../../src/mcp/client-limits.js';

/**
 * The client facts headroom's tool results are designed around. When a new CLI version
 * changes one of them, this fails, and the design (DESIGN.md section 3) needs a second look.
 */

// 40,000 characters of numbered lines on the agent's shell.
const SHELL_40K = "seq -f 'shell line %06g abcdefghijabcdefghij' 1 1400 | head -c 40000";
const probe = (tool: string, input: Record<string, unknown> = {}) => mcp('probe', tool, input);
// The variables headroom's CLI reads to tell whose shell it is in (src/cli/agent-shell.ts).
const SHELL_ENV = 'printf "CLAUDECODE=%s\\nCODEX_THREAD_ID=%s\\n" "$CLAUDECODE" "$CODEX_THREAD_ID"';
const PROBE_CALLS = [probe('probe_struct'), probe('probe_text'), probe('probe_meta'), probe('probe_blocks'), probe('probe_big', { chars: 30_000 }), probe('probe_big', { chars: 120_000 }), shell(SHELL_40K), probe('probe_whoami'), shell(SHELL_ENV)];
type ProbeName = 'struct' | 'text' | 'meta' | 'blocks' | 'big30k' | 'big120k' | 'shell40k' | 'whoami' | 'env';

// Runs once per client; every fact below reads the same conversation.
const runs = new Map<ClientName, Promise<Conversation>>();
function probeRun(client: ClientName): Promise<Conversation> {
  let run = runs.get(client);
  if (run === undefined) {
    run = converse(client, { script: sequence(PROBE_CALLS), mcpServers: () => ({ probe: { command: NODE, args: [PROBE_SERVER], env: {} } }) });
    runs.set(client, run);
  }
  return run;
}

async function probeResults(client: ClientName): Promise<Record<ProbeName, ReceivedResult>> {
  const run = await probeRun(client);
  expect(run.exited.code, describeRun(run)).toBe(0);
  expect(run.results, describeRun(run)).toHaveLength(PROBE_CALLS.length);
  const [struct, text, meta, blocks, big30k, big120k, shell40k, whoami, env] = run.results as ReceivedResult[] as [ReceivedResult, ReceivedResult, ReceivedResult, ReceivedResult, ReceivedResult, ReceivedResult, ReceivedResult, ReceivedResult, ReceivedResult];
  return { struct, text, meta, blocks, big30k, big120k, shell40k, whoami, env };
}

/** The shell's variables as the agent's shell printed them (after any wrapper lines). */
function shellEnv(result: ReceivedResult): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const match of result.text.matchAll(/^(CLAUDECODE|CODEX_THREAD_ID)=(.*)$/gm)) env[match[1] as string] = match[2];
  return env;
}

/** The clientInfo name the client sent our MCP server. */
function clientName(result: ReceivedResult): string {
  const json = result.body.join('').trim();
  return (JSON.parse(json) as { name: string }).name;
}

describe('claude', () => {
  it(`is Claude Code ${CLAUDE_VERSION}`, async () => {
    expect(await claudeVersion()).toBe(`${CLAUDE_VERSION} (Claude Code)`);
    const run = await probeRun('claude');
    expect(run.requests.every((request) => request.headers['user-agent']?.includes(`claude-cli/${CLAUDE_VERSION}`))).toBe(true);
  });

  it('gives the model only the JSON of structuredContent and drops the text blocks', async () => {
    const { struct } = await probeResults('claude');
    expect(struct.parts).toEqual([JSON.stringify({ marker: 'STRUCT-PART' })]);
  });

  it('gives the model the text blocks of a result without structuredContent, each as its own block', async () => {
    const { text, blocks } = await probeResults('claude');
    expect(text.parts).toEqual(['TEXT-ONLY-PART']);
    expect(blocks.parts).toEqual(['BLOCK-ONE', 'BLOCK-TWO']);
  });

  it('does not show the model a result\'s _meta', async () => {
    const { meta } = await probeResults('claude');
    expect(meta.parts).toEqual(['META-TEXT-PART']);
  });

  it('passes a 30,000-character result whole and replaces a 120,000-character one with a saved-file error', async () => {
    const { big30k, big120k } = await probeResults('claude');
    expect(big30k.text).toHaveLength(30_000);
    expect(big120k.text).toMatch(/exceeds maximum allowed tokens/);
    expect(big120k.text).not.toContain('probe line 000001');
  });
});

describe('claude limits', () => {
  it('introduces itself to MCP servers as claude-code, which headroom gives 20,000-token pages', async () => {
    const { whoami } = await probeResults('claude');
    expect(clientName(whoami)).toBe('claude-code');
    expect(limitsFor({ name: clientName(whoami), version: CLAUDE_VERSION }).pageTokens).toBe(20_000);
  });

  it('sets CLAUDECODE=1 in its shell, which headroom compress fits to the Bash limit', async () => {
    const { env } = await probeResults('claude');
    expect(shellEnv(env).CLAUDECODE).toBe('1');
    expect(agentShellLimits(shellEnv(env))?.ceiling).toEqual({ bytes: 28_000 });
  });
});

describe('claude shell', () => {
  it('shows the model a 2 KB preview and a file path for Bash output over 30,000 characters', async () => {
    const { shell40k } = await probeResults('claude');
    expect(shell40k.text).toMatch(/Output too large/);
    expect(shell40k.text).toContain('shell line 000001');
    expect(shell40k.text).not.toContain('shell line 000900');
    expect(shell40k.text.length).toBeLessThan(4_000);
  });
});

describe('codex', () => {
  it(`is Codex ${CODEX_VERSION}, offering MCP tools to ${CODEX_MODEL} as a namespace of function tools`, async () => {
    expect(await codexVersion()).toBe(`codex-cli ${CODEX_VERSION}`);
    const run = await probeRun('codex');
    expect(run.requests.every((request) => String(request.headers['user-agent']).startsWith(`codex_exec/${CODEX_VERSION}`))).toBe(true);
    const first = run.requests.find((request) => request.api === 'responses')?.body as { tools?: Array<{ type: string; name: string; tools?: Array<{ name: string }> }> };
    const namespace = first.tools?.find((tool) => tool.type === 'namespace' && tool.name === 'mcp__probe');
    expect(namespace?.tools?.map((tool) => tool.name).sort()).toEqual(['probe_big', 'probe_blocks', 'probe_meta', 'probe_struct', 'probe_text', 'probe_whoami']);
  });

  it('gives the model only the JSON of structuredContent and drops the text blocks', async () => {
    const { struct } = await probeResults('codex');
    expect(struct.body).toEqual([JSON.stringify({ marker: 'STRUCT-PART' })]);
    expect(struct.text).not.toContain('TEXT-PART');
  });

  it('gives the model the text blocks of a result without structuredContent, each as its own item after a wall-time line', async () => {
    const { text, blocks } = await probeResults('codex');
    expect(text.parts[0]).toMatch(/^Wall time: [\d.]+ seconds\nOutput:$/);
    expect(text.body).toEqual(['TEXT-ONLY-PART']);
    expect(blocks.body).toEqual(['BLOCK-ONE', 'BLOCK-TWO']);
  });

  it('does not show the model a result\'s _meta', async () => {
    const { meta } = await probeResults('codex');
    expect(meta.body).toEqual(['META-TEXT-PART']);
  });

  it('cuts a 30,000-character result to about 12,000 characters, keeping its head and tail', async () => {
    const { big30k, big120k } = await probeResults('codex');
    for (const big of [big30k, big120k]) {
      const text = big.body.join('');
      expect(text.length).toBeGreaterThan(10_000);
      expect(text.length).toBeLessThan(13_000);
      expect(text.startsWith('probe line 000001 ')).toBe(true);
    }
    expect(big30k.body.join('').endsWith('probe line 000435 abcdefghijabcdefghijabcdefghijabcdef')).toBe(true);
  });
});

describe('codex limits', () => {
  it('introduces itself to MCP servers as codex-mcp-client, which headroom gives pages of 10,000 bytes', async () => {
    const { whoami } = await probeResults('codex');
    expect(clientName(whoami)).toBe('codex-mcp-client');
    expect(limitsFor({ name: clientName(whoami), version: CODEX_VERSION }).pageBytes).toBe(10_000);
  });

  it('sets CODEX_THREAD_ID in its shell, which headroom compress fits to the shell limit', async () => {
    const { env } = await probeResults('codex');
    expect(shellEnv(env).CODEX_THREAD_ID).toMatch(/^[0-9a-f-]{36}$/);
    expect(agentShellLimits(shellEnv(env))?.ceiling).toEqual({ bytes: 9_500 });
  });
});

describe('codex shell', () => {
  it('cuts shell output of 40,000 characters to about 10,000, keeping its head and tail', async () => {
    const { shell40k } = await probeResults('codex');
    expect(shell40k.text).toContain('shell line 000001');
    expect(shell40k.text).not.toContain('shell line 000700');
    expect(shell40k.text.length).toBeGreaterThan(8_000);
    expect(shell40k.text.length).toBeLessThan(12_000);
  });
});

describe.each(CLIENT_NAMES)('%s run', (client) => {
  it('leaves nothing behind', async () => {
    const run = await probeRun(client);
    run.sandbox.remove();
  });
});
