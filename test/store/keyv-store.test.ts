import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import type { EncodedOriginal } from '../../src/store/codec.js';
import { createKeyvOriginalStore } from '../../src/store/keyv-store.js';
import type { Forgotten, OriginalMeta } from '../../src/store/types.js';

describe('the keyv original store', () => {
  it('still serves a read when the access time cannot be written (a locked, full or read-only store)', async () => {
    const metas = new Keyv<OriginalMeta>({ namespace: 'meta', throwOnErrors: true });
    const store = createKeyvOriginalStore({
      blobs: new Keyv<EncodedOriginal>({ namespace: 'blob', throwOnErrors: true }),
      metas,
      tombstones: new Keyv<Forgotten>({ namespace: 'tomb', throwOnErrors: true }),
      ttlMs: 60_000,
      maxStoreBytes: 1024 * 1024,
      now: () => 1_000,
    });
    const content = 'line one\nline two\n'.repeat(100);
    const meta = await store.put({ content, kind: 'text', tokens: 400, source: 'test' });
    const set = metas.set.bind(metas);
    metas.set = async () => {
      throw Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    };
    const read = await store.get(meta.id);
    expect(read?.content).toBe(content);
    expect(read?.meta.expiresAt).toBe(meta.expiresAt);
    metas.set = set;
    expect((await store.get(meta.id))?.content).toBe(content);
  });
});
