import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import { countTokens } from '../tokens.js';
import { createLineScorer } from './query-match.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/**
 * File and dependency listings: `find` (one path per line), `ls -l`, and trees (`tree`,
 * `npm ls`). Paths fold under their directory; ls rows keep the largest entries and the odd
 * ones (setuid, world-writable, devices); trees keep their top levels and every problem
 * (UNMET, invalid, extraneous, missing) with the path to it. Errors such as `Permission
 * denied` always stay, and so do the entries that match the caller's query.
 */

// Whole words only: `aggregate-error@3.1.0` is a package, not a problem. An unmet optional
// dependency (a binary for another platform) is normal.
const PROBLEM = /(?<![\w.@/-])(?:UNMET(?! OPTIONAL)|invalid|extraneous|missing|ERR!|error|Permission denied|No such file|cannot access|Operation not permitted)(?![\w.@/-])/i;
const LS_ROW = /^([-dlcbps])([rwxsStT-]{9})[.@+]?\s+\d+\s+(\S+)\s+(\S+)\s+(\d+(?:,\s*\d+)?)\s+(\w{3}\s+\d+\s+[\d:]+)\s+(.*)$/;
const PATH = /^(?:\.{0,2}\/|[\w@.+-]+\/)\S*$/;
const TREE_BRANCH = /^([│├└|`\s─┬-]*?)(?:├──|└──|├─┬|└─┬|├─┐|└─┐|\+--|\\--|`--|\|--)\s?/;

type Shape = 'paths' | 'ls' | 'tree';

function shapeOf(lines: readonly string[]): Shape | undefined {
  const nonEmpty = lines.filter((line) => line.trim() !== '');
  const share = (pattern: RegExp) => nonEmpty.filter((line) => pattern.test(line)).length / Math.max(1, nonEmpty.length);
  if (share(LS_ROW) >= 0.5) return 'ls';
  if (share(TREE_BRANCH) >= 0.5) return 'tree';
  if (share(PATH) >= 0.8) return 'paths';
  return undefined;
}

// --- find: paths under their directory ------------------------------------------------------

interface Directory {
  path: string;
  names: string[];
  /** Line index of each name, to tell the query's matches. */
  indices: number[];
}

// The query's best matches kept in a view, at most this many (the rest are a search away).
const MAX_QUERY_MATCHES = 40;

/** Line indices of the entries that match `query` best. */
function queryMatches(lines: readonly string[], query: string | undefined): ReadonlySet<number> {
  if (query === undefined || query.trim() === '') return new Set();
  const score = createLineScorer(query, lines);
  const scored = lines.map((line, index) => ({ index, score: score(line) })).filter((entry) => entry.score > 0);
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return new Set(scored.slice(0, MAX_QUERY_MATCHES).map((entry) => entry.index));
}

function extensionCounts(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) {
    const match = /(\.[\w-]+(?:\.map)?)$/.exec(name.replace(/^\./, ''));
    const key = match?.[1] ?? '(no extension)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([ext, count]) => `${formatCount(count)} ${ext}`).join(', ');
}

function renderPaths(lines: readonly string[], perDirectory: number, wanted: ReadonlySet<number>): { text: string; omitted: number } {
  const out: string[] = [];
  let omitted = 0;
  let current: Directory | undefined;
  const flush = () => {
    if (current === undefined) return;
    const { path, names, indices } = current;
    current = undefined;
    const shown = names.map((_, at) => names.length <= perDirectory || wanted.has(indices[at] ?? -1));
    if (perDirectory > 0 && names.length > perDirectory) {
      // The first and last few names of a big directory stay, with the query's matches.
      const head = Math.ceil(perDirectory / 2);
      shown.fill(true, 0, head).fill(true, names.length - (perDirectory - head));
    }
    if (perDirectory === 0 && !shown.includes(true)) {
      // Tightest setting: one line per directory, with what it holds.
      out.push(`${path}/ [${formatCount(names.length)}: ${extensionCounts(names)}]`);
      omitted += names.length;
      return;
    }
    out.push(`${path}/`);
    let hidden: string[] = [];
    const gap = () => {
      if (hidden.length > 0) out.push(`  [... ${formatCount(hidden.length)} more: ${extensionCounts(hidden)} ...]`);
      omitted += hidden.length;
      hidden = [];
    };
    names.forEach((name, at) => {
      if (!shown[at]) {
        hidden.push(name);
        return;
      }
      gap();
      out.push(`  ${name}`);
    });
    gap();
  };
  lines.forEach((line, index) => {
    const slash = line.lastIndexOf('/');
    if (!PATH.test(line) || slash <= 0 || slash === line.length - 1) {
      flush();
      if (line.trim() !== '') out.push(line);
      return;
    }
    const directory = line.slice(0, slash);
    if (current?.path !== directory) {
      flush();
      current = { path: directory, names: [], indices: [] };
    }
    current.names.push(line.slice(slash + 1));
    current.indices.push(index);
  });
  flush();
  return { text: out.join('\n'), omitted };
}

// --- ls -l: largest and odd entries ---------------------------------------------------------

interface LsRow {
  index: number;
  type: string;
  size: number;
  odd: boolean;
}

function renderLs(lines: readonly string[], keepCount: number, wanted: ReadonlySet<number>): { text: string; omitted: number } {
  const rows: LsRow[] = [];
  lines.forEach((line, index) => {
    const match = LS_ROW.exec(line);
    if (!match) return;
    const [, type = '-', perms = '', , , size = '0'] = match;
    // setuid/setgid, world-writable without the sticky bit, devices, sockets, pipes.
    const odd = /[sS]/.test(perms.slice(0, 6)) || (perms[7] === 'w' && type !== 'l' && !/[tT]/.test(perms[8] ?? '')) || /[cbps]/.test(type);
    rows.push({ index, type, size: Number(size.replace(/,.*/, '')), odd });
  });
  const keep = new Set<number>();
  lines.forEach((line, index) => {
    if (!LS_ROW.test(line) || PROBLEM.test(line)) keep.add(index);
  });
  for (const row of rows) if (row.odd || wanted.has(row.index)) keep.add(row.index);
  const first = rows.slice(0, 3);
  const last = rows.slice(-2);
  for (const row of [...first, ...last]) keep.add(row.index);
  const largest = [...rows].sort((a, b) => b.size - a.size || a.index - b.index);
  for (const row of largest.slice(0, Math.max(0, keepCount - keep.size))) keep.add(row.index);
  const out: string[] = [];
  let hidden: LsRow[] = [];
  let omitted = 0;
  const byIndex = new Map(rows.map((row) => [row.index, row]));
  const flush = () => {
    if (hidden.length === 0) return;
    const kinds = new Map<string, number>();
    for (const row of hidden) {
      const kind = row.type === 'd' ? 'directories' : row.type === 'l' ? 'links' : 'files';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const total = hidden.reduce((sum, row) => sum + row.size, 0);
    out.push(`[... ${formatCount(hidden.length)} entries omitted (${[...kinds].map(([kind, count]) => `${formatCount(count)} ${kind}`).join(', ')}; ${formatCount(total)} bytes) ...]`);
    omitted += hidden.length;
    hidden = [];
  };
  lines.forEach((line, index) => {
    if (keep.has(index)) {
      flush();
      out.push(line);
    } else {
      const row = byIndex.get(index);
      if (row) hidden.push(row);
    }
  });
  flush();
  return { text: out.join('\n'), omitted };
}

// --- trees: top levels and the paths to problems ----------------------------------------------

function depthOf(line: string): number {
  const prefix = TREE_BRANCH.exec(line)?.[1];
  if (prefix === undefined) return 0;
  return Math.round(prefix.length / 2) + 1;
}

function renderTree(lines: readonly string[], maxDepth: number, wanted: ReadonlySet<number>): { text: string; omitted: number } {
  const depths = lines.map(depthOf);
  const keep = lines.map((line, index) => (depths[index] as number) <= maxDepth || PROBLEM.test(line) || wanted.has(index));
  // The ancestors of a kept line stay too, so every problem and match shows where it sits.
  for (let index = lines.length - 1; index >= 0; index--) {
    if (!keep[index] || (depths[index] as number) <= maxDepth) continue;
    let want = (depths[index] as number) - 1;
    for (let up = index - 1; up >= 0 && want > 0; up--) {
      if ((depths[up] as number) === want) {
        keep[up] = true;
        want--;
      }
    }
  }
  const out: string[] = [];
  let hidden = 0;
  let deduped = 0;
  let omitted = 0;
  const flush = () => {
    if (hidden === 0) return;
    out.push(`[... ${formatCount(hidden)} nested ${hidden === 1 ? 'entry' : 'entries'} omitted${deduped > 0 ? ` (${formatCount(deduped)} deduped)` : ''} ...]`);
    omitted += hidden;
    hidden = 0;
    deduped = 0;
  };
  lines.forEach((line, index) => {
    if (keep[index]) {
      flush();
      out.push(line);
    } else {
      hidden++;
      if (/\bdeduped\b/.test(line)) deduped++;
    }
  });
  flush();
  return { text: out.join('\n'), omitted };
}

export function createListingCompressor(): Compressor {
  return { name: 'listing', compress: compressListing };
}

function compressListing(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const shape = shapeOf(lines);
  if (shape === undefined) return { status: 'skipped', reason: 'not a find, ls -l or tree listing' };
  if (request.lossless && shape !== 'paths') return { status: 'skipped', reason: 'only path listings fold without loss' };
  const budget = request.budgetTokens;
  const fits = (text: string) => countTokens(text) <= budget;
  const wanted = queryMatches(lines, request.query);
  let view: { text: string; omitted: number } | undefined;
  // Ever tighter settings until the view fits: entries per directory, rows kept, tree depth.
  const settings = shape === 'paths' ? [Number.POSITIVE_INFINITY, 12, 6, 2, 0] : shape === 'ls' ? [60, 30, 15, 8] : [3, 2, 1];
  for (const setting of request.lossless ? settings.slice(0, 1) : settings) {
    view = shape === 'paths' ? renderPaths(lines, setting, wanted) : shape === 'ls' ? renderLs(lines, setting, wanted) : renderTree(lines, setting, wanted);
    if (fits(view.text) || request.deadline.expired()) break;
  }
  if (view === undefined) return { status: 'skipped', reason: 'deadline' };
  const total = lines.filter((line) => line.trim() !== '').length;
  if (view.omitted === 0) return { status: 'compressed', text: view.text, strategy: `${shape}:group`, lossless: true };
  return { status: 'compressed', text: view.text, strategy: `${shape}:select`, lossless: false, omitted: `${formatCount(view.omitted)} of ${formatCount(total)} entries omitted` };
}
