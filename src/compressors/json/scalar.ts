import type { Scalar } from './values.js';

/**
 * How scalars are written in the compact form. A string is bare unless that would be
 * ambiguous: empty, padded, holding the delimiter, a quote, a bracket at the start or a line
 * break, or reading as a number, boolean or null. Then it is a JSON string literal. So `null`,
 * `""` and a missing cell (nothing at all) never look alike.
 */
const LOOKS_LIKE_OTHER = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$|-?\d+(?:\.\d+)?\.\.|true$|false$|null$|\.\.\.|\[|\{|")/;
const NEEDS_QUOTES = /[,"\\\n\r\t\u0000-\u001f]|^\s|\s$|×/;

export function formatString(value: string): string {
  if (value === '' || LOOKS_LIKE_OTHER.test(value) || NEEDS_QUOTES.test(value)) return JSON.stringify(value);
  return value;
}

/** The middle of an affix cell: always a string, so only emptiness and layout characters need quotes. */
export function formatFragment(value: string): string {
  return value === '' || value.startsWith('"') || NEEDS_QUOTES.test(value) ? JSON.stringify(value) : value;
}

export function formatScalar(value: Scalar): string {
  if (typeof value === 'string') return formatString(value);
  return value === null ? 'null' : String(value);
}

// Keys are bare unless they hold a character the layout uses (`:` `,` `.` brackets, spaces).
const PLAIN_KEY = /^[\p{L}\p{N}_$@/-][\p{L}\p{N}_$@/+-]*$/u;

export function formatKey(key: string): string {
  return PLAIN_KEY.test(key) ? key : JSON.stringify(key);
}
