import { parse, patch, stringify, TomlDocument } from '@decimalturn/toml-patch';
import { type FoundEntry, foundEntry, SERVER_NAME, type ServerEntry } from './entry.js';

export type TomlTable = Record<string, unknown>;

export const isTable = (value: unknown): value is TomlTable => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

/** A config.toml's data; throws, saying how to fix it, on a file Codex could not read either. */
export function parseToml(text: string, file: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    // Codex refuses such a file too (every `codex` command fails), so say so.
    const reason = (error as Error).message.split('\n').filter((line) => line.trim() !== '').at(-1) ?? 'syntax error';
    throw new Error(`${file} is not valid TOML (${reason}), so Codex cannot read it either; fix it by hand (or move it aside), then run again (nothing was changed).`);
  }
}

/** Key order and TOML layout (inline table or sub-table) do not matter, only the data. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isTable(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

/** A table's keys, and those of the tables in it: what tells an edit in place from one that adds or drops a key. */
const keyTree = (table: TomlTable): TomlTable => Object.fromEntries(Object.entries(table).map(([key, value]) => [key, isTable(value) ? keyTree(value) : true]));

/** An `[mcp_servers]` with nothing in it means the same to Codex as none. */
function sameData(a: TomlTable, b: TomlTable): boolean {
  const drop = ({ mcp_servers: servers, ...rest }: TomlTable) => (servers === undefined || (isTable(servers) && Object.keys(servers).length === 0) ? rest : { ...rest, mcp_servers: servers });
  return canonical(drop(a)) === canonical(drop(b));
}

/** Our entry in Codex's `config.toml`, or undefined; throws on a file Codex could not read. */
export function readCodexServer(text: string | undefined, file: string): FoundEntry | undefined {
  if (text === undefined) return undefined;
  const servers = parseToml(text, file).mcp_servers;
  return isTable(servers) ? foundEntry(servers[SERVER_NAME]) : undefined;
}

/** A server's table the way `codex mcp add` writes it: `[mcp_servers.NAME]`, then `[mcp_servers.NAME.env]`. */
function codexBlock(name: string, entry: TomlTable): string {
  const text = stringify({ mcp_servers: { [name]: entry } }, { inlineTableStart: 3, bracketSpacing: false });
  // The heading as the library writes it (quoted when the name needs it).
  const heading = /^\[mcp_servers\..*\]$/m.exec(text);
  return heading === null ? text : text.slice(heading.index);
}

const startsWith = (path: readonly string[], prefix: readonly string[]) => prefix.every((part, index) => path[index] === part);

/**
 * One server's lines cut out of the text, wherever it sits (its own tables, a dotted key, or an
 * inline table under `[mcp_servers]`), and `replacement` put where the first of them was. Cutting lines instead of patching keeps the comments
 * around it: the patch library counts a comment that follows a table as that table's, and
 * would delete the next section's heading comment along with ours.
 */
function cutServer(text: string, name: string, replacement?: string): string {
  const server = ['mcp_servers', name];
  const drop = new Set<number>();
  const dropLines = (from: number, to: number) => {
    for (let line = from; line <= to; line++) drop.add(line);
  };
  for (const block of new TomlDocument(text).cst) {
    if (block.type === 'KeyValue' && startsWith(block.key.value, server)) dropLines(block.loc.start.line, block.loc.end.line);
    if (block.type !== 'Table' && block.type !== 'TableArray') continue;
    const path = block.key.item.value;
    const rows = block.items.filter((item) => item.type === 'KeyValue');
    if (startsWith(path, server)) {
      // The heading and its rows; comments after the last row introduce whatever comes next.
      dropLines(block.loc.start.line, rows.at(-1)?.loc.end.line ?? block.loc.start.line);
      continue;
    }
    for (const row of rows) if (startsWith([...path, ...row.key.value], server)) dropLines(row.loc.start.line, row.loc.end.line);
  }
  const kept: string[] = [];
  let at: number | undefined;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (drop.has(index + 1)) {
      at ??= kept.length;
      return;
    }
    // Cutting a table out must not leave two blank lines, or one at the top of the file; the
    // empty string after the file's last newline is that newline, not a blank line.
    const closing = index === lines.length - 1;
    if (!closing && line.trim() === '' && (kept.length === 0 || kept.at(-1)?.trim() === '') && drop.has(index)) return;
    kept.push(line);
  });
  if (replacement !== undefined && at !== undefined) {
    const added = replacement.replace(/\n$/, '').split('\n');
    kept.splice(at, 0, ...added, ...(kept[at] === undefined || kept[at]?.trim() === '' ? [] : ['']));
  }
  while (kept.length > 1 && kept.at(-1) === '' && kept.at(-2) === '') kept.pop();
  return kept.join('\n');
}

