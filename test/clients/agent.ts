import type { Sandbox } from './sandbox.js';

/** How an MCP server is started, as both clients' configs spell it. */
export interface McpServerSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface AgentRun {
  /** The fake model's base URL, `http://127.0.0.1:PORT`. */
  modelUrl: string;
  prompt: string;
  sandbox: Sandbox;
  mcpServers: Record<string, McpServerSpec>;
  /** Directories put first on the CLI's PATH (shims such as `headroom`). */
  path: readonly string[];
  timeoutMs: number;
  /** Codex only: TOML appended to the config.toml the run writes (hook trust entries). */
  extraCodexToml?: string;
}

export const CLIENT_NAMES = ['claude', 'codex'] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];
