import { join } from 'node:path';
import { InputError } from '../errors.js';
import { SERVER_NAME } from './entry.js';
import { type FileChange, type InstallPlan, read } from './install.js';
import { isObject, parseConfigObject } from './json-config.js';
import { splice, valueSpan, valueText } from './json-spans.js';
import { type ClientName, onPath, type Places, type Scope, targetFor } from './targets.js';
import { canonical, isTable, parseToml, withCodexTable } from './toml-config.js';
import { type Entry, headroomArgs, unwrappedFromArgs, type Wrapper, wrapperFor, wrapVerdict } from './wrap-entry.js';
import { parseRecords, RECORD_FILE, recordsText, sameServer, type WrapRecord } from './wrap-record.js';

/** A server chosen by name, in one client or (client undefined) in any. */
export interface ServerChoice {
  client: ClientName | undefined;
  name: string;
}

export interface WrapRequest {
  clients: readonly ClientName[];
  /** The servers to wrap or unwrap; empty: every one in the chosen clients. */
  servers: readonly ServerChoice[];
  scope: Scope;
  unwrap: boolean;
  /** HEADROOM_HOME: where the wrapper keeps originals, and where the record of wrapped entries goes. */
  home: string;
  /** The store a wrapper finds with no HEADROOM_HOME set (`~/.headroom`). */
  defaultHome: string;
  places: Places;
}

export interface WrapPlan {
  /** The config files, each with its text before and after. */
  changes: FileChange[];
  /** `FILE.headroom-backup` for each config file changed, holding its text before. */
  backups: FileChange[];
  /** The record of wrapped entries, when it changes. */
  record: FileChange | undefined;
  /** The servers wrapped (or unwrapped), per client. */
  servers: Array<{ client: ClientName; name: string }>;
  notes: string[];
}

export const BACKUP_SUFFIX = '.headroom-backup';

/** One `mcpServers` (or `mcp_servers`) table of a config file. */
interface ServerTable {
  client: ClientName;
  file: string;
  format: 'json' | 'toml';
  /** Keys from the top of the file down to the table. */
  at: string[];
  /** Whether the file is meant to be committed, so its wrapper names no local path. */
  portable: boolean;
}

/**
 * The tables a scope covers. At project scope Claude Code keeps servers in two places: the
 * committed `.mcp.json`, and its "local" servers for this directory in `~/.claude.json`
 * under `projects[DIR]`; both are this project's, so both are covered.
 */
function tablesFor(client: ClientName, scope: Scope, places: Places): ServerTable[] | string {
  const target = targetFor(client, scope, places);
  if (target.config === undefined) return target.unsupported ?? 'no MCP config at this scope';
  const { file, format } = target.config;
  const main: ServerTable = { client, file, format, at: [format === 'toml' ? 'mcp_servers' : 'mcpServers'], portable: scope === 'project' };
  if (client !== 'claude' || scope === 'user') return [main];
  const user = targetFor('claude', 'user', places).config?.file as string;
  return [main, { client, file: user, format: 'json', at: ['projects', places.cwd, 'mcpServers'], portable: false }];
}

/** The entries of one table in a file's text; undefined when the table is not there; throws on a file the client could not read. */
function entriesOf(table: ServerTable, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  if (table.format === 'toml') {
    const servers = parseToml(text, table.file).mcp_servers;
    return isTable(servers) ? servers : undefined;
  }
  let node: unknown = parseConfigObject(text, table.file, table.at[0] as string);
  for (const key of table.at) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : undefined;
}

/** The whole lines that differ between two texts: what is left when the common first and last lines are set aside. */
function changedLines(before: string, after: string): { original: string; wrapped: string } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  // An empty side could not be found again; one line before it anchors it.
  if (head > 0 && (head === a.length - tail || head === b.length - tail)) head--;
  return { original: a.slice(head, a.length - tail).join('\n'), wrapped: b.slice(head, b.length - tail).join('\n') };
}

