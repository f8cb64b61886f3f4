import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import { countTokens, overTokens, surelyOverTokens } from '../tokens.js';
import { digestBuild } from './build-digest.js';
import { BUILD_SUMMARY } from './diagnostics.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/**
 * Compiler and linter diagnostics (tsc, tsc --pretty, gcc/clang, go build/vet, and anything
 * else printing `path:line:col: severity: message` or `path(line,col): severity CODE:
 * message`). Lossless: grouped by file, path once, and a diagnostic repeated at several
 * places written once with all its positions. Lossy, past the budget: the detail lines under
 * each diagnostic (code frames, notes) go, diagnostics themselves never do; when even that is
 * over budget, or the format is one grouping does not read (rustc blocks, eslint's stylish
 * rows), the digest by rule (build-digest.ts), whichever is smaller.
 */

interface Diagnostic {
  path: string;
  position: string;
  /** `error TS2322: Type 'string' is not assignable...`: severity, code and message. */
  rest: string;
  /** Lines printed under it: a code frame, related notes. */
  details: string[];
}

type Item = { kind: 'diagnostic'; diagnostic: Diagnostic } | { kind: 'other'; line: string };

const PAREN = /^([^\s(][^(]*?)\((\d+),(\d+)\): ((?:fatal )?(?:error|warning|info|message)\b.*)$/;
const COLON = /^([^\s:][^:]*?):(\d+)(?::(\d+))?(?::| -) ((?:fatal error|error|warning|note|info)\b.*)$/;

// Lines that close the diagnostics rather than belong to the last one.
const SUMMARY = /^(?:npm (?:ERR!|error)|Errors\s+Files$)/;
const closes = (line: string) => SUMMARY.test(line) || BUILD_SUMMARY.test(line);

function parseLine(line: string): Diagnostic | undefined {
  const match = PAREN.exec(line) ?? COLON.exec(line);
  if (!match) return undefined;
  const [, path, row, column, rest] = match;
  return { path: path as string, position: column === undefined ? (row as string) : `${row}:${column}`, rest: rest as string, details: [] };
}

function itemsOf(lines: readonly string[]): { items: Item[]; diagnostics: number } {
  const items: Item[] = [];
  let last: Diagnostic | undefined;
  let diagnostics = 0;
  for (const line of lines) {
    const diagnostic = parseLine(line);
    if (diagnostic) {
      items.push({ kind: 'diagnostic', diagnostic });
      last = diagnostic;
      diagnostics++;
    } else if (last !== undefined && !closes(line)) {
      // What follows a diagnostic up to the next one is its code frame and notes.
      last.details.push(line);
    } else {
      last = undefined;
      items.push({ kind: 'other', line });
    }
  }
  for (const item of items) {
    if (item.kind !== 'diagnostic') continue;
    const { details } = item.diagnostic;
    while (details.length > 0 && details[details.length - 1] === '') details.pop();
  }
  return { items, diagnostics };
}

function render(items: readonly Item[], withDetails: boolean): { text: string; detailsDropped: number } {
  const out: string[] = [];
  let detailsDropped = 0;
  let index = 0;
  while (index < items.length) {
    const item = items[index] as Item;
    if (item.kind === 'other') {
      out.push(item.line);
      index++;
      continue;
    }
    // A run of diagnostics for the same file: path once, then each message once with all
    // the positions it was reported at (order of first appearance).
    const path = item.diagnostic.path;
    const messages = new Map<string, Diagnostic[]>();
    while (index < items.length) {
      const next = items[index] as Item;
      if (next.kind !== 'diagnostic' || next.diagnostic.path !== path) break;
      const key = `${next.diagnostic.rest}\n${next.diagnostic.details.join('\n')}`;
      const same = messages.get(key);
      if (same) same.push(next.diagnostic);
      else messages.set(key, [next.diagnostic]);
      index++;
    }
    out.push(path);
    let dropped = 0;
    for (const group of messages.values()) {
      const first = group[0] as Diagnostic;
      out.push(`${group.map((diagnostic) => diagnostic.position).join(', ')} ${first.rest}`);
      if (withDetails) out.push(...first.details);
      else dropped += first.details.filter((line) => line.trim() !== '').length;
    }
    // Said in place, once per file: what went from under its diagnostics.
    if (dropped > 0) out.push(`[... ${formatCount(dropped)} code-frame and note ${dropped === 1 ? 'line' : 'lines'} of this file's diagnostics omitted ...]`);
    detailsDropped += dropped;
  }
  return { text: out.join('\n'), detailsDropped };
}

export function createBuildOutputCompressor(): Compressor {
  return { name: 'build', compress: compressBuild };
}

function compressBuild(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const { items, diagnostics } = itemsOf(lines);
  const digest = () => (request.lossless ? undefined : digestBuild(lines, request.budgetTokens, request.query));
  if (diagnostics < 2) {
    const only = digest();
    return only === undefined ? { status: 'skipped', reason: 'fewer than two diagnostics to group' } : digested(only);
  }
  const grouped = render(items, true);
  if (request.lossless || !overTokens(grouped.text, request.budgetTokens)) {
    return { status: 'compressed', text: grouped.text, strategy: 'group', lossless: true };
  }
  const bare = render(items, false);
  const other = overTokens(bare.text, request.budgetTokens) ? digest() : undefined;
  // Both are over budget: the shorter wins (compared in characters when one is far past it).
  const farOver = surelyOverTokens(bare.text, request.budgetTokens);
  if (other !== undefined && (farOver ? other.text.length < bare.text.length : countTokens(other.text) < countTokens(bare.text))) return digested(other);
  return {
    status: 'compressed',
    text: bare.text,
    strategy: 'group+trim',
    lossless: false,
    omitted: `${formatCount(bare.detailsDropped)} code-frame and note lines omitted`,
  };
}

function digested(digest: { text: string; omitted: string }): CompressOutcome {
  return { status: 'compressed', text: digest.text, strategy: 'digest+select', lossless: false, omitted: digest.omitted };
}
