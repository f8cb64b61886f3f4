import type { AgentRun, ClientName, McpServerSpec } from './agent.js';
import { runClaude } from './claude.js';
import { runCodex } from './codex.js';
import { startFakeModel, type LoggedRequest, type ModelAction, type ReceivedResult, type Turn } from './fake-model.js';
import { HEADROOM_CLI, NODE } from './paths.js';
import type { Exited } from './process.js';
import { createSandbox, type Sandbox } from './sandbox.js';

/** What one scripted conversation left behind. */
export interface Conversation {
  exited: Exited;
  /** Every request the CLI sent the fake model. */
  requests: LoggedRequest[];
  /** The results of the script's calls, as the model last received them. */
  results: ReceivedResult[];
  sandbox: Sandbox;
}

/** A script that may use the run's sandbox (its paths are known only once it exists). */
export type SandboxScript = (turn: Turn, sandbox: Sandbox) => ModelAction;

export interface ConverseOptions {
  script: SandboxScript;
  /** The user prompt; the fake model ignores it, the CLI needs one. */
  prompt?: string;
  mcpServers?: (sandbox: Sandbox) => Record<string, McpServerSpec>;
  path?: (sandbox: Sandbox) => string[];
  /** Runs before the CLI starts: write fixtures into the sandbox. */
  prepare?: (sandbox: Sandbox) => void;
  /** Codex only: TOML added to its config.toml, once the sandbox is prepared. */
  extraCodexToml?: (sandbox: Sandbox) => string;
  timeoutMs?: number;
}

// A scripted run takes 2-10 s; the deadline only catches a hung CLI.
const RUN_TIMEOUT_MS = 90_000;

/** The headroom MCP server as a user configures it: the built CLI, a private store. */
export function headroomServer(sandbox: Sandbox): McpServerSpec {
  return { command: NODE, args: [HEADROOM_CLI, 'mcp'], env: { HEADROOM_HOME: sandbox.headroomHome } };
}

/** Runs one real CLI against a fresh fake model that follows `script`; the sandbox is the caller's to remove. */
export async function converse(client: ClientName, options: ConverseOptions): Promise<Conversation> {
  const sandbox = createSandbox(client);
  options.prepare?.(sandbox);
  const model = await startFakeModel((turn) => options.script(turn, sandbox));
  try {
    const run: AgentRun = {
      modelUrl: model.url,
      prompt: options.prompt ?? 'Follow the tool results.',
      sandbox,
      mcpServers: (options.mcpServers ?? ((box) => ({ headroom: headroomServer(box) })))(sandbox),
      path: options.path?.(sandbox) ?? [],
      timeoutMs: options.timeoutMs ?? RUN_TIMEOUT_MS,
      ...(options.extraCodexToml === undefined ? {} : { extraCodexToml: options.extraCodexToml(sandbox) }),
    };
    const exited = client === 'claude' ? await runClaude(run) : await runCodex(run);
    return { exited, requests: model.requests, results: model.lastTurn()?.results ?? [], sandbox };
  } finally {
    await model.close();
  }
}

/** A readable account of a run, for assertion messages. */
export function describeRun(conversation: Conversation): string {
  const { exited } = conversation;
  return [
    `exit ${exited.code ?? exited.signal}${exited.timedOut ? ' (timed out)' : ''}`,
    `stdout: ${exited.stdout.slice(-2000)}`,
    `stderr: ${exited.stderr.slice(-2000)}`,
    `requests: ${conversation.requests.map((request) => request.path).join(', ')}`,
  ].join('\n');
}
