import MiniSearch, { type SearchResult } from 'minisearch';
import { isSearchTerm, queryTerms } from '../compressors/query-match.js';
import type { OriginalMeta, OriginalStore, TermIndex } from '../store/types.js';
import { type Candidate, countTerms, fuzzyTerms, rankOriginals, searchTermsOf, TERM_INDEX_VERSION } from './candidates.js';
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
  /** Chunks that matched in total, in the originals searched (hits holds the best `limit`). */
  total: number;
  mode: MatchMode;
  /** Originals that also match but were not opened (past the best few). */
  moreOriginals: number;
  /** Live originals not searched: not indexed yet, or past the substring scan's reach. */
  unsearched: number;
}

/** What a search within one original answers. */
export type OriginalAnswer = Omit<SearchAnswer, 'moreOriginals' | 'unsearched'>;

export interface Searcher {
  /** Best chunks of one original; the store must hold it. */
  searchOne(meta: OriginalMeta, content: string, query: string, limit: number): OriginalAnswer;
  /** Best chunks across every live original. */
  searchAll(query: string, limit: number): Promise<SearchAnswer>;
  /**
   * Brings the persisted term index up to date with the live originals (most recently used
   * first) until `budgetMs` has passed; resolves to how many are left to index.
   */
  index(budgetMs?: number): Promise<number>;
}

export interface SearcherOptions {
  /** Upper bound on the characters of originals held open for ranking their chunks. Default 64 MB. */
  maxWorkingChars?: number;
  /** How long a search may spend indexing originals no process has indexed yet. Default 2,000 ms. */
  indexBudgetMs?: number;
}

// A search opens the best-scoring originals, up to this many and this many characters (the
// first is always opened, whatever its size).
const MAX_OPENED = 8;
const MAX_OPENED_CHARS = 2 * 1024 * 1024;
// When no indexed term matches, substrings are looked for in the most recent originals up to this size.
const MAX_SCANNED_CHARS = 16 * 1024 * 1024;

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

interface Pool {
  search: MiniSearch<Chunk>;
  chunks: ReadonlyMap<string, Chunk>;
  /** Only chunks of these originals count (the shared working index holds others too). */
  hashes?: ReadonlySet<string>;
}

