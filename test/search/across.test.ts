import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createHeadroom } from '../../src/headroom.js';
import { TERM_INDEX_VERSION } from '../../src/search/candidates.js';
import { createSearcher } from '../../src/search/searcher.js';
import { createMemoryStorage } from '../../src/store/memory.js';
import type { Storage, TermIndex } from '../../src/store/types.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/src/cli/main.js', import.meta.url).pathname;
const DAY = 24 * 3_600_000;

/** A log of `lines` ordinary lines with `planted` somewhere in the middle. */
function logWith(planted: string, lines = 300, seed = 'svc'): string {
  const body = Array.from({ length: lines }, (_, index) => `2026-12-01T10:${String(index % 60).padStart(2, '0')}:00Z INFO ${seed} request ${index} served in ${(index * 7) % 90} ms`);
  body.splice(Math.floor(lines / 2), 0, planted);
  return `${body.join('\n')}\n`;
}

function memoryStorage(): Storage {
  return createMemoryStorage({ ttlMs: DAY, maxStoreBytes: 1e9 });
}

describe('search across originals, on a persisted term index', () => {
  it('lasts: a restarted process and the CLI search what another process indexed, without re-indexing', async () => {
    const home = tempDir();
    const first = await createHeadroom({ env: {}, config: { home, store: 'sqlite' } });
    const target = await first.compress({ content: logWith('ERROR payment gateway answered ECONNRESET for order ord_5521') });
    for (const seed of ['alpha', 'beta']) await first.compress({ content: logWith(`WARN cache ${seed} refresh slow`, 300, seed) });
    const answer = await first.retrieve({ query: 'ECONNRESET' });
    expect(answer.blocks.join('\n')).toContain(target.hash);
    await first.close();

    const second = await createHeadroom({ env: {}, config: { home, store: 'sqlite' } });
    // Indexed once, by the first process: the entries are there before any search here.
    const indexed = await second.storage.terms.indexed();
    expect([...indexed.values()]).toEqual([TERM_INDEX_VERSION, TERM_INDEX_VERSION, TERM_INDEX_VERSION]);
    const again = await second.retrieve({ query: 'ord_5521' });
    expect(again.structured).toMatchObject({ mode: 'search_all', match_mode: 'bm25', matches: [{ hash: target.hash }] });
    await second.close();

    const cli = await run(process.execPath, [CLI, 'search', 'gateway ECONNRESET'], { env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home } });
    expect(cli.stdout).toContain(target.hash);
    expect(cli.stdout).toContain('ECONNRESET for order ord_5521');
  });

  it('indexes in the background after a compress call when asked to (the MCP server does)', async () => {
    const headroom = await createHeadroom({ env: {}, storage: memoryStorage(), indexInBackground: true });
    const result = await headroom.compress({ content: logWith('FATAL disk /dev/sda1 full') });
    await expect.poll(async () => (await headroom.storage.terms.indexed()).get(result.hash), { timeout: 5_000 }).toBe(TERM_INDEX_VERSION);
    await headroom.close();
  });

  it('drops entries of removed originals and re-makes entries of another version', async () => {
    const storage = memoryStorage();
    const headroom = await createHeadroom({ env: {}, storage });
    const gone = await headroom.compress({ content: logWith('ERROR shard 7 lost quorum') });
    const kept = await headroom.compress({ content: logWith('ERROR shard 9 lost quorum', 300, 'other') });
    await headroom.retrieve({ query: 'quorum' });
    await storage.originals.delete(gone.hash);
    // An entry cut by an older version of the term cutter, with terms the original no longer has.
    await storage.terms.add({ id: kept.hash, version: TERM_INDEX_VERSION - 1, length: 1, counts: new Map([['stale', 1]]) });
    const answer = await headroom.retrieve({ query: 'lost quorum' });
    expect(answer.structured.matches?.map((match) => match.hash)).toEqual([kept.hash]);
    expect(await storage.terms.indexed()).toEqual(new Map([[kept.hash, TERM_INDEX_VERSION]]));
    expect(await storage.terms.postings(['stale'])).toEqual([]);
    await headroom.close();
  });

  it('prefers the originals that hold a compound whole, and finds a misspelt word by its neighbours', async () => {
    const headroom = await createHeadroom({ env: {}, storage: memoryStorage() });
    const exact = await headroom.compress({ content: logWith('INFO upgraded typescript to 4.1.5') });
    await headroom.compress({ content: logWith('INFO node 4.1 ready, 5 workers', 300, 'parts') });
    const whole = await headroom.retrieve({ query: '4.1.5' });
    expect(whole.structured.matches?.map((match) => match.hash)).toEqual([exact.hash]);
    const fuzzy = await headroom.retrieve({ query: 'typescirpt' });
    expect(fuzzy.structured).toMatchObject({ match_mode: 'fuzzy', matches: [{ hash: exact.hash }] });
    await headroom.close();
  });

  it('opens the best few originals and says how many more match', async () => {
    const headroom = await createHeadroom({ env: {}, storage: memoryStorage() });
    for (let index = 0; index < 15; index++) await headroom.compress({ content: logWith(`ERROR flaky probe ${index} timed out`, 200, `node${index}`) });
    const answer = await headroom.retrieve({ query: 'flaky probe' });
    const hashes = new Set(answer.structured.matches?.map((match) => match.hash));
    expect(hashes.size).toBeGreaterThan(0);
    expect(hashes.size).toBeLessThanOrEqual(8);
    expect(answer.blocks.join('\n')).toContain('7 more originals match less well');
    await headroom.close();
  });

  it('still answers while the index has not caught up, by scanning the recent originals', async () => {
    const storage = memoryStorage();
    const headroom = await createHeadroom({ env: {}, storage });
    const stored = await headroom.compress({ content: logWith('ERROR replica lag 93 s on db-2') });
    const searcher = createSearcher(storage.originals, storage.terms, { indexBudgetMs: 0 });
    const answer = await searcher.searchAll('replica lag', 5);
    expect(answer).toMatchObject({ mode: 'substring', unsearched: 0 });
    expect(answer.hits[0]?.hash).toBe(stored.hash);
    expect(await storage.terms.indexed()).toEqual(new Map());
    await headroom.close();
  });

  it('fails open when the index cannot be read or written: the recent originals are ranked without it', async () => {
    const storage = memoryStorage();
    const broken: TermIndex = new Proxy(storage.terms, {
      get: () => async () => {
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    });
    const headroom = await createHeadroom({ env: {}, storage: { ...storage, terms: broken } });
    const stored = await headroom.compress({ content: logWith('ERROR certificate for api.example.com expired') });
    const answer = await headroom.retrieve({ query: 'certificate expired' });
    expect(answer.structured).toMatchObject({ match_mode: 'bm25', matches: [{ hash: stored.hash }] });
    await headroom.close();
  });
});
