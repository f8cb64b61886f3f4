import Keyv from 'keyv';
import { createKeyvOriginalStore } from './keyv-store.js';
import type { EncodedOriginal } from './codec.js';
import type { Forgotten, OriginalMeta, Storage } from './types.js';
import { createMemoryTermIndex } from './memory-terms.js';
import { createMemoryLedger } from './usage.js';

export interface MemoryStorageOptions {
  ttlMs: number;
  maxStoreBytes: number;
  now?: () => number;
}

/** Ephemeral storage for this process only (`HEADROOM_STORE=memory`, tests). */
export function createMemoryStorage({ ttlMs, maxStoreBytes, now = Date.now }: MemoryStorageOptions): Storage {
  const blobs = new Keyv<EncodedOriginal>({ namespace: 'blob', throwOnErrors: true });
  const metas = new Keyv<OriginalMeta>({ namespace: 'meta', throwOnErrors: true });
  const tombstones = new Keyv<Forgotten>({ namespace: 'tomb', throwOnErrors: true });
  return {
    backend: 'memory',
    originals: createKeyvOriginalStore({ blobs, metas, tombstones, ttlMs, maxStoreBytes, now }),
    usage: createMemoryLedger(),
    terms: createMemoryTermIndex(),
    close: async () => {},
  };
}
