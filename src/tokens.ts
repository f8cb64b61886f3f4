import { createRequire } from 'node:module';

type O200k = typeof import('gpt-tokenizer/encoding/o200k_base');
let o200k: O200k | undefined;

/**
 * The tokenizer, loaded at the first count (its tables take about half a second to load), so
 * that commands and hooks that count nothing (`stats`, a small `run`) never pay for it. It is
 * required, not imported, because a count is synchronous.
 */
function encoder(): O200k {
  o200k ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as O200k;
  return o200k;
}

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
// Bounded quantifiers only: an open-ended one overflows the regex stack on a 20 MB run. The
// punctuation scan is not Unicode-aware, which makes it cheap (4 ms a MB); a run it catches
// that is not punctuation (257 CJK letters) is only counted in slices, a token or so off.
const LETTER_RUN = new RegExp(`[\\p{L}\\p{M}]{${RUN_SLICE + 1}}`, 'gu');
const LETTERS_MORE = /[\p{L}\p{M}]{1,65536}/uy;
const PUNCTUATION_RUN = new RegExp(`[^\\s\\w]{${RUN_SLICE + 1}}`, 'g');
const PUNCTUATION_MORE = /[^\s\w]{1,65536}/y;

// Long texts are fed to the tokenizer in slices, cut after a newline where there is one near
// the end of the slice. Its merge cache is emptied every few slices: text whose pieces are all
// new (base64, hashes) otherwise churns it until each insertion crawls (4 MB of base64: 14 s
// with the cache left alone, 4 s emptied every 1 MB).
const SLICE = 64 * 1024;
const SLICES_PER_CACHE = 16;
// Above this many characters the count is an estimate from evenly spaced samples, so that
// counting stays a small part of any call (20 MB of base64 counted exactly: about 20 s).
export const EXACT_LIMIT = 1024 * 1024;
const SAMPLES = 16;

let slicesSinceClear = 0;

function tokenize(text: string): number {
  if (++slicesSinceClear >= SLICES_PER_CACHE) {
    encoder().clearMergeCache();
    slicesSinceClear = 0;
  }
  return text === '' ? 0 : encoder().countTokens(text, PLAIN_TEXT);
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

/** The next run of more than RUN_SLICE letters or punctuation at or after `from`, and where it ends. */
function runFinder(text: string): (from: number) => { start: number; end: number } | undefined {
  // Each scan's next match is kept until the text is past it, so neither rescans a stretch.
  let letters: RegExpExecArray | null | undefined;
  let punctuation: RegExpExecArray | null | undefined;
  const next = (pattern: RegExp, kept: RegExpExecArray | null | undefined, from: number) => {
    if (kept === null || (kept !== undefined && kept.index >= from)) return kept;
    pattern.lastIndex = from;
    return pattern.exec(text);
  };
  return (from) => {
    letters = next(LETTER_RUN, letters, from);
    punctuation = next(PUNCTUATION_RUN, punctuation, from);
    const first = letters !== null && (punctuation === null || letters.index <= punctuation.index) ? letters : punctuation;
    if (first === null) return undefined;
    const more = first === letters ? LETTERS_MORE : PUNCTUATION_MORE;
    let end = first.index + first[0].length;
    more.lastIndex = end;
    for (let match = more.exec(text); match !== null; match = more.exec(text)) end += match[0].length;
    return { start: first.index, end };
  };
}

/** Exact count, except that runs of more than RUN_SLICE letters (or punctuation) are counted slice by slice. */
function counted(text: string): number {
  let total = 0;
  let from = 0;
  const nextRun = runFinder(text);
  for (let run = nextRun(0); run !== undefined; run = nextRun(from)) {
    total += sliced(text.slice(from, run.start));
    for (let slice = run.start; slice < run.end; slice += RUN_SLICE) total += tokenize(text.slice(slice, Math.min(slice + RUN_SLICE, run.end)));
    from = run.end;
  }
  return total + sliced(text.slice(from));
}

/**
 * Characters per token past which a text is taken to be over a token limit without counting
 * it: o200k averages about 4 on code, logs and prose (a long run of one character can go
 * further, which only means a view is judged too long a little early).
 */
export const MAX_CHARS_PER_TOKEN = 8;

/** Whether `text` is surely over `limit` tokens, by its length alone. */
export function surelyOverTokens(text: string, limit: number): boolean {
  return text.length > limit * MAX_CHARS_PER_TOKEN;
}

/** Whether `text` has more than `limit` tokens, counted only when its length leaves it open. */
export function overTokens(text: string, limit: number): boolean {
  return surelyOverTokens(text, limit) || countTokens(text) > limit;
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
