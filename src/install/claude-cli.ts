import { spawnSync } from 'node:child_process';
import { SERVER_NAME } from './entry.js';
import type { Scope } from './targets.js';

/** One external command, and the one that takes it back. */
export interface CliCall {
  argv: string[];
  /** Run in reverse order to roll back when a later step fails; undefined when nothing needs undoing. */
  undo: string[] | undefined;
}

export interface CliResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; `timeoutMs` because `claude mcp get` starts the server to check it. */
export function runCli(argv: readonly string[], cwd: string, timeoutMs = 60_000): CliResult {
  const result = spawnSync(argv[0] as string, argv.slice(1), { cwd, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = result.error === undefined ? result.stderr : `${result.error.message}${result.stderr ? `\n${result.stderr}` : ''}`;
  return { ok: result.status === 0 && result.error === undefined, stdout: result.stdout ?? '', stderr: (stderr ?? '').trim() };
}

/**
 * The `claude mcp` calls that take our entry from `current` to `wanted` (either undefined for
 * none). `add-json` is used, not `add`: `add -e` is variadic and swallows the server name that
 * follows it, and JSON carries every field (`type`, `env`, any the user added) unchanged. Both
 * `add` and `add-json` refuse a name that exists, so a changed entry is removed first; the undo
 * of that removal puts back the old entry exactly, so a failing add loses nothing.
 */
export function claudeCalls(claude: string, scope: Scope, current: Record<string, unknown> | undefined, wanted: Record<string, unknown> | undefined): CliCall[] {
  const remove = [claude, 'mcp', 'remove', '--scope', scope, SERVER_NAME];
  const add = (entry: Record<string, unknown>) => [claude, 'mcp', 'add-json', '--scope', scope, SERVER_NAME, JSON.stringify(entry)];
  const calls: CliCall[] = [];
  if (current !== undefined) calls.push({ argv: remove, undo: add(current) });
  if (wanted !== undefined) calls.push({ argv: add(wanted), undo: remove });
  return calls;
}

/** A command as the user would type it, for messages and --dry-run. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

export const HEALTH = ['connected', 'failed', 'pending', 'disabled', 'unknown'] as const;
export type Health = (typeof HEALTH)[number];

/** What `claude mcp get headroom` says; undefined when it knows no such server. */
export interface ClaudeStatus {
  health: Health;
  /** The `Status:` line, and the `Issue:` line when it failed. */
  status: string;
  scope: string;
}

/**
 * Asks Claude Code itself. `claude mcp get` exits 0 for a server that fails to start (the state
 * is only in its `Status:` line) and 1 for one it does not know, so both are read.
 */
export function claudeStatus(claude: string, cwd: string, run: (argv: readonly string[], cwd: string) => CliResult = runCli): ClaudeStatus | undefined | { error: string } {
  const result = run([claude, 'mcp', 'get', SERVER_NAME], cwd);
  if (!result.ok) return /No MCP server named/.test(result.stderr) ? undefined : { error: result.stderr.split('\n')[0] ?? 'claude mcp get failed' };
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.*)$`, 'm').exec(result.stdout)?.[1]?.trim();
  const status = field('Status') ?? '';
  const issue = field('Issue');
  const health: Health = /connected/i.test(status) && !/failed/i.test(status) ? 'connected' : /failed/i.test(status) ? 'failed' : /pending/i.test(status) ? 'pending' : /disabled/i.test(status) ? 'disabled' : 'unknown';
  return { health, status: issue === undefined ? status : `${status}: ${issue}`, scope: field('Scope') ?? '' };
}
