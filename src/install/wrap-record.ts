import { isObject } from './json-config.js';
import { CLIENTS, type ClientName } from './targets.js';

/** The file in HEADROOM_HOME that keeps what `install --wrap` replaced. */
export const RECORD_FILE = 'wrapped-servers.json';

/** One wrapped server: where it is, and its text before and after wrapping. */
export interface WrapRecord {
  client: ClientName;
  file: string;
  /** Keys from the top of the file down to the entry: `mcpServers.NAME`, `projects.DIR.mcpServers.NAME`, `mcp_servers.NAME`. */
  path: string[];
  /**
   * The text wrapping replaced and the text it wrote in its place: in JSON the entry's value,
   * in TOML the whole lines that changed. Putting `original` back where `wrapped` still stands
   * gives the file its old bytes.
   */
  original: string;
  wrapped: string;
  /** The original entry's data, which a restore is checked against. */
  value: unknown;
}

export const sameServer = (a: Pick<WrapRecord, 'client' | 'file' | 'path'>, b: Pick<WrapRecord, 'client' | 'file' | 'path'>): boolean =>
  a.client === b.client && a.file === b.file && JSON.stringify(a.path) === JSON.stringify(b.path);

function isRecord(value: unknown): value is WrapRecord {
  if (!isObject(value)) return false;
  const { client, file, path, original, wrapped } = value;
  return (CLIENTS as readonly unknown[]).includes(client) && typeof file === 'string' && Array.isArray(path) && path.every((key) => typeof key === 'string') && typeof original === 'string' && typeof wrapped === 'string';
}

/** The records in the file's text (none yet: none); throws, naming the file, on one that is not ours. */
export function parseRecords(text: string | undefined, file: string): WrapRecord[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const servers = isObject(parsed) ? parsed.servers : undefined;
  if (!Array.isArray(servers) || !servers.every(isRecord)) throw new Error(`${file} is not a record of wrapped servers headroom can read; move it aside and run again (nothing was changed). Without it, stdio servers are still unwrapped from their arguments.`);
  return servers;
}

/** The file's text for these records; undefined when none is left, and the file should go. */
export function recordsText(records: readonly WrapRecord[]): string | undefined {
  if (records.length === 0) return undefined;
  const about = 'The server entries "headroom install --wrap" replaced, as they were; "headroom install --unwrap" puts them back.';
  return `${JSON.stringify({ about, servers: records }, null, 2)}\n`;
}
