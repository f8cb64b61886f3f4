import type { Headroom } from '../headroom.js';
import { claudePostToolUse, claudePreToolUse } from '../hooks/claude.js';
import { codexPreToolUse } from '../hooks/codex.js';
import { cursorHook } from '../hooks/cursor.js';
import type { Viewer } from '../hooks/viewer.js';
import { readStream } from '../read-input.js';
import { DEFAULT_MIN_TOKENS, surelySmall } from '../shell-threshold.js';

/** The agents `headroom hook` answers for. */
export const HOOK_AGENTS = ['claude', 'codex', 'cursor'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];

// A hook runs on every tool call; past this the agent gets its original result back. The
// agents' own hook timeouts (set by install) are longer, so ours always fires first.
const HOOK_BUDGET_MS = 10_000;
// Hook events carry the tool's output; one this big is not ours to hold.
const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * How a rewritten shell command calls us back: this node and this bin, whatever PATH holds,
 * on the store this hook was given (the agent's shell does not have our HEADROOM_HOME).
 */
function selfCommand(): readonly string[] {
  const home = process.env.HEADROOM_HOME;
  return [...(home === undefined || home === '' ? [] : ['env', `HEADROOM_HOME=${home}`]), process.execPath, process.argv[1] ?? 'headroom'];
}

async function answer(agent: HookAgent, event: unknown): Promise<object | undefined> {
  let headroom: Headroom | undefined;
  const view: Viewer = async (output, options) => {
    if (surelySmall(output, options.minTokens ?? DEFAULT_MIN_TOKENS, options.ceiling)) return undefined;
    const [{ createHeadroom }, { resolveConfig }, { shellView }] = await Promise.all([import('../headroom.js'), import('../config.js'), import('../shell-view.js')]);
    headroom ??= await createHeadroom({ config: resolveConfig(process.env, {}) });
    return shellView(headroom, output, options);
  };
  try {
    switch (agent) {
      case 'claude':
        return claudePreToolUse(event, selfCommand()) ?? (await claudePostToolUse(event, view));
      case 'codex':
        return codexPreToolUse(event, selfCommand());
      case 'cursor':
        return await cursorHook(event, view, selfCommand());
    }
  } finally {
    await headroom?.close();
  }
}

/**
 * `headroom hook AGENT`: one hook event on stdin, the agent's answer (or nothing) on stdout.
 * Fails open by construction: any error, unknown input or a slow answer prints nothing and
 * exits 0, which every agent reads as "go on with the original".
 */
export async function runHook(args: readonly string[]): Promise<number> {
  const agent = args[0];
  if (args.length !== 1 || !(HOOK_AGENTS as readonly string[]).includes(agent ?? '')) {
    process.stderr.write(`headroom: hook takes one agent: ${HOOK_AGENTS.join(', ')} (see headroom help hook)\n`);
    return 2;
  }
  // Claude Code and Codex read no output as "go on"; Cursor blocks a tool whose pre-tool hook
  // printed no JSON, so it gets an empty answer.
  const unchanged = agent === 'cursor' ? '{}\n' : '';
  const timer = setTimeout(() => {
    process.stdout.write(unchanged, () => process.exit(0));
  }, HOOK_BUDGET_MS);
  timer.unref();
  let reply: object | undefined;
  try {
    // A UTF-8 byte order mark (Cursor on Windows) is not part of the JSON.
    const raw = (await readStream(process.stdin, MAX_EVENT_BYTES, 'standard input')).replace(/^\uFEFF/, '');
    reply = await answer(agent as HookAgent, JSON.parse(raw));
  } catch (error) {
    if (process.env.HEADROOM_DEBUG) process.stderr.write(`headroom hook: ${(error as Error).message}\n`);
  } finally {
    clearTimeout(timer);
  }
  process.stdout.write(reply === undefined ? unchanged : `${JSON.stringify(reply)}\n`);
  return 0;
}
