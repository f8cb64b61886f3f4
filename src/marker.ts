import { createHash } from 'node:crypto';

/**
 * The one id scheme and the one marker format (DESIGN.md 6.2). Everything that names an
 * original or an omission goes through here, so there is exactly one shape to parse.
 */

export const ID_PREFIX = 'hr_';
const ID_HEX_DIGITS = 16; // 64 bits of SHA-256
const ID_PATTERN = /^hr_[0-9a-f]{16}$/;

/**
 * Content-addressed id: SHA-256 of the UTF-8 bytes (UTF-16LE code units when the string
 * holds lone surrogates, which UTF-8 cannot carry), first 64 bits, with the `hr_` prefix.
 */
export function idFor(content: string): string {
  const bytes = content.isWellFormed() ? Buffer.from(content, 'utf8') : Buffer.from(content, 'utf16le');
  return ID_PREFIX + createHash('sha256').update(bytes).digest('hex').slice(0, ID_HEX_DIGITS);
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

const number = new Intl.NumberFormat('en-US');

/** `1234` -> `1,234`. */
export function formatCount(n: number): string {
  return number.format(n);
}

function range(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}-${last}`;
}

/** Inline marker for dropped lines: `[... 37 similar lines omitted (lines 120-156) ...]`. */
export function omittedLines(count: number, first: number, last: number, what = 'lines'): string {
  return `[... ${formatCount(count)} ${what} omitted (${range(first, last)}) ...]`;
}

/** Inline marker for a lossless fold: the `period` lines above repeat identically `times` more times. */
export function repeatedLines(period: number, times: number, first: number, last: number): string {
  const what = period === 1 ? 'previous line' : `previous ${formatCount(period)} lines`;
  return `[... ${what} repeated ${formatCount(times)} more times (${range(first, last)}) ...]`;
}

/** Inline marker inside an over-long line. */
export function omittedChars(count: number): string {
  return `[... ${formatCount(count)} chars omitted ...]`;
}

export interface FooterFacts {
  id: string;
  /** What the view left out, e.g. `980 of 1,000 lines omitted`; absent for lossless views. */
  omitted?: string;
}

/** The one footer per result: names the id, says the original is intact, gives the exact call. */
export function footer({ id, omitted }: FooterFacts): string {
  return omitted === undefined
    ? `[headroom: lossless view; original intact: headroom_retrieve hash=${id}]`
    : `[headroom: ${omitted}; original intact: headroom_retrieve hash=${id}]`;
}

/** What ends a view in place of the footer when the store could not keep the original. */
export function unstoredNote(cause: string): string {
  return `[headroom: the original could not be stored (${cause}), so this view leaves nothing out and there is nothing to retrieve]`;
}

/** Inline marker for dropped array items, with 0-based indexes as retrieve names them: `[... 37 items omitted (12-48) ...]`. */
export function omittedItems(count: number, first: number, last: number, detail = ''): string {
  const where = first === last ? `${first}` : `${first}-${last}`;
  return `[... ${formatCount(count)} ${count === 1 ? 'item' : 'items'} omitted (${where})${detail === '' ? '' : `: ${detail}`} ...]`;
}
