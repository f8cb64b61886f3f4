import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentRun } from './agent.js';
import { CLAUDE_BIN, runPath } from './paths.js';
import { runBounded, type Exited } from './process.js';
import { createSandbox } from './sandbox.js';

export const CLAUDE_VERSION = '2.1.332';

/** Environment for a Claude Code run: the fake model, a throwaway HOME, no traffic but the model's. */
export function claudeEnv(run: Pick<AgentRun, 'modelUrl' | 'sandbox' | 'path'>): Record<string, string> {
  return {
    PATH: runPath(run.path),
    HOME: run.sandbox.home,
    ANTHROPIC_BASE_URL: run.modelUrl,
    ANTHROPIC_API_KEY: 'sk-fake-model',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    TMPDIR: run.sandbox.root,
  };
}

/** Runs `claude -p` once. Root may not skip permissions, so the tools it may use are allowed by name. */
export async function runClaude(run: AgentRun): Promise<Exited> {
  const config = join(run.sandbox.root, 'mcp.json');
  writeFileSync(config, JSON.stringify({ mcpServers: Object.fromEntries(Object.entries(run.mcpServers).map(([name, spec]) => [name, { type: 'stdio', ...spec }])) }));
  const allowed = ['Bash', 'ToolSearch', ...Object.keys(run.mcpServers).map((name) => `mcp__${name}__*`)];
  return runBounded(
    CLAUDE_BIN,
    ['-p', run.prompt, '--output-format', 'json', '--mcp-config', config, '--strict-mcp-config', '--allowedTools', ...allowed],
    { cwd: run.sandbox.cwd, env: claudeEnv(run), timeoutMs: run.timeoutMs },
  );
}

/** `claude --version`, run the same way as the suite runs it. */
export async function claudeVersion(): Promise<string> {
  // A throwaway HOME: the CLI may create its config folder there.
  const sandbox = createSandbox('version');
  try {
    const exited = await runBounded(CLAUDE_BIN, ['--version'], { cwd: sandbox.cwd, env: { PATH: runPath([]), HOME: sandbox.home, CODEX_HOME: sandbox.codexHome }, timeoutMs: 30_000 });
    return exited.stdout.trim();
  } finally {
    sandbox.remove();
  }
}
