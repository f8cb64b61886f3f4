import type { ContentKind } from '../kinds.js';

/** What the store knows about one original besides its bytes. Times are epoch milliseconds. */
export interface OriginalMeta {
  id: string;
  kind: ContentKind;
  /** Size as stored (after deflate); what the byte cap counts. */
  storedBytes: number;
  /** UTF-8 size of the original. */
  bytes: number;
  lines: number;
  /** o200k_base tokens of the original. */
  tokens: number;
  /** Where it came from: `mcp`, `mcp:path`, `cli`, `library`... */
  source: string;
  createdAt: number;
  lastAccessAt: number;
  expiresAt: number;
}

export interface PutOriginal {
  content: string;
  kind: ContentKind;
  tokens: number;
  source: string;
}

export interface StoredOriginal {
  meta: OriginalMeta;
  content: string;
}

/**
 * Where originals live. Content-addressed (same content, same id), byte-exact, with a TTL
 * refreshed on every read and a total byte cap enforced by least-recently-used eviction.
 */
export interface OriginalStore {
  /** Stores (or refreshes) `content`; resolves once it is durable. */
  put(original: PutOriginal): Promise<OriginalMeta>;
  /**
   * The original, or undefined when unknown or expired. Refreshes its TTL and recency
   * unless `touch` is false (indexing for search is not a use).
   */
  get(id: string, options?: { touch?: boolean }): Promise<StoredOriginal | undefined>;
  /** Metadata without reading the content or refreshing the TTL. */
  peek(id: string): Promise<OriginalMeta | undefined>;
  /** Every live original's metadata, most recently used first. */
  list(): Promise<OriginalMeta[]>;
  delete(id: string): Promise<boolean>;
  /** Deletes every original; returns how many there were. */
  purge(): Promise<number>;
  /** Drops expired entries and evicts least-recently-used ones past the byte cap. */
  sweep(): Promise<void>;
  /** Why an id is no longer stored, when it was once (kept for a week after removal). */
  forgotten(id: string): Promise<Forgotten | undefined>;
}

export const FORGET_REASONS = ['expired', 'evicted', 'deleted'] as const;
export type ForgetReason = (typeof FORGET_REASONS)[number];

export interface Forgotten {
  reason: ForgetReason;
  /** Epoch ms. */
  at: number;
}

/** Running totals, one row per scope, updated atomically by every process. */
export interface UsageTotals {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  retrieveCalls: number;
  tokensRetrieved: number;
  /** Per content kind: calls, tokens in, tokens out. */
  byKind: Record<string, { calls: number; tokensIn: number; tokensOut: number }>;
}

export interface UsageDelta {
  kind?: ContentKind;
  calls?: number;
  tokensIn?: number;
  tokensOut?: number;
  retrieveCalls?: number;
  tokensRetrieved?: number;
}

/** All-time usage figures, persisted beside the originals. */
export interface UsageLedger {
  add(delta: UsageDelta): Promise<void>;
  totals(): Promise<UsageTotals>;
}

/** One indexed original: how many times each term occurs in it, and its length in terms. */
export interface TermCounts {
  id: string;
  /** Which term cutter made the counts; entries of another version are re-made. */
  version: number;
  length: number;
  counts: ReadonlyMap<string, number>;
}

export interface TermPosting {
  id: string;
  term: string;
  count: number;
  /** The original's length in terms. */
  length: number;
}

/**
 * The persisted index behind search across originals: per original, the terms it holds and
 * how often. Shared by every process on the store, so a search after a restart, or from
 * another process, does not re-read every original.
 */
export interface TermIndex {
  /** Every indexed original's id, with the version of its entry. */
  indexed(): Promise<Map<string, number>>;
  /** Adds or replaces one original's entry, atomically. */
  add(entry: TermCounts): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  /** Where each of `terms` occurs. */
  postings(terms: readonly string[]): Promise<TermPosting[]>;
  /** Distinct indexed terms that start with `prefix` or whose length is within the range. */
  vocabulary(prefix: string, minLength: number, maxLength: number): Promise<string[]>;
  /** Indexed originals and their summed length in terms. */
  totals(): Promise<{ documents: number; length: number }>;
}

/** A store backend: originals, the usage ledger, the search index, and how to close them. */
export interface Storage {
  readonly backend: 'sqlite' | 'memory';
  readonly originals: OriginalStore;
  readonly usage: UsageLedger;
  readonly terms: TermIndex;
  /** Said once at start when the store is not as it should be (a damaged file moved aside, a home that cannot be written), for the user to read. */
  readonly notice?: string;
  close(): Promise<void>;
}