/** BM25, then fuzzy/prefix, then substring: the first that finds anything answers. */
function rank(pool: Pool, query: string, limit: number): OriginalAnswer {
  const { search, chunks, hashes } = pool;
  const filter = hashes === undefined ? undefined : (result: SearchResult) => hashes.has(String(result.hash));
  const attempts: Array<[MatchMode, Parameters<MiniSearch['search']>[1]]> = [
    ['bm25', {}],
    ['fuzzy', { fuzzy: 0.2, prefix: true }],
  ];
  const wholes = compoundTerms(query);
  for (const [mode, searchOptions] of attempts) {
    const all = search.search(query, { ...searchOptions, ...(filter === undefined ? {} : { filter }) });
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
  const pooled = [...chunks.values()].filter((chunk) => hashes === undefined || hashes.has(chunk.hash));
  const fallback = substringHits(pooled, query, limit);
  return { ...fallback, mode: fallback.total > 0 ? 'substring' : 'none' };
}

/**
 * Search across originals in two steps: the persisted term index (shared by every process on
 * the store) picks the originals that hold the query's terms, BM25 over whole originals; then
 * minisearch ranks the chunks of the best few, held open in a working index of this process.
 * Fuzzy/prefix and substring fallbacks follow, so a query is never answered with nothing
 * unexplained.
 */
export function createSearcher(store: OriginalStore, terms: TermIndex, options: SearcherOptions = {}): Searcher {
  const maxWorkingChars = options.maxWorkingChars ?? 64 * 1024 * 1024;
  const indexBudgetMs = options.indexBudgetMs ?? 2_000;
  const working = createIndex();
  const workingChunks = new Map<string, Chunk>();
  // Insertion order is recency of use: the first entry is the one to close first.
  const opened = new Map<string, { chunkIds: string[]; chars: number }>();
  let workingChars = 0;
  let indexing: Promise<unknown> = Promise.resolve();

  function close(hash: string): void {
    const entry = opened.get(hash);
    if (!entry) return;
    for (const id of entry.chunkIds) {
      working.discard(id);
      workingChunks.delete(id);
    }
    workingChars -= entry.chars;
    opened.delete(hash);
  }

  async function open(meta: OriginalMeta, keep: ReadonlySet<string>): Promise<boolean> {
    const entry = opened.get(meta.id);
    if (entry) {
      opened.delete(meta.id);
      opened.set(meta.id, entry);
      return true;
    }
    const original = await store.get(meta.id, { touch: false });
    if (!original) return false;
    for (const hash of opened.keys()) {
      if (workingChars + original.content.length <= maxWorkingChars) break;
      if (!keep.has(hash)) close(hash);
    }
    const chunks = chunkOriginal(meta.id, original.content, meta.kind);
    working.addAll(chunks);
    for (const chunk of chunks) workingChunks.set(chunk.id, chunk);
    opened.set(meta.id, { chunkIds: chunks.map((chunk) => chunk.id), chars: original.content.length });
    workingChars += original.content.length;
    return true;
  }

  async function syncIndex(live: readonly OriginalMeta[], budgetMs: number): Promise<number> {
    const deadline = performance.now() + budgetMs;
    const indexed = await terms.indexed();
    const liveIds = new Set(live.map((meta) => meta.id));
    const stale = [...indexed].filter(([id, version]) => !liveIds.has(id) || version !== TERM_INDEX_VERSION).map(([id]) => id);
    if (stale.length > 0) await terms.remove(stale);
    const missing = live.filter((meta) => indexed.get(meta.id) !== TERM_INDEX_VERSION);
    let done = 0;
    for (const meta of missing) {
      if (performance.now() >= deadline) break;
      const original = await store.get(meta.id, { touch: false });
      if (original) await terms.add(await countTerms(meta.id, original.content));
      done++;
    }
    return missing.length - done;
  }

  /** One indexing pass at a time per process, so two callers never index the same original twice. */
  function serialIndex(live: readonly OriginalMeta[] | undefined, budgetMs: number): Promise<number> {
    const run = indexing.then(async () => syncIndex(live ?? (await store.list()), budgetMs));
    indexing = run.catch(() => {});
    return run;
  }

  async function searchOpened(chosen: readonly OriginalMeta[], query: string, limit: number): Promise<OriginalAnswer> {
    const keep = new Set(chosen.map((meta) => meta.id));
    const hashes = new Set<string>();
    for (const meta of chosen) if (await open(meta, keep)) hashes.add(meta.id);
    return rank({ search: working, chunks: workingChunks, hashes }, query, limit);
  }

  function firstWithin(metas: readonly OriginalMeta[], count: number, chars: number): OriginalMeta[] {
    const chosen: OriginalMeta[] = [];
    let total = 0;
    for (const meta of metas) {
      if (chosen.length >= count || (chosen.length > 0 && total + meta.bytes > chars)) break;
      chosen.push(meta);
      total += meta.bytes;
    }
    return chosen;
  }

  return {
    searchOne(meta, content, query, limit) {
      // One original: a private index, so BM25 statistics describe this original alone.
      const chunks = chunkOriginal(meta.id, content, meta.kind);
      const own = createIndex();
      own.addAll(chunks);
      return rank({ search: own, chunks: new Map(chunks.map((chunk) => [chunk.id, chunk])) }, query, limit);
    },

    async searchAll(query, limit) {
      const live = await store.list();
      const byId = new Map(live.map((meta) => [meta.id, meta]));
      let candidates: Candidate[] | undefined;
      let unindexed = 0;
      let viaFuzzy = false;
      try {
        unindexed = await serialIndex(live, indexBudgetMs);
        const wanted = searchTermsOf(query);
        candidates = await rankOriginals(terms, wanted, compoundTerms(query), (id) => byId.has(id));
        if (candidates.length === 0) {
          candidates = await rankOriginals(terms, await fuzzyTerms(terms, wanted), [], (id) => byId.has(id));
          viaFuzzy = candidates.length > 0;
        }
      } catch {
        // The index is unreadable or full: rank the most recent originals without it.
        const chosen = firstWithin(live, live.length, MAX_OPENED_CHARS * 2);
        return { ...(await searchOpened(chosen, query, limit)), moreOriginals: 0, unsearched: live.length - chosen.length };
      }
      if (candidates.length > 0) {
        const metas = candidates.flatMap((candidate) => byId.get(candidate.id) ?? []);
        const chosen = firstWithin(metas, MAX_OPENED, MAX_OPENED_CHARS);
        const answer = await searchOpened(chosen, query, limit);
        if (answer.mode !== 'none') return { ...answer, mode: viaFuzzy && answer.mode === 'bm25' ? 'fuzzy' : answer.mode, moreOriginals: metas.length - chosen.length, unsearched: unindexed };
      }
      // No indexed term is near the query: look for it as a substring in the recent originals.
      const scanned = firstWithin(live, live.length, MAX_SCANNED_CHARS);
      const chunks: Chunk[] = [];
      for (const meta of scanned) {
        const original = await store.get(meta.id, { touch: false });
        if (original) chunks.push(...chunkOriginal(meta.id, original.content, meta.kind));
      }
      const fallback = substringHits(chunks, query, limit);
      return { ...fallback, mode: fallback.total > 0 ? 'substring' : 'none', moreOriginals: 0, unsearched: live.length - scanned.length };
    },

    index: (budgetMs = Number.POSITIVE_INFINITY) => serialIndex(undefined, budgetMs),
  };
}
