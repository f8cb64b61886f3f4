import { clearMergeCache, countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer every count uses, named in stats so the numbers can be checked. */
export const TOKENIZER = 'o200k_base (gpt-tokenizer)';

// Special-token text such as "<|endoftext|>" is ordinary content here: count it as text
// instead of letting the tokenizer throw on it.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// o200k pre-tokenizes a run of letters as one piece, and so a run of punctuation, and
// byte-pair merging a piece takes time quadratic in its length: 100 KB of `x` took 5.6 s, 1 MB
// over five minutes, 100,000 `[` then 100,000 `]` 4 s. Runs this long are counted in slices of
// this length instead.
const RUN_SLICE = 256;
// Bounded quantifiers only: an open-ended one overflows the regex stack on a 20 MB run.
const RUN_START = new RegExp(`([\\p{L}\\p{M}]{${RUN_SLICE + 1}})|[^\\s\\p{L}\\p{M}\\p{N}]{${RUN_SLICE + 1}}`, 'gu');
const LETTERS_MORE = /[\p{L}\p{M}]{1,65536}/uy;
const PUNCTUATION_MORE = /[^\s\p{L}\p{M}\p{N}]{1,65536}/uy;

// Long texts are fed to the tokenizer in slices, cut after a newline where there is one near
// the end of the slice. Its merge cache is emptied every few slices: text whose pieces are all
// new (base64, hashes) otherwise churns it until each insertion crawls (4 MB of base64: 14 s
// with the cache left alone, 4 s emptied every 1 MB).
const SLICE = 64 * 1024;
const SLICES_PER_CACHE = 16;
// Above this many characters the count is an estimate from evenly spaced samples, so that
// counting stays a small part of any call (20 MB of base64 counted exactly: about 20 s).
const EXACT_LIMIT = 1024 * 1024;
const SAMPLES = 16;

let slicesSinceClear = 0;

function tokenize(text: string): number {
  if (++slicesSinceClear >= SLICES_PER_CACHE) {
    clearMergeCache();
    slicesSinceClear = 0;
  }
  return text === '' ? 0 : countO200k(text, PLAIN_TEXT);
}

/** `text` counted in slices of at most SLICE characters. */
function sliced(text: string): number {
  let total = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + SLICE, text.length);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end - 1);
      if (newline > end - SLICE / 4) end = newline + 1;
    }
    total += tokenize(text.slice(start, end));
    start = end;
  }
  return total;
}

/** Exact count, except that runs of more than RUN_SLICE letters (or punctuation) are counted slice by slice. */
function counted(text: string): number {
  let total = 0;
  let from = 0;
  RUN_START.lastIndex = 0;
  for (let start = RUN_START.exec(text); start !== null; start = RUN_START.exec(text)) {
    let end = start.index + start[0].length;
    const more = start[1] === undefined ? PUNCTUATION_MORE : LETTERS_MORE;
    more.lastIndex = end;
    for (let next = more.exec(text); next !== null; next = more.exec(text)) end += next[0].length;
    total += sliced(text.slice(from, start.index));
    for (let slice = start.index; slice < end; slice += RUN_SLICE) total += tokenize(text.slice(slice, Math.min(slice + RUN_SLICE, end)));
    from = end;
    RUN_START.lastIndex = end;
  }
  return total + sliced(text.slice(from));
}

/**
 * o200k_base tokens of `text`. Exact up to 1 MB of text (a run of more than 256 letters is
 * counted in 256-letter slices, a token or so off per slice). Past 1 MB, an estimate: 16 evenly
 * spaced 64 KB samples counted exactly and scaled to the whole length.
 */
export function countTokens(text: string): number {
  if (text.length <= EXACT_LIMIT) return counted(text);
  const stride = text.length / SAMPLES;
  let sampledChars = 0;
  let sampledTokens = 0;
  for (let index = 0; index < SAMPLES; index++) {
    const start = Math.floor(index * stride);
    const sample = text.slice(start, start + SLICE);
    sampledChars += sample.length;
    sampledTokens += counted(sample);
  }
  return Math.round((sampledTokens * text.length) / sampledChars);
}
