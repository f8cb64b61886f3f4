import { termsOf } from '../search/terms.js';
/**
 * Ranks lines against the caller's query with BM25-style weights: terms rare in the input
 * count more than common ones, stop words count for nothing.
 */
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have how i if in into is it its of on or that the their then there these this to was were what when where which who why will with show find get all any me my'.split(
    ' ',
  ),
);

const WORD = /[\p{L}\p{N}_]+/gu;

/** Lower-cased words of `text` (identifiers stay whole, e.g. `user_id`). */
/** Share of a view's budget that query matches may take, best first, before what else fills it. */
export const QUERY_SHARE = 0.6;

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Whether a lower-cased word carries meaning for ranking (not a stop word, not one letter). */
export function isSearchTerm(word: string): boolean {
  return word.length > 1 && !STOP_WORDS.has(word);
}

export function queryTerms(query: string): string[] {
  return [...new Set(wordsOf(query).filter(isSearchTerm))];
}

/** Terms of `query` as the line scorer and search match them. */
function matchTerms(query: string): string[] {
  return [...new Set(valueTerms(query))];
}

export type LineScorer = (text: string) => number;

/** A scorer for `query` with document frequencies taken from `documents`; 0 means no match. */
export function createLineScorer(query: string, documents: readonly string[]): LineScorer {
  const terms = matchTerms(query);
  if (terms.length === 0 || documents.length === 0) return () => 0;
  const frequency = new Map<string, number>(terms.map((term) => [term, 0]));
  for (const doc of documents) {
    const words = new Set(termsOf(doc));
    for (const term of terms) if (words.has(term)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const n = documents.length;
  const weights = new Map(
    terms.map((term) => {
      const df = frequency.get(term) ?? 0;
      return [term, Math.log(1 + (n - df + 0.5) / (df + 0.5))] as const;
    }),
  );
  return (text) => {
    let score = 0;
    const words = new Set(termsOf(text));
    for (const [term, weight] of weights) if (words.has(term)) score += weight;
    return score;
  };
}


/** Search terms of a value, as search indexes them (compounds whole and by part, words stemmed). */
export function valueTerms(text: string): string[] {
  return termsOf(text).filter(isSearchTerm);
}

const K1 = 1.2;
const B = 0.75;

/**
 * Okapi BM25 of each document against `query` (terms from {@link valueTerms}), with IDF from
 * these documents. Returns one score per document; 0 means no query term occurs in it.
 */
export function bm25Scores(query: string, documents: readonly (readonly string[])[]): number[] {
  const terms = [...new Set(valueTerms(query))];
  if (terms.length === 0 || documents.length === 0) return documents.map(() => 0);
  const frequency = new Map<string, number>(terms.map((term) => [term, 0]));
  let totalLength = 0;
  const counts = documents.map((doc) => {
    totalLength += doc.length;
    const own = new Map<string, number>();
    for (const term of doc) if (frequency.has(term)) own.set(term, (own.get(term) ?? 0) + 1);
    for (const term of own.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    return own;
  });
  const n = documents.length;
  const average = totalLength / n || 1;
  const idf = new Map(terms.map((term) => [term, Math.log(1 + (n - (frequency.get(term) ?? 0) + 0.5) / ((frequency.get(term) ?? 0) + 0.5))]));
  return counts.map((own, index) => {
    let score = 0;
    const length = documents[index]?.length ?? 0;
    for (const [term, tf] of own) score += (idf.get(term) ?? 0) * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / average)));
    return score;
  });
}
