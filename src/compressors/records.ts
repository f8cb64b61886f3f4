import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import { countTokens } from '../tokens.js';
import { createLineScorer, QUERY_SHARE } from './query-match.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/**
 * Records: stanzas of `Key: value` fields separated by blank lines (`dpkg -s`, `apt-cache
 * show`, `pip show`, RFC 822-style control files), long values continued on indented lines.
 * The view is a table with one row per record: its first field (the name) and the fields
 * that tell records apart, verbatim; fields every record shares are said once; the other
 * fields are named with how many records have them. Records that match the query stay whole.
 * Past the budget, rows from the start and the end, the rest counted.
 */
export function createRecordsCompressor(): Compressor {
  return { name: 'records', compress: compressRecords };
}

const FIELD = /^([A-Za-z][\w.-]*(?: [\w.-]+)?):(?:\s+(.*))?$/;
/** Columns besides the name. */
const MAX_COLUMNS = 4;
/** A column's values average at most this many characters: a table row stays one short line. */
const MAX_COLUMN_CHARS = 60;
/** Share of the records a field must appear in to be a column. */
const MIN_COVERAGE = 0.5;
const DIGEST = /^[0-9a-f]{32,}$/i;
/** Share of the budget the names of omitted records may take. */
const NAMES_SHARE = 0.25;
/** Share of the rows' budget that goes to the first records when not all fit; the rest to the last. */
const HEAD_SHARE = 0.4;

interface Record {
  start: number;
  end: number;
  fields: Map<string, string>;
}

/** The records of `lines`, or undefined when they are not mostly records. */
export function parseRecords(lines: readonly string[]): { records: Record[]; others: number[] } | undefined {
  const records: Record[] = [];
  const others: number[] = [];
  let current: Record | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    const field = FIELD.exec(line);
    if (field) {
      current ??= records[records.push({ start: i, end: i + 1, fields: new Map() }) - 1];
      const key = field[1] as string;
      // A repeated key (two `Description:` lines) keeps its first value.
      if (current !== undefined && !current.fields.has(key)) current.fields.set(key, field[2] ?? '');
      if (current !== undefined) current.end = i + 1;
    } else if (current !== undefined && /^\s/.test(line)) {
      current.end = i + 1;
    } else {
      others.push(i);
      current = undefined;
    }
  }
  if (records.length < 3 || others.length > records.length) return undefined;
  return { records, others };
}

interface Columns {
  name: string;
  columns: string[];
  /** Fields with one value in every record that has them. */
  shared: Array<[string, string]>;
  /** Fields left out, with the number of records that have them. */
  leftOut: Array<[string, number]>;
}

function chooseColumns(records: readonly Record[]): Columns {
  const stats = new Map<string, { count: number; chars: number; values: Set<string>; first: number; digest: boolean }>();
  let order = 0;
  for (const record of records) {
    for (const [key, value] of record.fields) {
      let entry = stats.get(key);
      if (entry === undefined) stats.set(key, (entry = { count: 0, chars: 0, values: new Set(), first: order++, digest: true }));
      entry.count++;
      entry.chars += value.length;
      entry.values.add(value);
      if (!DIGEST.test(value)) entry.digest = false;
    }
  }
  const name = [...(records[0]?.fields.keys() ?? [])][0] ?? '';
  const shared: Array<[string, string]> = [];
  const candidates: Array<[string, number]> = [];
  for (const [key, entry] of stats) {
    if (key === name) continue;
    if (entry.values.size === 1 && entry.count >= records.length * MIN_COVERAGE) shared.push([key, [...entry.values][0] ?? '']);
    else if (entry.count >= records.length * MIN_COVERAGE && entry.chars / entry.count <= MAX_COLUMN_CHARS && !entry.digest) candidates.push([key, entry.values.size]);
  }
  // The fields that tell most records apart for the fewest characters.
  const worth = ([key, distinct]: [string, number]) => distinct / (10 + (stats.get(key)?.chars ?? 0) / (stats.get(key)?.count ?? 1));
  const chosen = new Set(candidates.sort((a, b) => worth(b) - worth(a) || (stats.get(a[0])?.first ?? 0) - (stats.get(b[0])?.first ?? 0)).slice(0, MAX_COLUMNS).map(([key]) => key));
  const columns = [...stats.keys()].filter((key) => chosen.has(key));
  const sharedKeys = new Set(shared.map(([key]) => key));
  const leftOut = [...stats].filter(([key]) => key !== name && !chosen.has(key) && !sharedKeys.has(key)).map(([key, entry]): [string, number] => [key, entry.count]);
  return { name, columns, shared, leftOut };
}

