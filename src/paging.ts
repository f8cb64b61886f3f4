import { countTokens } from './tokens.js';

/**
 * Where pages of an original are cut. Pages are bounded in tokens, not characters, because
 * the clients' limits are in tokens (Claude Code refuses an MCP result over 25,000) and a
 * character bound is no bound at all: 80,000 characters of base64 are about 55,000 tokens.
 */

/** How big one page may be: o200k tokens, and UTF-8 bytes for clients that cut by size. */
export interface PageBudget {
  tokens: number;
  bytes?: number;
}

/** The furthest end at or before `limit` whose slice from `start` stays within `bytes` UTF-8 bytes. */
function endWithinBytes(content: string, start: number, limit: number, bytes: number): number {
  let used = 0;
  for (let index = start; index < limit; index++) {
    const code = content.charCodeAt(index);
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : code >= 0xdc00 && code <= 0xdfff ? 0 : 3;
    if (used + size > bytes) return index;
    used += size;
  }
  return limit;
}

/** A position in the original: a 1-based line and a 0-based character within it. */
export interface PagePosition {
  line: number;
  column: number;
}

export interface PageCut {
  /** Character range of the page in the original, end exclusive. */
  start: number;
  end: number;
  /** Last line the page reaches (1-based); the page may end inside it. */
  lastLine: number;
  /** Where the next page starts, when the page ends before `limitEnd`. */
  next?: PagePosition;
}

/** Char index of the start of each line, plus the text length as a sentinel. */
export function lineStarts(content: string): number[] {
  const starts = [0];
  for (let index = content.indexOf('\n'); index !== -1; index = content.indexOf('\n', index + 1)) starts.push(index + 1);
  if (starts[starts.length - 1] === content.length && starts.length > 1) return starts;
  starts.push(content.length);
  return starts;
}

// No real text runs past this many characters per o200k token, so a slice this many times the
// budget is a safe upper bound to look within (it keeps the counting work near the page size).
const MAX_CHARS_PER_TOKEN = 16;
// Counting is the cost here (about 1 ms per 1,000 tokens), so a fit is found by proportion from
// one count, not by bisection; this margin makes the first guess land under the budget.
const AIM = 0.97;
const MAX_TRIES = 8;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The longest prefix of `content[start, end)` found within `budget` tokens, never between a UTF-16 pair. */
function fitChars(content: string, start: number, end: number, budget: number): number {
  // A first count of a slice the size of a typical page gives the text's own characters per
  // token; each next guess scales by what the last count found.
  let length = Math.min(end - start, budget * 4);
  let tokens = countTokens(content.slice(start, start + length));
  if (tokens <= budget && length < end - start) {
    length = Math.min(end - start, Math.floor((length * budget * AIM) / Math.max(tokens, 1)));
    tokens = countTokens(content.slice(start, start + length));
  }
  for (let tries = 0; tries < MAX_TRIES && tokens > budget && length > 1; tries++) {
    length = Math.max(1, Math.min(length - 1, Math.floor((length * budget * AIM) / tokens)));
    tokens = countTokens(content.slice(start, start + length));
  }
  let cut = start + Math.max(1, length);
  // Never split a surrogate pair: the two halves would not be the original's characters.
  if (cut > start + 1 && cut < end && isHighSurrogate(content.charCodeAt(cut - 1))) cut--;
  return cut;
}

/**
 * The page that starts at `from` and goes at most to the end of line `lastWanted`, within
 * `budget` tokens. Whole lines when at least one fits; a line longer than a page is cut by
 * character, and the next page continues inside it.
 */
export function cutPage(content: string, starts: readonly number[], from: PagePosition, lastWanted: number, budget: PageBudget): PageCut {
  const { tokens: budgetTokens } = budget;
  const start = (starts[from.line - 1] ?? 0) + from.column;
  const limitEnd = starts[lastWanted] ?? content.length;
  const byteEnd = budget.bytes === undefined ? limitEnd : endWithinBytes(content, start, limitEnd, budget.bytes);
  const window = Math.min(byteEnd, start + budgetTokens * MAX_CHARS_PER_TOKEN);
  if (window === limitEnd && limitEnd - start <= budgetTokens) return { start, end: limitEnd, lastLine: lastWanted };
  // Whole lines by their own counts (one pass over the page), then an exact check; a count over
  // budget (tokens merge across lines a little) aims lower by the excess and tries again.
  const lineTokens: number[] = [];
  let line = from.line;
  let used = 0;
  while (line <= lastWanted && (starts[line] ?? content.length) <= window) {
    const tokens = countTokens(content.slice(line === from.line ? start : (starts[line - 1] ?? 0), starts[line] ?? content.length));
    if (used + tokens > budgetTokens) break;
    used += tokens;
    lineTokens.push(tokens);
    line++;
  }
  let target = budgetTokens;
  for (let tries = 0; tries < MAX_TRIES && lineTokens.length > 0; tries++) {
    const last = from.line + lineTokens.length - 1;
    const end = starts[last] ?? content.length;
    const exact = countTokens(content.slice(start, end));
    if (exact <= budgetTokens) return last === lastWanted ? { start, end, lastLine: last } : { start, end, lastLine: last, next: { line: last + 1, column: 0 } };
    target -= exact - budgetTokens;
    let sum = lineTokens.reduce((total, tokens) => total + tokens, 0);
    while (lineTokens.length > 0 && sum > target) sum -= lineTokens.pop() ?? 0;
  }
  const lineEnd = starts[from.line] ?? content.length;
  const end = fitChars(content, start, Math.min(lineEnd, window), budgetTokens);
  if (end >= lineEnd) return { start, end, lastLine: from.line, next: { line: from.line + 1, column: 0 } };
  return { start, end, lastLine: from.line, next: { line: from.line, column: end - (starts[from.line - 1] ?? 0) } };
}
