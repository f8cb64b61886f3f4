import type Keyv from 'keyv';
import { splitLines } from '../lines.js';
import { idFor } from '../marker.js';
import { decodeOriginal, type EncodedOriginal, encodeOriginal } from './codec.js';
import { createRecentOriginals } from './recent-originals.js';
import type { ForgetReason, Forgotten, OriginalMeta, OriginalStore, PutOriginal, StoredOriginal } from './types.js';

export interface KeyvStoreOptions {
  /** Original bytes, keyed by id. */
  blobs: Keyv<EncodedOriginal>;
  /** Metadata, keyed by id; small, so listing and eviction never read the blobs. */
  metas: Keyv<OriginalMeta>;
  /** Why removed ids are gone, so a stale hash gets a precise answer. */
  tombstones: Keyv<Forgotten>;
  ttlMs: number;
  maxStoreBytes: number;
  /** Injected so tests move time instead of sleeping. Epoch ms. */
  now: () => number;
  /**
   * Writes an original's blob and metadata in one step, so that a process killed half way
   * leaves neither. Without it they are written one after the other (blob first).
   */
  putTogether?: (id: string, blob: EncodedOriginal, meta: OriginalMeta) => Promise<void>;
  /** Removes blobs that have no metadata (left by a process killed between the two); how many. */
  dropOrphans?: () => Promise<number>;
}

// Other processes add originals too; re-count the whole store at least this often.
const SWEEP_INTERVAL_MS = 60_000;
const TOMBSTONE_TTL_MS = 7 * 24 * 3_600_000;
// Decoded originals kept in this process for the next read (paging a big one), in characters.
const RECENT_CHARS = 64 * 1024 * 1024;

/**
 * The one {@link OriginalStore} implementation, over any keyv backend. Expiry is ours, not
 * keyv's, so that reads can refresh it and tests can inject the clock.
 */
export function createKeyvOriginalStore(options: KeyvStoreOptions): OriginalStore {
  const { blobs, metas, tombstones, ttlMs, maxStoreBytes, now } = options;
  const putTogether =
    options.putTogether ??
    (async (id: string, blob: EncodedOriginal, meta: OriginalMeta) => {
      // Blob before metadata: whoever sees the metadata will find the bytes.
      await blobs.set(id, blob);
      await metas.set(id, meta);
    });
  // Bytes this process believes are stored; exact after a sweep, grown by each put.
  let approxBytes: number | undefined;
  let lastSweepAt = Number.NEGATIVE_INFINITY;
  const recent = createRecentOriginals(RECENT_CHARS);

  const live = (meta: OriginalMeta | undefined, at: number): meta is OriginalMeta => meta !== undefined && meta.expiresAt > at;

  async function remove(id: string, reason: ForgetReason): Promise<boolean> {
    recent.delete(id);
    const existed = await metas.delete(id);
    await blobs.delete(id);
    if (existed) await tombstones.set(id, { reason, at: now() }, TOMBSTONE_TTL_MS);
    return existed;
  }

  async function allMetas(): Promise<OriginalMeta[]> {
    const found: OriginalMeta[] = [];
    if (metas.iterator === undefined) return found;
    // keyv's own iterator signature asks for an argument it then ignores.
    for await (const [, value] of metas.iterator(undefined)) found.push(value as OriginalMeta);
    return found;
  }

  async function sweep(protect?: string): Promise<void> {
    const at = now();
    await options.dropOrphans?.();
    const everything = await allMetas();
    const expired = everything.filter((meta) => meta.expiresAt <= at);
    const alive = everything.filter((meta) => live(meta, at)).sort((a, b) => a.lastAccessAt - b.lastAccessAt);
    for (const meta of expired) await remove(meta.id, 'expired');
    let total = alive.reduce((sum, meta) => sum + meta.storedBytes, 0);
    for (const meta of alive) {
      if (total <= maxStoreBytes) break;
      if (meta.id === protect) continue;
      await remove(meta.id, 'evicted');
      total -= meta.storedBytes;
    }
    approxBytes = total;
    lastSweepAt = at;
  }

  return {
    async put({ content, kind, tokens, source }) {
      const id = idFor(content);
      const at = now();
      const existing = await metas.get(id);
      if (live(existing, at) && (await blobs.has(id))) {
        const refreshed = { ...existing, lastAccessAt: at, expiresAt: at + ttlMs };
        await metas.set(id, refreshed);
        return refreshed;
      }
      const encoded = encodeOriginal(content);
      const meta: OriginalMeta = {
        id,
        kind,
        storedBytes: encoded.data.length,
        bytes: Buffer.byteLength(content, 'utf8'),
        lines: splitLines(content).lines.length,
        tokens,
        source,
        createdAt: at,
        lastAccessAt: at,
        expiresAt: at + ttlMs,
      };
      await putTogether(id, encoded, meta);
      approxBytes = approxBytes === undefined ? undefined : approxBytes + meta.storedBytes;
      if (approxBytes === undefined || approxBytes > maxStoreBytes || at - lastSweepAt > SWEEP_INTERVAL_MS) await sweep(id);
      return meta;
    },

    async get(id, { touch = true } = {}): Promise<StoredOriginal | undefined> {
      const at = now();
      const meta = await metas.get(id);
      if (meta === undefined) return undefined;
      if (!live(meta, at)) {
        await remove(id, 'expired');
        return undefined;
      }
      let content = recent.get(id);
      if (content === undefined) {
        const blob = await blobs.get(id);
        if (blob === undefined) {
          await metas.delete(id);
          return undefined;
        }
        content = decodeOriginal(blob);
        recent.set(id, content);
      }
      if (!touch) return { meta, content };
      const refreshed = { ...meta, lastAccessAt: at, expiresAt: at + ttlMs };
      try {
        await metas.set(id, refreshed);
      } catch {
        // A store that cannot take the refresh now (locked, full, read-only) still serves the read.
        return { meta, content };
      }
      return { meta: refreshed, content };
    },

    async peek(id) {
      const meta = await metas.get(id);
      return live(meta, now()) ? meta : undefined;
    },

    async list() {
      const at = now();
      return (await allMetas()).filter((meta) => live(meta, at)).sort((a, b) => b.lastAccessAt - a.lastAccessAt);
    },

    delete: (id) => remove(id, 'deleted'),

    forgotten: (id) => tombstones.get(id),

    async purge() {
      const count = (await allMetas()).length;
      await metas.clear();
      await blobs.clear();
      recent.clear();
      approxBytes = 0;
      return count;
    },

    sweep: () => sweep(),
  };
}