/** `text` with `from`, found exactly once as whole lines, replaced by `to`; undefined when it is not found once. */
function replaceLines(text: string, from: string, to: string): string | undefined {
  const at: number[] = [];
  for (let index = text.indexOf(from); index !== -1; index = text.indexOf(from, index + 1)) {
    const end = index + from.length;
    if ((index === 0 || text[index - 1] === '\n') && (end === text.length || text[end] === '\n')) at.push(index);
  }
  const [only] = at;
  return at.length === 1 && only !== undefined ? `${text.slice(0, only)}${to}${text.slice(only + from.length)}` : undefined;
}

/** A file's text with one entry set to `next`, and the text that changed; undefined when it cannot be edited safely. */
function withEntry(table: ServerTable, text: string, name: string, next: Entry): { text: string; original: string; wrapped: string } | undefined {
  if (table.format === 'toml') {
    const edited = withCodexTable(text, name, next, table.file)?.text;
    return edited === undefined ? undefined : { text: edited, ...changedLines(text, edited) };
  }
  const span = valueSpan(text, [...table.at, name]);
  if (span === undefined) return undefined;
  const wrapped = valueText(text, span, next);
  return { text: splice(text, span, wrapped), original: text.slice(span.start, span.end), wrapped };
}

/**
 * The entry put back from its record, byte for byte, when the wrapped text is still there as
 * it was written and the result reads back as the original; undefined otherwise (edited since).
 */
function restored(table: ServerTable, text: string, name: string, record: WrapRecord): string | undefined {
  let result: string | undefined;
  if (table.format === 'toml') {
    result = replaceLines(text, record.wrapped, record.original);
  } else {
    const span = valueSpan(text, [...table.at, name]);
    if (span !== undefined && text.slice(span.start, span.end) === record.wrapped) result = splice(text, span, record.original);
  }
  if (result === undefined) return undefined;
  try {
    return canonical(entriesOf(table, result)?.[name]) === canonical(record.value) ? result : undefined;
  } catch {
    return undefined;
  }
}

const where = (table: ServerTable) => (table.at[0] === 'projects' ? `${table.file} (this directory's local servers)` : table.file);

/**
 * What `install --wrap` (or `--unwrap`) would change: reads files, writes nothing. Every
 * entry chosen is rewritten in its place, the rest of each file kept byte for byte (JSON) or
 * line for line (TOML). Throws an InputError naming the servers found when a chosen name is
 * in none of the chosen clients.
 */
