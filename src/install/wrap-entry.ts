import { basename } from 'node:path';
import { headroomBin, SERVER_NAME } from './entry.js';
import type { ClientName } from './targets.js';

/** A server entry as its config holds it: JSON for Claude Code and Cursor, a TOML table for Codex. */
export type Entry = Record<string, unknown>;

/** The start of a wrapped entry: what runs `headroom wrap`, before the wrapped server's part. */
export interface Wrapper {
  command: string;
  /** Up to and including `wrap`. */
  args: string[];
  /** Added to the entry's env (kept values win); empty when the wrapper finds the store unaided. */
  env: Record<string, string>;
}

/**
 * The wrapper for one config file. A file that is committed (a project's `.mcp.json` or
 * `.cursor/mcp.json`) names no path of this machine: `headroom wrap` from PATH, as the project
 * entry of `headroom install` does. Elsewhere it pins this node and this bin, and names the
 * store when it is not the default one, so the wrapper keeps originals where our server reads
 * them: Codex starts servers with a bare environment, so a HEADROOM_HOME set in the shell
 * would not reach it.
 */
export function wrapperFor(portable: boolean, home: string, defaultHome: string): Wrapper {
  if (portable) return { command: SERVER_NAME, args: ['wrap'], env: {} };
  return { command: process.execPath, args: [headroomBin(), 'wrap'], env: home === defaultHome ? {} : { HEADROOM_HOME: home } };
}

const isEntry = (value: unknown): value is Entry => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The arguments given to headroom itself when an entry runs it (`headroom ARGS`, `node
 * …/dist/src/cli/main.js ARGS`, `npx headroom-mcp ARGS`), or undefined when it runs something else.
 */
export function headroomArgs(entry: Entry): string[] | undefined {
  const { command, args = [] } = entry;
  if (typeof command !== 'string' || !strings(args)) return undefined;
  const program = basename(command).replace(/\.(cmd|exe)$/i, '');
  const ourBin = (path: string | undefined) => path !== undefined && (path === headroomBin() || /[\\/]headroom[^\\/]*[\\/]dist[\\/]src[\\/]cli[\\/]main\.js$/.test(path));
  if (program === SERVER_NAME || ourBin(command)) return args;
  if (ourBin(args[0])) return args.slice(1);
  const pkg = program === 'npx' ? args.findIndex((arg) => /^headroom-mcp(@.*)?$/.test(arg)) : -1;
  return pkg === -1 ? undefined : args.slice(pkg + 1);
}

/** How each client's config spells a URL server. */
interface UrlShape {
  /** Claude Code's `type` (http or sse); Cursor may carry one too. */
  type: string | undefined;
  headers: string;
  /** Keys that say nothing about the transport, which stay as they are. */
  general: readonly string[];
}

const URL_SHAPES: Record<ClientName, UrlShape> = {
  claude: { type: 'type', headers: 'headers', general: [] },
  cursor: { type: 'type', headers: 'headers', general: [] },
  codex: { type: undefined, headers: 'http_headers', general: ['enabled', 'required', 'startup_timeout_sec', 'startup_timeout_ms', 'tool_timeout_sec', 'enabled_tools', 'disabled_tools'] },
};

export type Verdict =
  | { kind: 'ours' }
  | { kind: 'wrapped' }
  | { kind: 'skip'; reason: string }
  | { kind: 'wrap'; next: Entry; url: boolean };

/** An entry's keys with some replaced in place; `put(key)` gives what goes where `key` was (nothing drops it). */
function rebuilt(entry: Entry, put: (key: string) => Entry | undefined): Entry {
  return Object.fromEntries(Object.keys(entry).flatMap((key) => Object.entries(put(key) ?? {})));
}

/** The wrapper's env merged into an entry's: its own values kept, ours added after them. */
function withEnv(env: unknown, wrapper: Wrapper): Entry {
  const own = isEntry(env) ? env : {};
  return { ...own, ...Object.fromEntries(Object.entries(wrapper.env).filter(([key]) => !(key in own))) };
}

/**
 * What to do with one configured server: leave it (ours, already wrapped, or something the
 * wrapper cannot carry, with the reason), or the entry that runs it through `headroom wrap`,
 * every key it has kept in its place. A stdio server's command and args move behind
 * `wrap --`; a URL server becomes a stdio entry that runs `wrap --url URL --header 'K: V'`.
 */
