import { formatCount, omittedLines } from '../../marker.js';
import { splitLines } from '../../lines.js';
import { countTokens } from '../../tokens.js';
import { bm25Scores, valueTerms } from '../query-match.js';
import type { CompressOutcome, CompressRequest, Compressor } from '../types.js';
import { parseSearch, type SearchLine } from './parse.js';

/** Below this share of recognised lines the text is not search output: leave it to the general compressor. */
const MIN_RECOGNISED = 0.6;
/** Query hits kept first, with their context, up to this share of the budget. */
const QUERY_SHARE = 0.5;
/** Then the first hit of each file, up to this share. */
const FILES_SHARE = 0.85;
const MAX_QUERY_HITS = 10;
const MAX_PASSES = 3;

type Row = Extract<SearchLine, { kind: 'match' | 'context' | 'separator' }>;
type Segment = { kind: 'file'; path: string; rows: Row[] } | { kind: 'other'; text: string };

/** A match and the context lines that belong to it, within one file segment. */
interface Hit {
  segment: number;
  match: Extract<SearchLine, { kind: 'match' }>;
  before: Row[];
  after: Row[];
}

function segmentsOf(lines: readonly SearchLine[]): Segment[] {
  const segments: Segment[] = [];
  let current: Extract<Segment, { kind: 'file' }> | undefined;
  for (const line of lines) {
    if (line.kind === 'heading') {
      current = undefined;
      continue;
    }
    if (line.kind === 'other') {
      current = undefined;
      segments.push(line);
      continue;
    }
    if (line.kind === 'separator') {
      current?.rows.push(line);
      continue;
    }
    if (current === undefined || current.path !== line.path) {
      current = { kind: 'file', path: line.path, rows: [] };
      segments.push(current);
    }
    current.rows.push(line);
  }
  // A separator at either end of a file's rows stood between files: the grouping shows that.
  for (const segment of segments) {
    if (segment.kind !== 'file') continue;
    while (segment.rows[0]?.kind === 'separator') segment.rows.shift();
    while (segment.rows[segment.rows.length - 1]?.kind === 'separator') segment.rows.pop();
  }
  return segments;
}

// Rows are `12:text` (match) or `12-text` (context), unindented: an indent costs a token a row.
function rowText(row: Row): string {
  if (row.kind === 'separator') return '--';
  return `${row.line}${row.kind === 'match' ? ':' : '-'}${row.text}`;
}

/** The path line of a file; a path that itself starts like a row gets `./` so it cannot be read as one. */
function pathLine(path: string): string {
  return /^\d+[:-]/.test(path) ? `./${path}` : path;
}

/** Every line, path once per file: lossless. */
function renderGrouped(segments: readonly Segment[]): string {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment.kind === 'other') out.push(segment.text);
    else out.push(pathLine(segment.path), ...segment.rows.map(rowText));
  }
  return out.join('\n');
}

function lastLine(hit: Hit): number {
  const after = hit.after[hit.after.length - 1];
  return after !== undefined && after.kind !== 'separator' ? after.line : hit.match.line;
}

function hitsOf(segments: readonly Segment[]): Hit[] {
  const hits: Hit[] = [];
  segments.forEach((segment, index) => {
    if (segment.kind !== 'file') return;
    let pending: Row[] = [];
    let last: Hit | undefined;
    for (const row of segment.rows) {
      if (row.kind === 'separator') {
        pending = [];
        last = undefined;
      } else if (row.kind === 'match') {
        last = { segment: index, match: row, before: pending.filter((context) => context.kind === 'context'), after: [] };
        hits.push(last);
        pending = [];
      } else if (last !== undefined && row.line === lastLine(last) + 1) {
        // Right after a match: its after-context (until a line that sits before the next match).
        last.after.push(row);
      } else {
        pending.push(row);
      }
    }
  });
  return hits;
}

/**
 * grep -rn, rg (with -C context or --heading) and git grep output. Lossless: the path once
 * per file, then `line:text` (`line-text` for context). Lossy: the best query hits with their
 * context, the first hit of every file, then hits spread evenly; line numbers always exact,
 * and every file says how many of its matches are not shown.
 */
export function createSearchCompressor(): Compressor {
  return { name: 'search', compress: compressSearch };
}

function compressSearch(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const parsed = parseSearch(lines);
  if (parsed.recognised < MIN_RECOGNISED) return { status: 'skipped', reason: 'not grep-style search output' };
  const segments = segmentsOf(parsed.lines);
  const grouped = renderGrouped(segments);
  if (request.lossless || (grouped.length <= request.budgetTokens * 6 && countTokens(grouped) <= request.budgetTokens)) {
    return { status: 'compressed', text: grouped, strategy: 'group', lossless: true };
  }
  if (request.deadline.expired()) return { status: 'skipped', reason: 'deadline' };

  const hits = hitsOf(segments);
  const cost = hits.map((hit) => countTokens(rowText(hit.match)) + 1);
  const scores = request.query === undefined || request.query.trim() === '' ? undefined : bm25Scores(request.query, hits.map((hit) => valueTerms(`${hit.match.path} ${hit.match.text}`)));
  // Choose with a target, render, count; markers and path lines make the estimate rough, so
  // shrink the target and choose again while the view is over budget.
  let target = request.budgetTokens;
  let outcome = renderSelection(segments, hits, chooseHits(hits, cost, scores, target));
  let tokens = countTokens(outcome.text);
  for (let pass = 0; pass < MAX_PASSES && tokens > request.budgetTokens && !request.deadline.expired(); pass++) {
    target *= (request.budgetTokens / tokens) * 0.95;
    outcome = renderSelection(segments, hits, chooseHits(hits, cost, scores, target));
    tokens = countTokens(outcome.text);
  }
  return outcome;
}

