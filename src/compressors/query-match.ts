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

export type LineScorer = (text: string) => number;

/** A scorer for `query` with document frequencies taken from `documents`; 0 means no match. */
export function createLineScorer(query: string, documents: readonly string[]): LineScorer {
  const terms = queryTerms(query);
  if (terms.length === 0 || documents.length === 0) return () => 0;
  const frequency = new Map<string, number>(terms.map((term) => [term, 0]));
  for (const doc of documents) {
    const words = new Set(wordsOf(doc));
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
    const words = new Set(wordsOf(text));
    for (const [term, weight] of weights) if (words.has(term)) score += weight;
    return score;
  };
}