export function wrapVerdict(client: ClientName, name: string, entry: unknown, wrapper: Wrapper): Verdict {
  if (name === SERVER_NAME) return { kind: 'ours' };
  if (!isEntry(entry)) return { kind: 'skip', reason: 'its entry is not a table of settings' };
  const own = headroomArgs(entry);
  if (own?.[0] === 'wrap') return { kind: 'wrapped' };
  if (own?.[0] === 'mcp') return { kind: 'ours' };
  const needsEnv = Object.keys(wrapper.env).length > 0;
  if (typeof entry.command === 'string') {
    const { command, args = [] } = entry;
    if (!strings(args)) return { kind: 'skip', reason: '"args" is not a list of strings' };
    if (entry.env !== undefined && !isEntry(entry.env)) return { kind: 'skip', reason: '"env" is not a table' };
    const wrapped = [...wrapper.args, '--', command, ...args];
    // A key the entry lacks goes after the one it belongs with: args after command, env after args.
    const newEnv = needsEnv && !('env' in entry) ? { env: withEnv(undefined, wrapper) } : {};
    const next = rebuilt(entry, (key) => {
      if (key === 'command') return { command: wrapper.command, ...('args' in entry ? {} : { args: wrapped, ...newEnv }) };
      if (key === 'args') return { args: wrapped, ...newEnv };
      if (key === 'env') return { env: needsEnv ? withEnv(entry.env, wrapper) : entry.env };
      return { [key]: entry[key] };
    });
    return { kind: 'wrap', next, url: false };
  }
  if (typeof entry.url !== 'string') return { kind: 'skip', reason: 'it has neither a command nor a url' };
  const shape = URL_SHAPES[client];
  const known = ['url', shape.headers, ...(shape.type === undefined ? [] : [shape.type]), ...shape.general];
  const unknown = Object.keys(entry).find((key) => !known.includes(key));
  if (unknown !== undefined) return { kind: 'skip', reason: `it uses "${unknown}", which headroom wrap cannot pass on` };
  const type = shape.type === undefined ? undefined : entry[shape.type];
  if (type !== undefined && type !== 'http' && type !== 'sse' && type !== 'streamable-http' && type !== 'streamableHttp') return { kind: 'skip', reason: `its type "${String(type)}" is not one headroom wrap speaks` };
  const headers = entry[shape.headers] ?? {};
  if (!isEntry(headers) || !Object.values(headers).every((value) => typeof value === 'string')) return { kind: 'skip', reason: `"${shape.headers}" is not a table of strings` };
  // The client expands variables in its config; in the wrapper's arguments they might not be.
  if ([entry.url, ...Object.values(headers)].some((value) => /\$\{|\$env:/.test(value as string))) return { kind: 'skip', reason: 'its url or a header takes a variable (${...}), which would reach the server unexpanded' };
  const args = [...wrapper.args, '--url', entry.url, ...Object.entries(headers).flatMap(([key, value]) => ['--header', `${key}: ${value as string}`]), ...(type === 'sse' ? ['--sse'] : [])];
  const next = rebuilt(entry, (key) => {
    if (key === shape.type) return { [key]: 'stdio' };
    if (key === 'url') return { command: wrapper.command, args, ...(needsEnv ? { env: withEnv(undefined, wrapper) } : {}) };
    if (key === shape.headers) return undefined;
    return { [key]: entry[key] };
  });
  return { kind: 'wrap', next, url: true };
}

/**
 * A wrapped entry put back from its own arguments, for when no record of the original is
 * left: `wrap -- CMD ARGS` gives the command and args back, `wrap --url URL --header …` the
 * URL entry. Only the env the wrapper added (the same HEADROOM_HOME) is taken out of env.
 * Key order is kept; whether the original had an empty `args` or `headers` cannot be known,
 * so args are always written and headers only when there are some. Undefined when the
 * arguments are not ones `install --wrap` writes.
 */
export function unwrappedFromArgs(client: ClientName, entry: Entry, wrapper: Wrapper): Entry | undefined {
  const own = headroomArgs(entry);
  if (own?.[0] !== 'wrap') return undefined;
  const rest = own.slice(1);
  const env = isEntry(entry.env) ? Object.fromEntries(Object.entries(entry.env).filter(([key, value]) => wrapper.env[key] !== value)) : entry.env;
  const keepEnv = (): Entry => (env === undefined || (isEntry(env) && Object.keys(env).length === 0 && Object.keys(wrapper.env).length > 0) ? {} : { env });
  const dash = rest.indexOf('--');
  if (dash !== -1) {
    const [command, ...args] = rest.slice(dash + 1);
    if (command === undefined) return undefined;
    return rebuilt(entry, (key) => (key === 'command' ? { command } : key === 'args' ? { args } : key === 'env' ? keepEnv() : { [key]: entry[key] }));
  }
  const shape = URL_SHAPES[client];
  let url: string | undefined;
  let sse = false;
  const headers: Record<string, string> = {};
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] as string;
    const value = rest[index + 1];
    if (arg === '--sse') sse = true;
    else if (arg === '--url' && value !== undefined) url = rest[++index];
    else if (arg === '--header' && value !== undefined && value.includes(':')) {
      index++;
      headers[value.slice(0, value.indexOf(':')).trim()] = value.slice(value.indexOf(':') + 1).trim();
    } else return undefined;
  }
  if (url === undefined) return undefined;
  const typed = shape.type !== undefined && (client === 'claude' || sse);
  return rebuilt(entry, (key) => {
    if (key === shape.type) return typed ? { [key]: sse ? 'sse' : 'http' } : undefined;
    if (key === 'command') return { ...(typed && !(shape.type as string in entry) ? { [shape.type as string]: sse ? 'sse' : 'http' } : {}), url, ...(Object.keys(headers).length > 0 ? { [shape.headers]: headers } : {}) };
    if (key === 'args' || key === 'env') return undefined;
    return { [key]: entry[key] };
  });
}