/**
 * Codex's `config.toml` with `[mcp_servers.NAME]` set to `next` (a new table, an update in
 * place) or removed (`next` undefined); comments, order and every other table kept. The result
 * is parsed back and compared with what was meant before it is returned, so a layout this code
 * did not foresee falls back to the library's patch rather than to a file Codex cannot read.
 * Returns `{ text }` (the same text when nothing changes, undefined when removing the table
 * leaves an empty file behind), or undefined when no way of editing gave the meant data.
 */
export function withCodexTable(text: string | undefined, name: string, next: TomlTable | undefined, file: string): { text: string | undefined } | undefined {
  const source = text ?? '';
  const config = parseToml(source, file);
  const servers = isTable(config.mcp_servers) ? config.mcp_servers : {};
  const current = servers[name];
  let wanted: TomlTable;
  let candidates: Array<() => string>;
  if (next === undefined) {
    if (current === undefined) return { text };
    const { [name]: _removed, ...rest } = servers;
    const { mcp_servers: _servers, ...others } = config;
    wanted = { ...others, mcp_servers: rest };
    candidates = [() => cutServer(source, name), () => patch(source, wanted, { bracketSpacing: false })];
  } else {
    if (isTable(current) && canonical(current) === canonical(next)) return { text };
    wanted = { ...config, mcp_servers: { ...servers, [name]: next } };
    const appended = () => `${source === '' ? '' : source.endsWith('\n') ? `${source}\n` : `${source}\n\n`}${codexBlock(name, next)}`;
    const patched = () => patch(source, wanted, { bracketSpacing: false });
    // The patch changes values in place, keeping their comments; but it appends a new key after
    // the comments that end a table (the next section's heading), so an entry that gains or
    // loses keys is rewritten where it stood instead.
    const sameKeys = isTable(current) && canonical(keyTree(current)) === canonical(keyTree(next));
    candidates = current === undefined ? [appended, patched] : sameKeys ? [patched] : [() => cutServer(source, name, codexBlock(name, next)), patched];
  }
  for (const candidate of candidates) {
    let result: string;
    try {
      result = candidate();
      if (!sameData(parse(result) as TomlTable, wanted)) continue;
    } catch {
      continue;
    }
    return { text: result.trim() === '' ? undefined : result };
  }
  return undefined;
}

/**
 * Codex's `config.toml` with our `[mcp_servers.headroom]` entry written, updated in place or
 * removed; keys the user added to our table are kept. Returns the same text when nothing
 * changes, and undefined when removing our entry leaves an empty file behind.
 */
export function withCodexServer(text: string | undefined, entry: ServerEntry | undefined, file: string): string | undefined {
  let next: TomlTable | undefined;
  if (entry !== undefined) {
    const servers = parseToml(text ?? '', file).mcp_servers;
    const current = isTable(servers) ? servers[SERVER_NAME] : undefined;
    const { command: _command, args: _args, env: _env, ...extra } = isTable(current) ? current : {};
    next = { ...extra, command: entry.command, args: entry.args, ...(Object.keys(entry.env).length === 0 ? {} : { env: entry.env }) };
  }
  const edited = withCodexTable(text, SERVER_NAME, next, file);
  if (edited === undefined) throw new Error(`Cannot edit ${file} safely (an unusual layout of [mcp_servers.${SERVER_NAME}]); edit it by hand, or run "codex mcp remove ${SERVER_NAME}" and then headroom install codex (nothing was changed).`);
  return edited.text;
}
