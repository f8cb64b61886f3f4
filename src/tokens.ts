import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer every count uses, named in stats so the numbers can be checked. */
export const TOKENIZER = 'o200k_base (gpt-tokenizer)';

// Special-token text such as "<|endoftext|>" is ordinary content here: count it as text
// instead of letting the tokenizer throw on it.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Exact o200k_base token count of `text`. */
export function countTokens(text: string): number {
  return text === '' ? 0 : countO200k(text, PLAIN_TEXT);
}
