import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idFor } from '../../src/marker.js';
import type { Storage } from '../../src/store/types.js';
import { manualClock } from '../helpers/temp.js';

export interface StorageFactoryOptions {
  ttlMs: number;
  maxStoreBytes: number;
  now: () => number;
}

const HOUR = 3_600_000;

/** The contract every storage backend keeps (run by each backend's test file). */
export function storageContract(name: string, open: (options: StorageFactoryOptions) => Promise<Storage>): void {
  describe(`${name} storage contract`, () => {
    async function fresh(overrides: Partial<StorageFactoryOptions> = {}) {
      const clock = manualClock();
      const storage = await open({ ttlMs: 24 * HOUR, maxStoreBytes: 64 * 1024 * 1024, now: clock.now, ...overrides });
      return { storage, clock, store: storage.originals };
    }

    it('round-trips any string byte for byte, under its content-addressed id', async () => {
      const { storage, store } = await fresh();
      const samples = ['', 'plain ascii\n', 'emoji 🎉 and 中文\r\nCRLF', 'nul \u0000 byte', 'lone \ud800 surrogate \udfff', '<|endoftext|>', 'x'.repeat(300_000)];
      for (const content of samples) {
        const meta = await store.put({ content, kind: 'text', tokens: 1, source: 'test' });
        expect(meta.id).toBe(idFor(content));
        const back = await store.get(meta.id);
        expect(back?.content).toBe(content);
      }
      await storage.close();
    });

    it('stores the same content once and refreshes it instead of duplicating', async () => {
      const { storage, store, clock } = await fresh();
      const first = await store.put({ content: 'same text', kind: 'text', tokens: 2, source: 'a' });
      clock.advance(HOUR);
      const second = await store.put({ content: 'same text', kind: 'text', tokens: 2, source: 'b' });
      expect(second.id).toBe(first.id);
      expect(second.expiresAt).toBe(first.expiresAt + HOUR);
      expect(await store.list()).toHaveLength(1);
      await storage.close();
    });

    it('expires an original after its TTL and says why it is gone', async () => {
      const { storage, store, clock } = await fresh({ ttlMs: HOUR });
      const meta = await store.put({ content: 'short lived', kind: 'text', tokens: 2, source: 'test' });
      clock.advance(HOUR - 1);
      expect(await store.peek(meta.id)).toBeDefined();
      clock.advance(2);
      expect(await store.get(meta.id)).toBeUndefined();
      expect((await store.forgotten(meta.id))?.reason).toBe('expired');
      expect(await store.list()).toHaveLength(0);
      await storage.close();
    });

    it('refreshes the TTL on every read', async () => {
      const { storage, store, clock } = await fresh({ ttlMs: HOUR });
      const meta = await store.put({ content: 'kept alive by reads', kind: 'text', tokens: 4, source: 'test' });
      for (let i = 0; i < 5; i++) {
        clock.advance(HOUR - 1000);
        expect((await store.get(meta.id))?.content).toBe('kept alive by reads');
      }
      await storage.close();
    });

    it('evicts the least recently used originals past the byte cap, never the newest', async () => {
      // Hex digests deflate to about half: each entry is ~14 KB stored, so three fit in 50 KB.
      const noise = (seed: number) =>
        Array.from({ length: 313 }, (_, i) => createHash('sha256').update(`${seed}:${i}`).digest('hex')).join('');
      const { storage, store, clock } = await fresh({ maxStoreBytes: 50_000 });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await store.put({ content: noise(i + 1), kind: 'text', tokens: 1, source: 'test' })).id);
        clock.advance(1000);
      }
      await store.get(ids[0] ?? '');
      clock.advance(1000);
      ids.push((await store.put({ content: noise(99), kind: 'text', tokens: 1, source: 'test' })).id);
      const live = (await store.list()).map((meta) => meta.id);
      expect(live).toContain(ids[3]);
      expect(live).toContain(ids[0]);
      expect(live).not.toContain(ids[1]);
      expect((await store.forgotten(ids[1] ?? ''))?.reason).toBe('evicted');
      const bytes = (await store.list()).reduce((sum, meta) => sum + meta.storedBytes, 0);
      expect(bytes).toBeLessThanOrEqual(50_000);
      await storage.close();
    });

    it('lists live originals most recently used first, and purges them all', async () => {
      const { storage, store, clock } = await fresh();
      await store.put({ content: 'one', kind: 'text', tokens: 1, source: 'test' });
      clock.advance(10);
      const two = await store.put({ content: 'two', kind: 'log', tokens: 1, source: 'test' });
      expect((await store.list())[0]?.id).toBe(two.id);
      expect(await store.purge()).toBe(2);
      expect(await store.list()).toHaveLength(0);
      expect(await store.get(two.id)).toBeUndefined();
      await storage.close();
    });

    it('adds usage figures into running totals per kind', async () => {
      const { storage } = await fresh();
      await storage.usage.add({ kind: 'log', calls: 1, tokensIn: 1000, tokensOut: 100 });
      await storage.usage.add({ kind: 'json', calls: 1, tokensIn: 500, tokensOut: 50 });
      await storage.usage.add({ retrieveCalls: 1, tokensRetrieved: 30 });
      const totals = await storage.usage.totals();
      expect(totals).toMatchObject({ calls: 2, tokensIn: 1500, tokensOut: 150, retrieveCalls: 1, tokensRetrieved: 30 });
      expect(totals.byKind.log).toEqual({ calls: 1, tokensIn: 1000, tokensOut: 100 });
      await storage.close();
    });

    it('keeps a term index: adds, replaces, looks up, lists its vocabulary, removes', async () => {
      const { storage } = await fresh();
      const { terms } = storage;
      await terms.add({ id: 'a', version: 1, length: 5, counts: new Map([['timeout', 3], ['4.1.5', 1], ['retry', 1]]) });
      await terms.add({ id: 'b', version: 1, length: 2, counts: new Map([['timeout', 1], ['retries', 1]]) });
      expect(await terms.indexed()).toEqual(new Map([['a', 1], ['b', 1]]));
      expect(await terms.totals()).toEqual({ documents: 2, length: 7 });
      const found = await terms.postings(['timeout', '4.1.5', 'absent']);
      expect(found.sort((x, y) => (x.id + x.term).localeCompare(y.id + y.term))).toEqual([
        { id: 'a', term: '4.1.5', count: 1, length: 5 },
        { id: 'a', term: 'timeout', count: 3, length: 5 },
        { id: 'b', term: 'timeout', count: 1, length: 2 },
      ]);
      expect((await terms.vocabulary('retr', 100, 100)).sort()).toEqual(['retries', 'retry']);
      expect((await terms.vocabulary('zz', 5, 5)).sort()).toEqual(['4.1.5', 'retry']);
      // Re-adding an id replaces its entry whole (a new version of the cutter).
      await terms.add({ id: 'a', version: 2, length: 1, counts: new Map([['fresh', 1]]) });
      expect(await terms.postings(['timeout'])).toEqual([{ id: 'b', term: 'timeout', count: 1, length: 2 }]);
      expect((await terms.indexed()).get('a')).toBe(2);
      await terms.remove(['b']);
      expect(await terms.postings(['timeout'])).toEqual([]);
      expect(await terms.totals()).toEqual({ documents: 1, length: 1 });
      await terms.clear();
      expect(await terms.indexed()).toEqual(new Map());
      await storage.close();
    });
  });
}
