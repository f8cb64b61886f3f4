import MiniSearch from 'minisearch';
import { isSearchTerm, queryTerms } from '../compressors/query-match.js';
import type { OriginalMeta, OriginalStore } from '../store/types.js';
import { type Chunk, chunkOriginal } from './chunks.js';
import { compoundTerms, termsOf } from './terms.js';

/** How a search found its hits: the first of these that finds anything wins. */
export const MATCH_MODES = ['bm25', 'fuzzy', 'substring', 'none'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export interface SearchHit {
  hash: string;
  location: string;
  line: number;
  /** Last line, when `text` is exactly the original's lines `line`..`lastLine`. */
  lastLine?: number;
  text: string;
  score: number;
}

export interface SearchAnswer {
  hits: SearchHit[];
  /** Chunks that matched in total (hits holds the best `limit` of them). */
  total: number;
  mode: MatchMode;
  /** Live originals left out of a cross-original search because the index was full. */
  skippedOriginals: number;
}

export interface Searcher {
  /** Best chunks of one original; the store must hold it. */
  searchOne(meta: OriginalMeta, content: string, query: string, limit: number): SearchAnswer;
  /** Best chunks across every live original, most recently used ones indexed first. */
  searchAll(query: string, limit: number): Promise<SearchAnswer>;
}

export interface SearcherOptions {
  /** Upper bound on the characters held in the cross-original index. Default 64 MB. */
  maxIndexedChars?: number;
}

function createIndex(): MiniSearch<Chunk> {
  return new MiniSearch<Chunk>({
    fields: ['text'],
    storeFields: ['hash'],
    // Compounds whole and by part (terms.ts); the terms come lower-cased and stemmed already.
    tokenize: termsOf,
    processTerm: (term) => (isSearchTerm(term) ? term : null),
    searchOptions: { tokenize: termsOf, processTerm: (term) => (isSearchTerm(term) ? term : null) },
  });
}

function substringHits(chunks: readonly Chunk[], query: string, limit: number): { hits: SearchHit[]; total: number } {
  const needle = query.trim().toLowerCase();
  const words = queryTerms(needle);
  const matches = chunks.filter((chunk) => {
    const text = chunk.text.toLowerCase();
    return text.includes(needle) || (words.length > 0 && words.some((word) => text.includes(word)));
  });
  return { hits: matches.slice(0, limit).map((chunk) => ({ ...hitOf(chunk), score: 0 })), total: matches.length };
}

function hitOf(chunk: Chunk): Omit<SearchHit, 'score'> {
  return { hash: chunk.hash, location: chunk.location, line: chunk.line, ...(chunk.lastLine === undefined ? {} : { lastLine: chunk.lastLine }), text: chunk.text };
}

/** BM25, then fuzzy/prefix, then substring: the first that finds anything answers. */
function rank(search: MiniSearch<Chunk>, chunks: ReadonlyMap<string, Chunk>, query: string, limit: number): Omit<SearchAnswer, 'skippedOriginals'> {
  const attempts: Array<[MatchMode, Parameters<MiniSearch['search']>[1]]> = [
    ['bm25', {}],
    ['fuzzy', { fuzzy: 0.2, prefix: true }],
  ];
  const wholes = compoundTerms(query);
  for (const [mode, searchOptions] of attempts) {
    const all = search.search(query, searchOptions);
    // A query that names a compound (a version, a path, an id) is answered by the chunks that
    // hold it whole, when there are any: the chunks that share only a part of it (every `ord_N`
    // shares `ord`) are neither hits nor matches to count.
    const exact = mode === 'bm25' && wholes.length > 0 ? all.filter((result) => wholes.every((term) => result.terms.includes(term))) : [];
    const results = exact.length > 0 ? exact : all;
    const hits = results.slice(0, limit).flatMap((result) => {
      const chunk = chunks.get(String(result.id));
      return chunk ? [{ ...hitOf(chunk), score: result.score }] : [];
    });
    if (hits.length > 0) return { hits, total: results.length, mode };
  }
  const fallback = substringHits([...chunks.values()], query, limit);
  return { ...fallback, mode: fallback.total > 0 ? 'substring' : 'none' };
}

/**
 * BM25 (minisearch) over chunks of originals, with fuzzy/prefix and then substring
 * fallbacks, so a query against a live original is never answered with nothing unexplained.
 */
export function createSearcher(store: OriginalStore, options: SearcherOptions = {}): Searcher {
  const maxIndexedChars = options.maxIndexedChars ?? 64 * 1024 * 1024;
  const index = createIndex();
  const chunksById = new Map<string, Chunk>();
  const indexed = new Map<string, { chunkIds: string[]; chars: number }>();
  let indexedChars = 0;

  function forget(hash: string): void {
    const entry = indexed.get(hash);
    if (!entry) return;
    for (const id of entry.chunkIds) {
      index.discard(id);
      chunksById.delete(id);
    }
    indexedChars -= entry.chars;
    indexed.delete(hash);
  }

  return {
    searchOne(meta, content, query, limit) {
      // One original: a private index, so BM25 statistics describe this original alone.
      const chunks = chunkOriginal(meta.id, content, meta.kind);
      const own = createIndex();
      own.addAll(chunks);
      return { ...rank(own, new Map(chunks.map((chunk) => [chunk.id, chunk])), query, limit), skippedOriginals: 0 };
    },

    async searchAll(query, limit) {
      const live = await store.list();
      const liveIds = new Set(live.map((meta) => meta.id));
      for (const hash of [...indexed.keys()]) if (!liveIds.has(hash)) forget(hash);
      let skippedOriginals = 0;
      for (const meta of live) {
        if (indexed.has(meta.id)) continue;
        if (indexedChars + meta.bytes > maxIndexedChars) {
          skippedOriginals++;
          continue;
        }
        const original = await store.get(meta.id, { touch: false });
        if (!original) continue;
        const chunks = chunkOriginal(meta.id, original.content, meta.kind);
        index.addAll(chunks);
        for (const chunk of chunks) chunksById.set(chunk.id, chunk);
        indexed.set(meta.id, { chunkIds: chunks.map((chunk) => chunk.id), chars: original.content.length });
        indexedChars += original.content.length;
      }
      return { ...rank(index, chunksById, query, limit), skippedOriginals };
    },
  };
}
