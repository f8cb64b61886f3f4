import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../src/headroom.js';
import type { RetrieveRequest } from '../src/retrieve.js';
import { countTokens } from '../src/tokens.js';
import { manualClock } from './helpers/temp.js';

let headroom: Headroom;

beforeEach(async () => {
  headroom = await createHeadroom({ env: {}, config: { store: 'memory' } });
});

afterEach(async () => {
  await headroom.close();
});

/** Follows the pages the way a model would: the first block is the text, the rest notes. */
async function readAll(hash: string, pageTokens: number): Promise<{ text: string; pages: string[][] }> {
  const pages: string[][] = [];
  let text = '';
  let request: RetrieveRequest = { hash, pageTokens };
  for (let guard = 0; guard < 10_000; guard++) {
    const answer = await headroom.retrieve(request);
    pages.push(answer.blocks);
    text += answer.blocks[0] ?? '';
    const { next_offset: line, next_char_offset: char } = answer.structured;
    if (line === undefined) return { text, pages };
    // The note names the same call the metadata describes.
    expect(answer.blocks[1]).toContain(`headroom_retrieve hash=${hash} offset=${line}${char === undefined ? '' : ` char_offset=${char}`}`);
    request = { hash, pageTokens, offset: line, ...(char === undefined ? {} : { charOffset: char }) };
  }
  throw new Error('pages never ended');
}

async function store(content: string): Promise<string> {
  return (await headroom.compress({ content, lossless: true })).hash;
}

describe('retrieve pages', () => {
  it('pages one line longer than a page by character, without splitting a character', async () => {
    const original = `head\n${'ab😀cd '.repeat(6_000)}\ntail\n`;
    const { text, pages } = await readAll(await store(original), 2_000);
    expect(text === original).toBe(true);
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      expect(countTokens(page[0] ?? '')).toBeLessThanOrEqual(2_000);
      const body = page[0] ?? '';
      const split = /^[\udc00-\udfff]/.test(body.slice(0, 1)) || /[\ud800-\udbff]$/.test(body.slice(-1));
      expect(split).toBe(false);
    }
    expect(pages[2]?.[1]).toMatch(/lines 2-2, line 2 from char \d[\d,]* .*char_offset=/);
  });

  it('bounds every page in tokens, not characters, and the pages join back byte for byte', async () => {
    // base64 runs about 1.4 characters a token: a character bound would overshoot 3x.
    const original = Array.from({ length: 400 }, () => randomBytes(300).toString('base64')).join('\n');
    const { text, pages } = await readAll(await store(original), 5_000);
    // A plain comparison: toBe on long strings that differ in UTF-16 pairs is very slow.
    expect(text === original).toBe(true);
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expect(countTokens(page[0] ?? '')).toBeLessThanOrEqual(5_000);
  });

  it('returns a small original whole in one block, with no note', async () => {
    const original = 'one\ntwo\nthree\n'.repeat(100);
    const answer = await headroom.retrieve({ hash: await store(original), pageTokens: 5_000 });
    expect(answer.blocks).toEqual([original]);
    expect(answer.structured.mode).toBe('original');
  });

  it('keeps to offset and limit, and says where the rest starts', async () => {
    const original = Array.from({ length: 50 }, (_, i) => `row ${i + 1}`).join('\n');
    const hash = await store(original);
    const answer = await headroom.retrieve({ hash, offset: 10, limit: 3 });
    expect(answer.blocks[0]).toBe('row 10\nrow 11\nrow 12\n');
    expect(answer.blocks[1]).toBe(`[headroom: lines 10-12 of 50 of ${hash}; the rest: headroom_retrieve hash=${hash} offset=13]`);
  });

  it('refuses a char_offset past the end of its line', async () => {
    const hash = await store('short line\nanother one\n'.repeat(20));
    await expect(headroom.retrieve({ hash, offset: 1, charOffset: 50 })).rejects.toThrow(/char_offset 50 is past the end of line 1/);
  });
});

describe('an expired original', () => {
  it('says how long originals live with the TTL in force, and not to retry', async () => {
    const clock = manualClock();
    const short = await createHeadroom({ env: {}, config: { store: 'memory', ttlMs: 5_000 }, now: clock.now });
    try {
      const { hash } = await short.compress({ content: 'one line\n'.repeat(500) });
      clock.advance(6_000);
      await short.storage.originals.sweep();
      await expect(short.retrieve({ hash })).rejects.toThrow(/expired \(originals live 5 s after their last use\).*Do not retry this hash/);
    } finally {
      await short.close();
    }
  });
});
