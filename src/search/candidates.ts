import { isSearchTerm } from '../compressors/query-match.js';
import type { TermCounts, TermIndex } from '../store/types.js';
import { withinEdits } from './edit-distance.js';
import { compoundEnd, createTermCounter, termsOf } from './terms.js';

/**
 * The version of how originals are cut into index terms. Bump it when `termsOf`,
 * `isSearchTerm` or the counting below changes: entries of another version are re-made.
 */
export const TERM_INDEX_VERSION = 2;

// BM25 over whole originals: only picks which originals to open, so the usual constants.
const K1 = 1.2;
const B = 0.75;
// Query terms looked up at most; a longer query is mostly noise for picking originals.
const MAX_QUERY_TERMS = 64;
// Fuzzy expansion: at most this many indexed terms stand in for one query term.
const MAX_EXPANSIONS = 20;

/** The terms search indexes and matches: those of `termsOf` that are not stop words. */
export function searchTermsOf(text: string): string[] {
  return termsOf(text).filter(isSearchTerm);
}

// Text is counted in slices of about this many characters, cut between compounds, with a turn
// of the event loop between them: indexing a 20 MB original never holds up a server's calls.
const SLICE_CHARS = 256 * 1024;

function sliceEnd(content: string, from: number): number {
  return from + SLICE_CHARS >= content.length ? content.length : compoundEnd(content, from + SLICE_CHARS);
}

/** One original's entry in the term index. */
export async function countTerms(id: string, content: string): Promise<TermCounts> {
  const counter = createTermCounter(isSearchTerm);
  for (let start = 0; start < content.length; ) {
    const end = sliceEnd(content, start);
    counter.add(content.slice(start, end));
    start = end;
    if (start < content.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return { id, version: TERM_INDEX_VERSION, length: counter.length, counts: counter.counts };
}

export interface Candidate {
  id: string;
  score: number;
}

/**
 * Originals holding any of `terms`, best first by BM25 over whole originals. When the query
 * names compounds (`4.1.5`, `lib/command.js`) and some originals hold all of them whole, only
 * those are candidates.
 */
export async function rankOriginals(index: TermIndex, terms: readonly string[], wholes: readonly string[], isLive: (id: string) => boolean): Promise<Candidate[]> {
  const wanted = [...new Set([...terms, ...wholes])].slice(0, MAX_QUERY_TERMS);
  if (wanted.length === 0) return [];
  const [postings, totals] = await Promise.all([index.postings(wanted), index.totals()]);
  const live = postings.filter((posting) => isLive(posting.id));
  if (live.length === 0) return [];
  const documentFrequency = new Map<string, number>();
  for (const posting of live) documentFrequency.set(posting.term, (documentFrequency.get(posting.term) ?? 0) + 1);
  const documents = Math.max(totals.documents, 1);
  const averageLength = Math.max(totals.length / documents, 1);
  const scores = new Map<string, number>();
  const held = new Map<string, Set<string>>();
  for (const posting of live) {
    const frequency = documentFrequency.get(posting.term) ?? 1;
    const idf = Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
    const norm = posting.count + K1 * (1 - B + (B * posting.length) / averageLength);
    scores.set(posting.id, (scores.get(posting.id) ?? 0) + (idf * posting.count * (K1 + 1)) / norm);
    const terms = held.get(posting.id) ?? new Set<string>();
    terms.add(posting.term);
    held.set(posting.id, terms);
  }
  let ids = [...scores.keys()];
  if (wholes.length > 0) {
    const exact = ids.filter((id) => wholes.every((whole) => held.get(id)?.has(whole)));
    if (exact.length > 0) ids = exact;
  }
  return ids.map((id) => ({ id, score: scores.get(id) ?? 0 })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/**
 * Indexed terms near `terms`: those that start with one of them, or are within a fifth of its
 * length in edits (the same reach as the per-original fuzzy search).
 */
export async function fuzzyTerms(index: TermIndex, terms: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const term of terms.slice(0, MAX_QUERY_TERMS)) {
    if (term.length < 3) continue;
    const edits = Math.round(term.length * 0.2);
    const vocabulary = await index.vocabulary(term, term.length - edits, term.length + edits);
    const near = vocabulary.filter((candidate) => candidate !== term && (candidate.startsWith(term) || (edits > 0 && withinEdits(term, candidate, edits))));
    // The closest in length first: `retry` stands for `retries` before `retryingconnectionpool`.
    near.sort((a, b) => Math.abs(a.length - term.length) - Math.abs(b.length - term.length) || a.localeCompare(b));
    for (const candidate of near.slice(0, MAX_EXPANSIONS)) found.add(candidate);
  }
  return [...found];
}
