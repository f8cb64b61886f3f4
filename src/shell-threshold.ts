import type { Ceiling } from './ceiling.js';

/** Output below this many o200k tokens reaches the agent as it is (`headroom run`, the hooks). */
export const DEFAULT_MIN_TOKENS = 2_000;

/**
 * Whether output is surely too small to need a view, judged without the tokenizer (which
 * takes most of a second to load, and a hook runs on every tool call): a token has at least
 * one character, and a character at most three UTF-8 bytes.
 */
export function surelySmall(output: string, minTokens: number, ceiling: Ceiling | undefined): boolean {
  return output.length < minTokens && (ceiling?.bytes === undefined || output.length * 3 <= ceiling.bytes);
}
