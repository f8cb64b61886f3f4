import { describe, expect, it } from 'vitest';
import { createSearchCompressor } from '../../src/compressors/search-results/compressor.js';
import { detect } from '../../src/detect.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createSearchCompressor(), 100_000);

/** Reads a grouped view back into `path:line:text` / `path-line-text` lines, checking every row against the original. */
function rowsOf(grouped: string): string[] {
  const rows: string[] = [];
  let path = '';
  for (const line of grouped.split('\n')) {
    const row = /^(\d+)([:-])(.*)$/.exec(line);
    if (row) rows.push(`${path}${row[2]}${row[1]}${row[2]}${row[3]}`);
    else if (line !== '--' && !line.startsWith('[... ')) path = line.replace(/ \(\d+ of \d+ matches shown\)$/, '');
  }
  return rows;
}

describe('search results compressor', () => {
  it('groups grep -rn by file without losing a line: the view reads back to the input', () => {
    const input = fixture('grep-rn.txt');
    const out = view(run(input, { lossless: true }));
    expect(out.lossless).toBe(true);
    expect(rowsOf(out.text)).toEqual(input.trimEnd().split('\n'));
    // 229 hits in 21 files: grouping alone saves over 30%.
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.7);
  });

  it('keeps context lines and separators within a file, for grep -C and rg -C', () => {
    for (const name of ['grep-context.txt', 'rg-context.txt']) {
      const input = fixture(name);
      const out = view(run(input, { lossless: true }));
      const original = input.split('\n').filter((line) => line !== '--' && line !== '');
      expect(rowsOf(out.text), name).toEqual(original);
      expect(out.text).toContain('\n--\n');
    }
  });

  it('never fuses one line number with another line\'s text when it selects', () => {
    const input = fixture('grep-context.txt');
    const out = view(run(input, { budgetTokens: 800, query: 'reconnection attempts exceeded' }));
    const original = new Set(input.split('\n'));
    const rows = rowsOf(out.text);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(original.has(row), row).toBe(true);
    expect(out.text).toContain('Maximum reconnection attempts');
    expect(countTokens(out.text)).toBeLessThanOrEqual(800);
  });

  it('says per file how many matches are not shown, and the counts add up', () => {
    const input = fixture('grep-rn.txt');
    const out = view(run(input, { budgetTokens: 600 }));
    const total = input.trimEnd().split('\n').length;
    const shown = rowsOf(out.text).length;
    const inFiles = [...out.text.matchAll(/\[\.\.\. (\d+) match(?:es)? omitted/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const inSkippedFiles = [...out.text.matchAll(/files? omitted \((\d+) match/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(shown + inFiles + inSkippedFiles).toBe(total);
    expect(out.omitted).toBe(`${inFiles + inSkippedFiles} of ${total} matches omitted`);
    for (const header of out.text.matchAll(/^(\S+) \((\d+) of (\d+) matches shown\)$/gm)) expect(Number(header[2])).toBeLessThan(Number(header[3]));
  });

  it('reads rg --heading and rg --json', () => {
    const heading = fixture('rg-heading.txt');
    expect(detect(heading).kind).toBe('search');
    const cut = view(run(heading, { budgetTokens: 500, query: 'fuzzy' }));
    expect(rowsOf(cut.text).every((row) => heading.includes(row.replace(/^(.*?):(\d+):/, '$2:').slice(0, 40)))).toBe(true);
    const json = fixture('rg-json.ndjson');
    expect(detect(json).kind).toBe('search');
    const out = view(run(json, { lossless: true }));
    expect(out.text.split('\n')[0]).toBe('node_modules/minisearch/src/SearchableMap/fuzzySearch.ts');
    expect(out.text).toContain('12:export const fuzzySearch = ');
    expect(out.text).toMatch(/rg summary: \d+ matches in \d+ files/);
  });

  it('keeps lines that are not hits, such as permission errors, in place', () => {
    const input = `src/a.ts:1:alpha\ngrep: secrets/key.pem: Permission denied\nsrc/b.ts:2:beta\n`.repeat(1);
    const out = view(run(input, { lossless: true }));
    expect(out.text).toBe('src/a.ts\n1:alpha\ngrep: secrets/key.pem: Permission denied\nsrc/b.ts\n2:beta');
  });

  it('leaves text that is not search output alone', () => {
    expect(run('hello world\nthis is prose\nnothing to see\n').status).toBe('skipped');
  });
});
