import { type FoundEntry, foundEntry, SERVER_NAME } from './entry.js';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON with object keys sorted, so an entry written in another key order still compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** A client's JSON config file as an object (none yet: empty), whose `key` if present is an object too. */
export function parseConfigObject(text: string | undefined, file: string, key: string): JsonObject {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; fix it or move it aside, then run again (nothing was changed).`);
  }
  if (!isObject(parsed)) throw new Error(`${file} does not hold a JSON object; fix it or move it aside, then run again (nothing was changed).`);
  if (parsed[key] !== undefined && !isObject(parsed[key])) throw new Error(`${file}: "${key}" is not an object; fix it first (nothing was changed).`);
  return parsed;
}

const parse = (text: string | undefined, file: string): JsonObject => parseConfigObject(text, file, 'mcpServers');

/** Our entry in a Claude Code / Cursor JSON config exactly as stored, or undefined; throws on a file that is not JSON. */
export function rawJsonServer(text: string | undefined, file: string): JsonObject | undefined {
  const entry = (parse(text, file).mcpServers as JsonObject | undefined)?.[SERVER_NAME];
  return isObject(entry) ? entry : undefined;
}

/** The fields of our entry that say what runs, or undefined when there is none. */
export function readJsonServer(text: string | undefined, file: string): FoundEntry | undefined {
  return foundEntry(rawJsonServer(text, file));
}

/**
 * Claude Code's and Cursor's JSON configs: `entry` under `mcpServers.headroom`, every other key
 * and server left as it was, keys the user added to our entry kept. Returns the new text, the
 * same text when nothing changes (so running twice changes nothing), or undefined when removing
 * our entry leaves nothing else in the file, which then should not exist.
 */
export function withJsonServer(text: string | undefined, entry: JsonObject | undefined, file: string): string | undefined {
  const config = parse(text, file);
  const servers = (config.mcpServers ?? {}) as JsonObject;
  const current = servers[SERVER_NAME];
  if (entry === undefined) {
    if (current === undefined) return text;
    const { [SERVER_NAME]: _removed, ...rest } = servers;
    const left = { ...config, mcpServers: rest };
    // `{"mcpServers": {}}` is what install created, emptied again: the file goes with it.
    if (Object.keys(rest).length === 0 && Object.keys(config).length === 1) return undefined;
    return `${JSON.stringify(left, null, 2)}\n`;
  }
  const { type: _type, command: _command, args: _args, env: _env, ...extra } = isObject(current) ? current : {};
  const next = { ...entry, ...extra };
  if (text !== undefined && canonical(current) === canonical(next)) return text;
  return `${JSON.stringify({ ...config, mcpServers: { ...servers, [SERVER_NAME]: next } }, null, 2)}\n`;
}
