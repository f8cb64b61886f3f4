
/**
 * Terms of tool output, for search and for compress's `query`: the one owner of how text is cut
 * into searchable terms. Tool output names things with compounds (`_parseArgs`,
 * `lib/command.js`, `4.1.5`, `libxcb-image0:amd64`, `repository.full_name`, `TS2322`), so each
 * compound is a term whole *and* each of its parts is one: a query naming the whole thing
 * matches it exactly and outranks lines that only share a part, while a query for a part
 * (`command`) still finds it. Plain words are stemmed, compounds never (a version or a path
 * must match as written).
 */

// A run of word characters joined by the separators identifiers, paths and versions use.
const COMPOUND = /[\p{L}\p{N}_$]+(?:[./:@+\-#][\p{L}\p{N}_$]+)*/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const CAMEL_PART = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu;
const PLAIN_WORD = /^\p{L}+$/u;

function add(terms: string[], term: string): void {
  if (term.length > 1) terms.push(term);
}

const SEPARATED = /[./:@+\-#_$]/;
// Every character a compound can hold, its separators included.
const COMPOUND_CHARS = /[\p{L}\p{N}_$./:@+\-#]*/uy;

/** The first position at or after `at` that cannot be inside a compound: text may be cut there. */
export function compoundEnd(text: string, at: number): number {
  COMPOUND_CHARS.lastIndex = at;
  COMPOUND_CHARS.exec(text);
  return COMPOUND_CHARS.lastIndex;
}

/** The compounds of `query` that are terms whole (`4.1.5`, `ord_1500`, `lib/command.js`). */
export function compoundTerms(query: string): string[] {
  return [...new Set((query.match(COMPOUND) ?? []).filter((compound) => SEPARATED.test(compound)).map((compound) => compound.toLowerCase()))];
}

// A compound longer than this is data (a base64 blob, a minified bundle's string), not a name
// anyone searches for: it gives no terms, and cutting it would cost more than the rest.
const MAX_COMPOUND_CHARS = 256;

/** Lower-cased terms of `text`: compounds whole, then their parts; plain words stemmed. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const compound of text.match(COMPOUND) ?? []) if (compound.length <= MAX_COMPOUND_CHARS) termsOfCompound(compound, terms);
  return terms;
}

/** Counts of the terms of text fed to it piece by piece (pieces must end between compounds). */
export interface TermCounter {
  add(text: string): void;
  readonly counts: Map<string, number>;
  /** How many terms were counted in all. */
  readonly length: number;
}

/**
 * How often each term occurs, for the terms `keep` accepts: what `termsOf` gives, counted.
 * Tool output repeats its words, so each distinct compound is cut only once.
 */
export function createTermCounter(keep: (term: string) => boolean): TermCounter {
  const cut = new Map<string, string[]>();
  const counts = new Map<string, number>();
  let length = 0;
  return {
    add(text) {
      for (const compound of text.match(COMPOUND) ?? []) {
        if (compound.length > MAX_COMPOUND_CHARS) continue;
        let terms = cut.get(compound);
        if (terms === undefined) {
          terms = [];
          termsOfCompound(compound, terms);
          terms = terms.filter(keep);
          cut.set(compound, terms);
        }
        for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        length += terms.length;
      }
    },
    counts,
    get length() {
      return length;
    },
  };
}

/** Appends the terms of one compound (see termsOf). */
function termsOfCompound(compound: string, terms: string[]): void {
  const lower = compound.toLowerCase();
  const words = compound.match(WORD) ?? [];
  if (words.length === 1 && words[0] === compound && PLAIN_WORD.test(compound)) {
    add(terms, stem(lower));
    const camel = compound.match(CAMEL_PART);
    if (camel !== null && camel.length > 1) for (const part of camel) add(terms, stem(part.toLowerCase()));
    return;
  }
  add(terms, lower);
  for (const word of words) {
    const wordLower = word.toLowerCase();
    if (wordLower !== lower) add(terms, PLAIN_WORD.test(word) ? stem(wordLower) : wordLower);
    const camel = word.match(CAMEL_PART);
    if (camel !== null && camel.length > 1) for (const part of camel) add(terms, PLAIN_WORD.test(part) ? stem(part.toLowerCase()) : part.toLowerCase());
  }
}

/**
 * A light stemmer, enough to let `signatures`, `verified` and `webhooks` meet `signature`,
 * `verify` and `webhook`: plural and past-tense endings off, a final y as i.
 */
export function stem(word: string): string {
  let base = word;
  if (base.length > 4 && base.endsWith('ies')) base = `${base.slice(0, -3)}y`;
  else if (base.length > 4 && /(?:ss|sh|ch|x)es$/.test(base)) base = base.slice(0, -2);
  else if (base.length > 3 && base.endsWith('s') && !base.endsWith('ss')) base = base.slice(0, -1);
  if (base.length > 5 && base.endsWith('ing')) base = base.slice(0, -3);
  else if (base.length > 4 && base.endsWith('ed')) base = base.slice(0, -2);
  if (base.length > 3 && base.endsWith('y')) base = `${base.slice(0, -1)}i`;
  if (base.length > 3 && base.endsWith('e')) base = base.slice(0, -1);
  return base;
}
