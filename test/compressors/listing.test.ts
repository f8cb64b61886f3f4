import { describe, expect, it } from 'vitest';
import { createListingCompressor } from '../../src/compressors/listing.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createListingCompressor(), 100_000);

describe('listing compressor', () => {
  it('folds find output under its directories without losing a path', () => {
    const input = fixture('find.txt');
    const out = view(run(input, { lossless: true }));
    expect(out.lossless).toBe(true);
    const paths: string[] = [];
    let directory = '';
    for (const line of out.text.split('\n')) {
      if (line.startsWith('  ')) paths.push(`${directory}${line.slice(2)}`);
      else directory = line;
    }
    expect(paths).toEqual(input.trimEnd().split('\n'));
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.5);
  });

  it('summarizes each directory by count and extension when the budget is tight', () => {
    const out = view(run(fixture('find.txt'), { budgetTokens: 1000 }));
    expect(out.text).toContain('node_modules/@modelcontextprotocol/sdk/dist/esm/shared/ [40: 10 .js, 10 .js.map, 10 .ts.map, 10 .ts]');
    const counted = [...out.text.matchAll(/\/ \[(\d+): /g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(counted).toBe(698);
  });

  it('keeps the entries that match the query, even in directories it summarizes', () => {
    const input = fixture('find.txt');
    const without = view(run(input, { budgetTokens: 1000 }));
    expect(without.text).not.toContain('  streamableHttp.js\n');
    const out = view(run(input, { budgetTokens: 1000, query: 'server/streamableHttp.js' }));
    expect(out.text).toMatch(/dist\/esm\/server\/\n(?: {2}.*\n)*? {2}streamableHttp\.js\n/);
    // The other entries of that directory are still counted, not dropped.
    const counted = [...out.text.matchAll(/\/ \[(\d+): |\[\.\.\. (\d+) more: /g)].reduce((sum, match) => sum + Number(match[1] ?? match[2]), 0);
    const listed = out.text.split('\n').filter((line) => /^ {2}[^\s[]/.test(line)).length;
    expect(counted + listed).toBe(698);
  });

  it('keeps the largest entries and the setuid ones of ls -la, and counts what it leaves out', () => {
    const input = fixture('ls-la.txt');
    const out = view(run(input, { budgetTokens: 1500 }));
    const rows = input.split('\n').filter((line) => /^[-dl]/.test(line));
    const bySize = [...rows].sort((a, b) => Number(b.split(/\s+/)[4]) - Number(a.split(/\s+/)[4]));
    for (const row of bySize.slice(0, 5)) expect(out.text).toContain(row);
    for (const row of rows.filter((line) => /^-..s/.test(line))) expect(out.text).toContain(row);
    const shown = out.text.split('\n').filter((line) => /^[-dl]/.test(line)).length;
    const omitted = [...out.text.matchAll(/\[\.\.\. ([\d,]+) entries omitted/g)].reduce((sum, match) => sum + Number((match[1] as string).replace(/,/g, '')), 0);
    expect(shown + omitted).toBe(rows.length);
    expect(countTokens(out.text)).toBeLessThanOrEqual(1500);
  });

  it('keeps every npm ls problem with the path to it, and counts deduped subtrees', () => {
    const input = fixture('npm-ls-problems.txt');
    const out = view(run(input, { budgetTokens: 150 }));
    for (const line of ['├── UNMET DEPENDENCY left-pad@^1.3.0', '└── uuid@3.4.0 invalid: "^9.0.0" from the root project', 'npm error missing: left-pad@^1.3.0, required by fx-unmet@1.0.0']) {
      expect(out.text).toContain(line);
    }
    expect(out.text).toMatch(/\[\.\.\. \d+ nested entries omitted \(\d+ deduped\) \.\.\.\]/);
    const big = view(run(fixture('npm-ls.txt'), { budgetTokens: 900 }));
    expect(big.text).not.toContain('UNMET OPTIONAL DEPENDENCY @typescript/typescript-darwin-arm64');
    expect(big.text).not.toContain('aggregate-error');
  });
});
