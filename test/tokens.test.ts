import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { countTokens as exactO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../src/tokens.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

describe('token counts', () => {
  it('are exact for ordinary text up to 1 MB, also when it is counted in slices', () => {
    for (const name of ['man-bash.txt', 'npm-view-typescript.json', 'app-log.txt', 'source-napi.h']) {
      const text = readFileSync(new URL(name, FIXTURES), 'utf8');
      expect(countTokens(text), name).toBe(exactO200k(text, { disallowedSpecial: new Set() }));
    }
    expect(countTokens('')).toBe(0);
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('count a long run of letters in slices, close to the exact count of a shorter run', () => {
    // Exact counting of one 64 KB run is already slow (quadratic); the slices agree with it within 1%.
    const run = 'x'.repeat(65_536);
    const exact = exactO200k(run);
    expect(Math.abs(countTokens(run) - exact) / exact).toBeLessThan(0.01);
    // 4 MB in one run: counted at all (it used to take minutes), in proportion to the short one.
    const long = countTokens('x'.repeat(4 * 1024 * 1024));
    expect(Math.abs(long / 64 - exact) / exact).toBeLessThan(0.02);
  });

  it('estimate text over 1 MB from samples, within 2% of the exact count', () => {
    const text = readFileSync(new URL('man-bash.txt', FIXTURES), 'utf8').repeat(4);
    const exact = 4 * exactO200k(readFileSync(new URL('man-bash.txt', FIXTURES), 'utf8'));
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(Math.abs(countTokens(text) - exact) / exact).toBeLessThan(0.02);
    const base64 = randomBytes(810_000).toString('base64');
    const sliced = Array.from({ length: Math.ceil(base64.length / 65_536) }, (_, index) => exactO200k(base64.slice(index * 65_536, (index + 1) * 65_536))).reduce((sum, count) => sum + count, 0);
    expect(Math.abs(countTokens(base64) - sliced) / sliced).toBeLessThan(0.02);
  });
});
