import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parse, patch } from '@decimalturn/toml-patch';
import { shellQuote as quote } from '../run/shell-quote.js';
import { isObject, type JsonObject, parseConfigObject } from './json-config.js';
import type { ClientName, Scope } from './targets.js';
import { canonical, isTable, parseToml } from './toml-config.js';

/**
 * The hooks `headroom install` writes, merged into each client's hook file with everything
 * else in it left alone: Claude Code's settings.json (PostToolUse), Codex's hooks.json
 * (PreToolUse, plus its trust entry in config.toml), Cursor's hooks.json (preToolUse and
 * postToolUse). A hook is ours when its command runs `headroom hook AGENT`.
 */


// Seconds. Our hook gives up after 10 s by itself (src/cli/hook.ts), so these never fire first.
const CLAUDE_TIMEOUT_S = 30;
const CODEX_TIMEOUT_S = 15;
const CURSOR_TIMEOUT_S = 15;
export const CLAUDE_MATCHER = 'Bash|mcp__.*';
export const CODEX_MATCHER = '^Bash$';

const OUR_HOOK = /(?:^|[\s/'"])(?:headroom|main\.js)['"]?\s+hook\s+(?:claude|codex|cursor)\s*$/;

/** Whether a hook command is one of ours, whatever node or path it was installed with. */
export function isOurHook(command: unknown): boolean {
  return typeof command === 'string' && OUR_HOOK.test(command);
}

/**
 * The hook's command line. User scope pins this node, this bin and the store the MCP entry
 * uses (so a hook's footer is redeemed by the same server); project scope names no path of
 * this machine, so it can be committed.
 */
export function hookCommand(agent: ClientName, scope: Scope, home: string): string {
  if (scope === 'project') return `headroom hook ${agent}`;
  const bin = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  return `HEADROOM_HOME=${quote(home)} ${quote(process.execPath)} ${quote(bin)} hook ${agent}`;
}

const parseJson = (text: string | undefined, file: string): JsonObject => parseConfigObject(text, file, 'hooks');

function render(config: JsonObject, text: string | undefined, emptyIs: JsonObject): string | undefined {
  const hooks = config.hooks;
  if (isObject(hooks) && Object.keys(hooks).length === 0) delete config.hooks;
  // A file that holds nothing but what install put there goes when our hooks go.
  if (JSON.stringify(config) === JSON.stringify(emptyIs) && (text === undefined || !isObject(hooks) || Object.keys(hooks).length === 0)) return undefined;
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Where our handler sits in a grouped hook list, for Codex's trust key. */
export interface HookPosition {
  group: number;
  handler: number;
}

/**
 * Claude Code's and Codex's layout: `hooks.EVENT` is a list of `{matcher, hooks: [handler]}`
 * groups. Ours is taken out of every group (groups left empty go too) and, unless removing,
 * added as one group of its own at the end; a handler already exactly as wanted stays where it is.
 */
function withGroupedHook(text: string | undefined, file: string, event: string, wanted: JsonObject | undefined): { text: string | undefined; position?: HookPosition } {
  const config = parseJson(text, file);
  const hooks = isObject(config.hooks) ? { ...config.hooks } : {};
  const groups = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
  if (wanted !== undefined) {
    const [handler] = wanted.hooks as JsonObject[];
    const ours = groups.flatMap((group) => (isObject(group) && Array.isArray(group.hooks) ? group.hooks.filter((item) => isObject(item) && isOurHook(item.command)) : []));
    const at = groups.findIndex((group) => isObject(group) && group.matcher === wanted.matcher && Array.isArray(group.hooks) && group.hooks.length === 1 && JSON.stringify(group.hooks[0]) === JSON.stringify(handler));
    if (at >= 0 && ours.length === 1) return { text, position: { group: at, handler: 0 } };
  }
  const kept = groups.flatMap((group) => {
    if (!isObject(group) || !Array.isArray(group.hooks)) return [group];
    const left = group.hooks.filter((item) => !(isObject(item) && isOurHook(item.command)));
    if (left.length === group.hooks.length) return [group];
    return left.length === 0 ? [] : [{ ...group, hooks: left }];
  });
  if (wanted !== undefined) kept.push(wanted);
  if (kept.length === 0) delete hooks[event];
  else hooks[event] = kept;
  const next = { ...config, hooks };
  const result = wanted === undefined && kept.length === groups.length ? text : render(next, text, {});
  return { text: result, ...(wanted === undefined ? {} : { position: { group: kept.length - 1, handler: 0 } }) };
}

/**
 * Claude Code's settings.json with our hooks added or removed: PreToolUse for Bash (the
 * command runs through `headroom run`) and PostToolUse for Bash and MCP tools.
 */
export function withClaudeHook(text: string | undefined, command: string | undefined, file: string): string | undefined {
  const handler = (timeout: number) => [{ type: 'command', command, timeout }];
  const pre = withGroupedHook(text, file, 'PreToolUse', command === undefined ? undefined : { matcher: 'Bash', hooks: handler(CLAUDE_TIMEOUT_S) }).text;
  return withGroupedHook(pre, file, 'PostToolUse', command === undefined ? undefined : { matcher: CLAUDE_MATCHER, hooks: handler(CLAUDE_TIMEOUT_S) }).text;
}

/** Codex's hooks.json with our PreToolUse hook (its shell tool) added or removed, and where it sits. */
export function withCodexHook(text: string | undefined, command: string | undefined, file: string): { text: string | undefined; position?: HookPosition } {
  const wanted = command === undefined ? undefined : { matcher: CODEX_MATCHER, hooks: [{ type: 'command', command, timeout: CODEX_TIMEOUT_S }] };
  return withGroupedHook(text, file, 'PreToolUse', wanted);
}

/**
 * Cursor's hooks.json (`{"version": 1, "hooks": {EVENT: [{command, matcher, timeout}]}}`):
 * ours on preToolUse for its Shell tool and on postToolUse for MCP tools.
 */
export function withCursorHooks(text: string | undefined, command: string | undefined, file: string): string | undefined {
  const config = parseJson(text, file);
  const hooks = isObject(config.hooks) ? { ...config.hooks } : {};
  const wanted: Record<string, JsonObject> = { preToolUse: { command, matcher: 'Shell', timeout: CURSOR_TIMEOUT_S }, postToolUse: { command, matcher: 'MCP:.*', timeout: CURSOR_TIMEOUT_S } };
  let changed = false;
  for (const [event, entry] of Object.entries(wanted)) {
    const list = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    const others = list.filter((item) => !(isObject(item) && isOurHook(item.command)));
    const ours = list.filter((item) => isObject(item) && isOurHook(item.command));
    if (command !== undefined && ours.length === 1 && JSON.stringify(ours[0]) === JSON.stringify(entry)) continue;
    if (command === undefined && ours.length === 0) continue;
    changed = true;
    const next = command === undefined ? others : [...others, entry];
    if (next.length === 0) delete hooks[event];
    else hooks[event] = next;
  }
  if (!changed) return text;
  return render({ version: 1, ...config, hooks }, text, { version: 1 });
}

/**
 * The hash Codex 0.171.0 records when a user trusts a hook (`/hooks` in its TUI, or
 * `hooks/list` over its app server): sha256 of the handler's definition as key-sorted JSON.
 * Codex runs user hooks only once trusted, and silently skips them otherwise.
 */
export function codexTrustHash(command: string): string {
  const definition = { event_name: 'pre_tool_use', hooks: [{ async: false, command, timeout: CODEX_TIMEOUT_S, type: 'command' }], matcher: CODEX_MATCHER };
  return `sha256:${createHash('sha256').update(JSON.stringify(definition)).digest('hex')}`;
}

/** Codex's trust key for a hook: the file it is in, the event, and its place there. */
export function codexTrustKey(hooksFile: string, position: HookPosition): string {
  return `${hooksFile}:pre_tool_use:${position.group}:${position.handler}`;
}

/**
 * Codex's config.toml with the trust entries for our hook file replaced by `trusted` (key ->
 * hash), or removed when it is undefined; every other table, and the comments, kept.
 */
export function withCodexTrust(text: string | undefined, hooksFile: string, trusted: { key: string; hash: string } | undefined, file: string): string | undefined {
  const source = text ?? '';
  const config = parseToml(source, file);
  const hooks = isTable(config.hooks) ? config.hooks : {};
  const state = isTable(hooks.state) ? hooks.state : {};
  const prefix = `${hooksFile}:pre_tool_use:`;
  const others = Object.fromEntries(Object.entries(state).filter(([key]) => !key.startsWith(prefix)));
  const current = Object.fromEntries(Object.entries(state).filter(([key]) => key.startsWith(prefix)));
  const existing = current[trusted?.key ?? ''];
  const wanted = trusted === undefined ? {} : { [trusted.key]: { ...(isTable(existing) ? existing : {}), trusted_hash: trusted.hash } };
  if (JSON.stringify(current) === JSON.stringify(wanted)) return text;
  const nextState = { ...others, ...wanted };
  const { state: _state, ...otherHooks } = hooks;
  const nextHooks = Object.keys(nextState).length === 0 ? otherHooks : { ...otherHooks, state: nextState };
  const { hooks: _hooks, ...rest } = config;
  const next = Object.keys(nextHooks).length === 0 ? rest : { ...rest, hooks: nextHooks };
  // A new entry goes at the end as its own table, as Codex writes it; anything else is patched.
  const appended = () => `${source === '' || source.endsWith('\n') ? source : `${source}\n`}${source === '' ? '' : '\n'}[hooks.state.${JSON.stringify(trusted?.key)}]\ntrusted_hash = ${JSON.stringify(trusted?.hash)}\n`;
  const patched = () => patch(source, next, { bracketSpacing: false });
  const meant = canonical(next);
  for (const candidate of Object.keys(current).length === 0 && trusted !== undefined ? [appended, patched] : [patched]) {
    try {
      const result = candidate();
      if (canonical(parse(result)) !== meant) continue;
      return result.trim() === '' ? undefined : result;
    } catch {
      // The next way, or the error below.
    }
  }
  throw new Error(`Cannot edit ${file} safely (an unusual layout of [hooks.state]); edit it by hand (nothing was changed).`);
}
