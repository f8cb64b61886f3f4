import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countTerms, searchTermsOf } from '../../src/search/candidates.js';
import { fixture } from '../helpers/compressor.js';

function countsOf(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

describe('index terms', () => {
  it('counts an original in slices exactly as it would whole', async () => {
    // Over the 256 KB slice size, with long lines, so slices end inside lines.
    const content = [fixture('man-bash.txt'), fixture('npm-view-typescript.json'), fixture('git-diff.txt')].join('\n');
    expect(content.length).toBeGreaterThan(600_000);
    const entry = await countTerms('hr_test', content);
    const whole = searchTermsOf(content);
    expect(entry.length).toBe(whole.length);
    expect(entry.counts).toEqual(countsOf(whole));
  });

  it('takes no terms from data blobs, however long, and keeps the words around them', async () => {
    const blob = randomBytes(3 * 1024 * 1024).toString('base64').replace(/[+/]{2,}/g, '+');
    const entry = await countTerms('hr_test', `before ${blob} after`);
    expect([...entry.counts.keys()].sort()).toEqual(['after', 'befor']);
    expect(searchTermsOf('x'.repeat(257))).toEqual([]);
    expect(searchTermsOf('ffa82a28679eb1d09ac70dcd725fb90b111d117f')).toContain('ffa82a28679eb1d09ac70dcd725fb90b111d117f');
  });
});