export function planWrap(request: WrapRequest): WrapPlan {
  const { places, scope, unwrap } = request;
  const plan: WrapPlan = { changes: [], backups: [], record: undefined, servers: [], notes: [] };
  const recordFile = join(request.home, RECORD_FILE);
  const recordBefore = read(recordFile);
  let records = parseRecords(recordBefore, recordFile);
  const found = new Map<string, Set<ClientName>>();
  const chosen = (client: ClientName, name: string) => request.servers.length === 0 || request.servers.some((choice) => choice.name === name && (choice.client === undefined || choice.client === client));
  const named = (client: ClientName, name: string) => request.servers.length > 0 && chosen(client, name);
  const texts = new Map<string, { client: ClientName; before: string | undefined; text: string | undefined }>();
  let wrappedUrl = false;
  let portable = false;
  for (const client of request.clients) {
    const tables = tablesFor(client, scope, places);
    if (typeof tables === 'string') {
      plan.notes.push(`${client}: ${tables}.`);
      continue;
    }
    for (const table of tables) {
      const before = texts.has(table.file) ? undefined : read(table.file);
      const file = texts.get(table.file) ?? { client, before, text: before };
      texts.set(table.file, file);
      const entries = entriesOf(table, file.text);
      if (entries === undefined) continue;
      const wrapper: Wrapper = wrapperFor(table.portable, request.home, request.defaultHome);
      for (const [name, entry] of Object.entries(entries)) {
        found.set(name, (found.get(name) ?? new Set()).add(client));
        if (!chosen(client, name)) continue;
        const path = [...table.at, name];
        const text = file.text as string;
        if (unwrap) {
          if (!isObject(entry) || headroomArgs(entry)?.[0] !== 'wrap') {
            if (named(client, name)) plan.notes.push(`${client}: "${name}" in ${where(table)} is not wrapped.`);
            continue;
          }
          const record = records.find((item) => sameServer(item, { client, file: table.file, path }));
          let after = record === undefined ? undefined : restored(table, text, name, record);
          if (after === undefined) {
            const back = unwrappedFromArgs(client, entry, wrapper);
            after = back === undefined ? undefined : withEntry(table, text, name, back)?.text;
            if (after === undefined) {
              plan.notes.push(`${client}: cannot unwrap "${name}" in ${where(table)}: its arguments are not ones headroom install --wrap writes, and there is no record of the original; edit it by hand.`);
              continue;
            }
            plan.notes.push(`${client}: "${name}" in ${where(table)} was put back from its arguments (${record === undefined ? 'no record of the original was left' : 'it was edited since it was wrapped'}); check it.`);
          }
          records = records.filter((item) => !sameServer(item, { client, file: table.file, path }));
          file.text = after;
          plan.servers.push({ client, name });
          continue;
        }
        const verdict = wrapVerdict(client, name, entry, wrapper);
        switch (verdict.kind) {
          case 'ours':
            if (named(client, name)) plan.notes.push(`${client}: "${name}" is headroom itself; it is never wrapped.`);
            continue;
          case 'wrapped':
            if (named(client, name)) plan.notes.push(`${client}: "${name}" in ${where(table)} is already wrapped.`);
            continue;
          case 'skip':
            plan.notes.push(`${client}: left "${name}" in ${where(table)} as it is: ${verdict.reason}.`);
            continue;
          case 'wrap': {
            const edited = withEntry(table, text, name, verdict.next);
            if (edited === undefined) {
              plan.notes.push(`${client}: cannot edit "${name}" in ${table.file} safely (an unusual layout); left as it is.`);
              continue;
            }
            records = [...records.filter((item) => !sameServer(item, { client, file: table.file, path })), { client, file: table.file, path, original: edited.original, wrapped: edited.wrapped, value: entry }];
            file.text = edited.text;
            plan.servers.push({ client, name });
            wrappedUrl ||= verdict.url;
            portable ||= table.portable;
          }
        }
      }
    }
  }
  const missing = request.servers.filter((choice) => !(found.get(choice.name) !== undefined && (choice.client === undefined || found.get(choice.name)?.has(choice.client))));
  if (missing.length > 0) {
    const list = [...found].map(([name, clients]) => `${name} (${[...clients].join(', ')})`).join(', ');
    const asked = missing.map((choice) => (choice.client === undefined ? choice.name : `${choice.client}/${choice.name}`)).join(', ');
    throw new InputError('unknown_server', `no server named ${asked} in ${request.clients.join(', ')} at ${scope} scope; ${list === '' ? 'no servers are configured there' : `servers found: ${list}`}.`);
  }
  for (const [file, { client, before, text }] of texts) {
    if (text === before) continue;
    plan.changes.push({ client, file, before, after: text });
    plan.backups.push({ client, file: `${file}${BACKUP_SUFFIX}`, before: read(`${file}${BACKUP_SUFFIX}`), after: before });
  }
  const recordAfter = recordsText(records);
  const first = plan.changes[0];
  if (recordAfter !== recordBefore && first !== undefined) plan.record = { client: first.client, file: recordFile, before: recordBefore, after: recordAfter };
  if (wrappedUrl) plan.notes.push('a wrapped URL server is reached with the headers its entry had; one that signs in with OAuth (through the client\'s /mcp) cannot be signed in through the wrapper: unwrap it with headroom install --unwrap NAME.');
  if (portable && onPath(SERVER_NAME, places) === undefined) plan.notes.push(`the project entries run "${SERVER_NAME} wrap" from PATH (so they can be committed), and ${SERVER_NAME} is not on PATH here: run npm install -g headroom-mcp (each teammate too).`);
  return plan;
}

/** The plan as install's plan: the record first, then the backups, then the configs, so a failing write leaves no config without its way back. */
export function asInstallPlan(plan: WrapPlan, cwd: string): InstallPlan {
  return { changes: [...(plan.record === undefined ? [] : [plan.record]), ...plan.backups, ...plan.changes], calls: [], notes: [], emptied: [], cwd };
}