/** Which hits stay (true: with their context) for a view of about `budget` tokens. */
function chooseHits(hits: readonly Hit[], cost: readonly number[], scores: readonly number[] | undefined, budget: number): Map<Hit, boolean> {
  const keep = new Map<Hit, boolean>();
  const shownPaths = new Set<string>();
  let used = 0;
  const pathCost = (path: string) => (shownPaths.has(path) ? 0 : countTokens(path) + 2);
  const take = (index: number, withContext: boolean, limit: number): void => {
    const hit = hits[index] as Hit;
    if (keep.has(hit)) return;
    const context = withContext ? [...hit.before, ...hit.after].reduce((sum, row) => sum + countTokens(rowText(row)) + 1, 0) : 0;
    const price = pathCost(hit.match.path) + (cost[index] as number) + context;
    if (used + price > limit) return;
    keep.set(hit, withContext);
    shownPaths.add(hit.match.path);
    used += price;
  };

  if (scores !== undefined) {
    const best = Math.max(0, ...scores);
    const ranked = scores.map((score, index) => [score, index] as const).filter(([score]) => score > 0 && score >= best * 0.5).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, index] of ranked.slice(0, MAX_QUERY_HITS)) take(index, true, budget * QUERY_SHARE);
  }
  // The first hit of each file, in order, while there is room.
  for (let index = 0; index < hits.length; index++) {
    if (!shownPaths.has((hits[index] as Hit).match.path)) take(index, false, budget * FILES_SHARE);
  }
  // The rest, evenly.
  const rest = hits.map((_, index) => index).filter((index) => !keep.has(hits[index] as Hit));
  const average = rest.length === 0 ? 1 : rest.reduce((sum, index) => sum + (cost[index] as number), 0) / rest.length;
  const count = Math.min(rest.length, Math.floor(Math.max(0, budget - used) / (average + 1)));
  for (let slot = 0; slot < count; slot++) take(rest[Math.floor(((slot + 0.5) * rest.length) / count)] as number, false, budget);
  return keep;
}

function renderSelection(segments: readonly Segment[], hits: readonly Hit[], keep: ReadonlyMap<Hit, boolean>): Extract<CompressOutcome, { status: 'compressed' }> {
  const bySegment = new Map<number, Hit[]>();
  for (const hit of hits) {
    const list = bySegment.get(hit.segment);
    if (list) list.push(hit);
    else bySegment.set(hit.segment, [hit]);
  }
  const out: string[] = [];
  let skippedFiles = 0;
  let skippedFileMatches = 0;
  let omitted = 0;
  let contextDropped = false;
  const flushFiles = () => {
    if (skippedFiles > 0) out.push(`[... ${formatCount(skippedFiles)} ${skippedFiles === 1 ? 'file' : 'files'} omitted (${formatCount(skippedFileMatches)} ${skippedFileMatches === 1 ? 'match' : 'matches'}) ...]`);
    skippedFiles = 0;
    skippedFileMatches = 0;
  };
  segments.forEach((segment, index) => {
    if (segment.kind === 'other') {
      if (segment.text.trim() === '') return;
      flushFiles();
      out.push(segment.text);
      return;
    }
    const fileHits = bySegment.get(index) ?? [];
    const shown = fileHits.filter((hit) => keep.has(hit));
    if (shown.length === 0) {
      skippedFiles++;
      skippedFileMatches += fileHits.length;
      omitted += fileHits.length;
      return;
    }
    flushFiles();
    out.push(shown.length === fileHits.length ? pathLine(segment.path) : `${pathLine(segment.path)} (${shown.length} of ${fileHits.length} matches shown)`);
    let gap: Hit[] = [];
    let contextLeftOut = 0;
    const flushGap = () => {
      if (gap.length === 0) return;
      const first = gap[0]?.match.line ?? 0;
      const last = gap[gap.length - 1]?.match.line ?? 0;
      out.push(omittedLines(gap.length, first, last, gap.length === 1 ? 'match' : 'matches'));
      omitted += gap.length;
      gap = [];
    };
    for (const hit of fileHits) {
      const withContext = keep.get(hit);
      if (withContext === undefined) {
        gap.push(hit);
        continue;
      }
      flushGap();
      if (!withContext) contextLeftOut += hit.before.length + hit.after.length;
      out.push(...(withContext ? hit.before : []).map(rowText), rowText(hit.match), ...(withContext ? hit.after : []).map(rowText));
    }
    flushGap();
    // Said in place, once per file: a marker under every hit would cost more than the lines.
    if (contextLeftOut > 0) {
      out.push(`[... ${formatCount(contextLeftOut)} context ${contextLeftOut === 1 ? 'line' : 'lines'} of these matches omitted ...]`);
      contextDropped = true;
    }
  });
  flushFiles();
  const parts = [`${formatCount(omitted)} of ${formatCount(hits.length)} matches omitted`];
  if (contextDropped) parts.push('context lines of the others left out');
  return { status: 'compressed', text: out.join('\n'), strategy: 'group+select', lossless: false, omitted: parts.join(', ') };
}
