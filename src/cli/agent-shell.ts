import type { Ceiling } from '../ceiling.js';

/** What the agent whose shell runs the CLI lets through, when the CLI can tell which one it is. */
export interface ShellLimits {
  ceiling: Ceiling;
  /** Largest default view, in o200k tokens. */
  viewTokens?: number;
}

/**
 * Read off the environment each agent gives its shell commands (recorded by test/clients):
 * Claude Code 2.1.332 sets CLAUDECODE=1 and cuts Bash output over 30,000 characters to a
 * 2 KB preview; Codex 0.171.0 sets CODEX_THREAD_ID and keeps about 10,000 characters of
 * shell output, head and tail. Bytes bound characters from above, so they are the safe unit.
 */
export function agentShellLimits(env: NodeJS.ProcessEnv): ShellLimits | undefined {
  if (env.CLAUDECODE === '1') return { ceiling: { bytes: 28_000 } };
  if ((env.CODEX_THREAD_ID ?? '') !== '') return { ceiling: { bytes: 9_500 }, viewTokens: 2_000 };
  return undefined;
}
