import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentRun, McpServerSpec } from './agent.js';
import { CODEX_BIN, NODE, runPath } from './paths.js';
import { runBounded, type Exited } from './process.js';
import { createSandbox } from './sandbox.js';

export const CODEX_VERSION = '0.171.0';
// Any name works with the fake model. Codex knows no metadata for it and falls back to defaults
// (it warns); its own default model, gpt-6.2-sol, is sent no function tools list at all.
export const CODEX_MODEL = 'fake-model';

/** Environment for a Codex run: CODEX_HOME holds a config pointing at the fake model. */
export function codexEnv(run: Pick<AgentRun, 'sandbox' | 'path'>): Record<string, string> {
  return {
    PATH: runPath(run.path),
    HOME: run.sandbox.home,
    CODEX_HOME: run.sandbox.codexHome,
    FAKE_MODEL_KEY: 'sk-fake-model',
    TMPDIR: run.sandbox.root,
  };
}

/** The provider part of config.toml: the fake model speaking the Responses API. */
export function codexProviderToml(modelUrl: string): string {
  return [
    `model = ${toml(CODEX_MODEL)}`,
    'model_provider = "fake"',
    '',
    '[model_providers.fake]',
    'name = "fake model"',
    `base_url = ${toml(`${modelUrl}/v1`)}`,
    'wire_api = "responses"',
    'env_key = "FAKE_MODEL_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

function serverToml(name: string, spec: McpServerSpec): string {
  const env = Object.entries(spec.env).map(([key, value]) => `${key} = ${toml(value)}`);
  // Without `required`, codex exec sends the first request without waiting for a server that
  // takes a second to start (headroom does), and that turn has no headroom tools.
  return [`[mcp_servers.${name}]`, `command = ${toml(spec.command)}`, `args = [${spec.args.map(toml).join(', ')}]`, `env = { ${env.join(', ')} }`, 'required = true', ''].join('\n');
}

/** Runs `codex exec` once, with approvals and the sandbox off (the run is already in a throwaway dir). */
export async function runCodex(run: AgentRun): Promise<Exited> {
  const servers = Object.entries(run.mcpServers).map(([name, spec]) => serverToml(name, spec));
  writeFileSync(join(run.sandbox.codexHome, 'config.toml'), [codexProviderToml(run.modelUrl), ...servers, run.extraCodexToml ?? ''].join('\n'));
  return runBounded(NODE, [CODEX_BIN, 'exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--json', run.prompt], {
    cwd: run.sandbox.cwd,
    env: codexEnv(run),
    timeoutMs: run.timeoutMs,
  });
}

function toml(value: string): string {
  return JSON.stringify(value);
}

/** `codex --version`. */
export async function codexVersion(): Promise<string> {
  // A throwaway HOME: the CLI may create its config folder there.
  const sandbox = createSandbox('version');
  try {
    const exited = await runBounded(NODE, [CODEX_BIN, '--version'], { cwd: sandbox.cwd, env: { PATH: runPath([]), HOME: sandbox.home, CODEX_HOME: sandbox.codexHome }, timeoutMs: 30_000 });
    return exited.stdout.trim();
  } finally {
    sandbox.remove();
  }
}