function compressRecords(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const parsed = parseRecords(lines);
  if (parsed === undefined) return { status: 'skipped', reason: 'not records' };
  if (request.lossless) return { status: 'skipped', reason: 'records have nothing to fold without loss' };
  const { records, others } = parsed;
  const layout = chooseColumns(records);
  const header = [layout.name, ...layout.columns];
  const row = (record: Record) => header.map((key) => record.fields.get(key) ?? '').join(' | ');
  // Records matching the query, whole, best first, within their share of the budget.
  const whole = new Set<Record>();
  const matching = new Set<Record>();
  if (request.query !== undefined) {
    const text = (record: Record) => lines.slice(record.start, record.end).join('\n');
    const score = createLineScorer(request.query, records.map(text));
    const ranked = records.map((record) => ({ record, score: score(text(record)) })).filter((match) => match.score > 0).sort((a, b) => b.score - a.score || a.record.start - b.record.start);
    let spent = 0;
    for (const { record } of ranked) {
      // The best matches whole; the others at least as rows.
      if (spent < request.budgetTokens * QUERY_SHARE) whole.add(record);
      else if (spent < request.budgetTokens) matching.add(record);
      spent += text(record).length / 3.5;
    }
  }
  const intro = [
    `[headroom records: ${formatCount(records.length)} records of \`Key: value\` fields, one row each below: ${header.join(' | ')}${whole.size > 0 ? `; the ${formatCount(whole.size)} matching the query in full` : ''}]`,
    ...(layout.shared.length > 0 ? [`[every record that has them: ${layout.shared.map(([key, value]) => `${key}: ${value}`).join('; ')}]`] : []),
    ...(layout.leftOut.length > 0 ? [`[fields left out of the rows (records having them): ${layout.leftOut.map(([key, count]) => `${key} (${formatCount(count)})`).join(', ')}]`] : []),
  ];
  const entries: Entry[] = [...others.map((index) => ({ at: index, lines: [lines[index] ?? ''] })), ...records.map((record) => ({ at: record.start, name: record.fields.get(layout.name) ?? '', pinned: whole.has(record) || matching.has(record), lines: whole.has(record) ? lines.slice(record.start, record.end) : [row(record)] }))].sort((a, b) => a.at - b.at);
  const body = fitRows(entries, request.budgetTokens - countTokens(intro.join('\n')), lines.length);
  return {
    status: 'compressed',
    text: [...intro, ...body.lines].join('\n'),
    strategy: 'records',
    lossless: false,
    omitted: `${formatCount(layout.leftOut.length)} fields of ${formatCount(records.length)} records left out${body.dropped > 0 ? `, ${formatCount(body.dropped)} records omitted` : ''}`,
  };
}

interface Entry {
  at: number;
  lines: string[];
  /** A record's name (its first field's value); other lines have none. */
  name?: string;
  /** Shown whatever the budget: a record that matches the query. */
  pinned?: boolean;
}

/**
 * The rows, or those the budget holds: pinned ones, then from the start and (more) from the
 * end; each run of omitted records is one marker naming them, so every record stays findable.
 */
function fitRows(entries: readonly Entry[], budget: number, total: number): { lines: string[]; dropped: number } {
  const all = entries.flatMap((entry) => entry.lines);
  if (countTokens(all.join('\n')) <= budget || entries.length < 3) return { lines: all, dropped: 0 };
  // Counted, not estimated: versions and sizes run under 2 characters a token.
  const cost = (index: number) => countTokens(entries[index]?.lines.join('\n') ?? '') + 1;
  const shown = new Uint8Array(entries.length);
  let spent = Math.min(budget * NAMES_SHARE, countTokens(entries.map((entry) => entry.name ?? '').join(', ')));
  entries.forEach((entry, index) => {
    if (entry.pinned !== true) return;
    shown[index] = 1;
    spent += cost(index);
  });
  for (let head = 0; head < entries.length && spent < budget * HEAD_SHARE; head++) {
    if (shown[head] === 1) continue;
    if (spent + cost(head) > budget * HEAD_SHARE) break;
    shown[head] = 1;
    spent += cost(head);
  }
  for (let tail = entries.length - 1; tail >= 0 && shown[tail] !== 1; tail--) {
    if (spent + cost(tail) > budget) break;
    shown[tail] = 1;
    spent += cost(tail);
  }
  const out: string[] = [];
  let dropped = 0;
  const namesBudget = budget * NAMES_SHARE;
  for (let index = 0; index < entries.length; ) {
    if (shown[index] === 1) {
      out.push(...(entries[index] as Entry).lines);
      index++;
      continue;
    }
    let end = index;
    while (end < entries.length && shown[end] !== 1) end++;
    out.push(gapMarker(entries.slice(index, end), (entries[end] ?? { at: total }).at, namesBudget));
    dropped += entries.slice(index, end).filter((entry) => entry.name !== undefined).length;
    index = end;
  }
  return { lines: out, dropped };
}

/** `[... 12 records omitted (lines 40-300): name-a, name-b ×2, … ...]`, the names within their share of the budget. */
function gapMarker(gap: readonly Entry[], nextAt: number, namesBudget: number): string {
  const seen = new Map<string, number>();
  for (const entry of gap) if (entry.name !== undefined) seen.set(entry.name, (seen.get(entry.name) ?? 0) + 1);
  const names = [...seen].map(([name, times]) => (times === 1 ? name : `${name} ×${times}`));
  let listed = names;
  while (listed.length > 1 && countTokens(listed.join(', ')) > namesBudget) listed = listed.slice(0, Math.floor(listed.length / 2));
  const more = names.length > listed.length ? `, and ${formatCount(names.length - listed.length)} more` : '';
  const records = gap.filter((entry) => entry.name !== undefined).length;
  const first = (gap[0]?.at ?? 0) + 1;
  return `[... ${formatCount(records)} ${records === 1 ? 'record' : 'records'} omitted (lines ${formatCount(first)}-${formatCount(nextAt)})${listed.length > 0 ? `: ${listed.join(', ')}${more}` : ''} ...]`;
}
