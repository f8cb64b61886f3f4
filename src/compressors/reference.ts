import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import { countTokens } from '../tokens.js';
import { createLineScorer, QUERY_SHARE } from './query-match.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/**
 * Reference text made of entries: a big CLI's `--help` (`  -W, --warn  Description…` and
 * its continuation lines). Every section heading stays and every entry stays findable: whole
 * when it matches the query or the budget has room (first entries first), otherwise by its
 * name, listed in the marker of the lines left out around it (or counted there, when the
 * names alone would take over half the budget).
 */
export function createReferenceCompressor(): Compressor {
  return { name: 'reference', compress: compressReference };
}

/** An option entry's first line: up to 4 spaces, then `-x` or `--long`. */
export const OPTION_LINE = /^\s{0,4}-{1,2}[A-Za-z0-9?][\w?=[\]<>,.|+-]*/;
/** Share of the budget the names of the entries left out may take; past it they are counted instead. */
const NAMES_SHARE = 0.5;

interface Entry {
  start: number;
  end: number;
  /** `-Wabi`, `-o, --output`: how the entry is looked up. */
  name: string;
}

function entriesOf(lines: readonly string[]): Entry[] {
  const entries: Entry[] = [];
  let open: Entry | undefined;
  let indent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (OPTION_LINE.test(line)) {
      if (open !== undefined) open.end = i;
      indent = line.search(/\S/);
      // The name runs to the first double space (where the description starts).
      open = { start: i, end: i + 1, name: line.trim().split(/\s{2,}/)[0] ?? '' };
      entries.push(open);
      continue;
    }
    if (open !== undefined && line.trim() !== '' && line.search(/\S/) > indent) open.end = i + 1;
    else open = undefined;
  }
  return entries;
}

function compressReference(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const entries = entriesOf(lines);
  if (entries.length < 10) return { status: 'skipped', reason: 'too few entries' };
  if (request.lossless) return { status: 'skipped', reason: 'entries have nothing to fold without loss' };
  const textOf = (entry: Entry) => lines.slice(entry.start, entry.end).join('\n');
  const cost = (entry: Entry) => countTokens(textOf(entry)) + 1;
  const keep = new Uint8Array(lines.length).fill(1);
  for (const entry of entries) keep.fill(0, entry.start, entry.end);
  let spent = countTokens(lines.filter((_, i) => keep[i] === 1).join('\n'));
  // Every entry left out is named in its marker when the names fit their share of the budget.
  const allNames = countTokens(entries.map((entry) => entry.name).join(', '));
  const listNames = allNames <= request.budgetTokens * NAMES_SHARE;
  if (listNames) spent += allNames;
  const take = (entry: Entry) => {
    keep.fill(1, entry.start, entry.end);
    spent += cost(entry);
  };
  if (request.query !== undefined) {
    const score = createLineScorer(request.query, entries.map(textOf));
    const matches = entries.map((entry) => ({ entry, score: score(textOf(entry)) })).filter((match) => match.score > 0);
    const before = spent;
    for (const { entry } of matches.sort((a, b) => b.score - a.score || a.entry.start - b.entry.start)) {
      if (spent - before >= request.budgetTokens * QUERY_SHARE) break;
      take(entry);
    }
  }
  for (const entry of entries) {
    if (keep[entry.start] === 1) continue;
    if (spent + cost(entry) > request.budgetTokens) break;
    take(entry);
  }
  const out: string[] = [];
  let omitted = 0;
  let named = 0;
  for (let i = 0; i < lines.length; ) {
    if (keep[i] === 1) {
      out.push(lines[i] ?? '');
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && keep[end] !== 1) end++;
    const names = entries.filter((entry) => entry.start >= i && entry.start < end).map((entry) => entry.name);
    named += listNames ? names.length : 0;
    const what = listNames ? `: ${names.join(', ')}` : names.length > 0 ? `: ${formatCount(names.length)} entries` : '';
    out.push(`[... ${formatCount(end - i)} ${end - i === 1 ? 'line' : 'lines'} omitted (${end - i === 1 ? `line ${i + 1}` : `lines ${i + 1}-${end}`})${what} ...]`);
    omitted += end - i;
    i = end;
  }
  return { status: 'compressed', text: out.join('\n'), strategy: 'entries', lossless: false, omitted: `${formatCount(omitted)} of ${formatCount(lines.length)} lines omitted; ${formatCount(named)} of ${formatCount(entries.length)} entries by name only` };
}
