import { fileURLToPath } from 'node:url';
import type { ClientName, Scope } from './targets.js';

/** How a client starts the server. */
export interface ServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export const SERVER_NAME = 'headroom';

/** This package's bin (`dist/src/cli/main.js`), which user-scope entries run with this node. */
export function headroomBin(): string {
  return fileURLToPath(new URL('../cli/main.js', import.meta.url));
}

/**
 * The entry for one scope. User scope pins this node, this package's bin and one shared store,
 * so every client on this machine runs the same build against the same originals. Project scope
 * is committed and shared by a team, so it names no path of this machine: it starts `headroom`
 * from PATH. That was chosen over `npx headroom` because npx needs the package as a
 * devDependency of every project (or downloads it at each start), and works only in Node
 * projects; a global `npm install -g headroom-mcp` serves every project in any language.
 */
export function entryFor(scope: Scope, home: string): ServerEntry {
  if (scope === 'project') return { command: SERVER_NAME, args: ['mcp'], env: {} };
  return { command: process.execPath, args: [headroomBin(), 'mcp'], env: { HEADROOM_HOME: home } };
}

/**
 * The entry as the client's JSON config holds it. Claude Code writes `"type": "stdio"` itself
 * (`claude mcp add` does), so we write it too and an entry the CLI made compares equal.
 */
export function jsonEntry(client: ClientName, entry: ServerEntry): Record<string, unknown> {
  const env = Object.keys(entry.env).length === 0 ? {} : { env: entry.env };
  return client === 'claude' ? { type: 'stdio', command: entry.command, args: entry.args, ...env } : { command: entry.command, args: entry.args, ...env };
}

/** The parts of a configured entry that say what runs; anything else in it is the user's. */
export interface FoundEntry {
  command: string | undefined;
  args: string[];
  env: Record<string, string>;
  /** Claude Code's `type`; absent means stdio. */
  type?: string;
}

/** Reads the fields we own out of whatever a config holds under our name. */
export function foundEntry(value: unknown): FoundEntry | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []);
  const env = raw.env !== null && typeof raw.env === 'object' && !Array.isArray(raw.env) ? Object.fromEntries(Object.entries(raw.env as Record<string, unknown>).map(([key, item]) => [key, String(item)])) : {};
  return { command: typeof raw.command === 'string' ? raw.command : undefined, args: strings(raw.args), env, ...(typeof raw.type === 'string' ? { type: raw.type } : {}) };
}

/** Whether a configured entry already starts what `entry` would; key order and extra keys do not matter. */
export function sameEntry(found: FoundEntry | undefined, entry: ServerEntry): boolean {
  if (found === undefined || (found.type !== undefined && found.type !== 'stdio')) return false;
  const envOf = (env: Record<string, string>) => JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
  return found.command === entry.command && JSON.stringify(found.args) === JSON.stringify(entry.args) && envOf(found.env) === envOf(entry.env);
}
