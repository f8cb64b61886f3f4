import { describe, expect, it } from 'vitest';
import { createProseCompressor } from '../../src/compressors/prose/compressor.js';
import { htmlToText } from '../../src/compressors/prose/html.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, requestFor, runner, view } from '../helpers/compressor.js';

const run = runner(createProseCompressor(), 1500);

describe('prose compressor', () => {
  it('keeps the answer to a question about a man page, every section heading, and marks what it leaves out', () => {
    const input = fixture('man-tar.txt');
    const out = view(run(input, { query: 'strip leading path components on extraction' }));
    expect(out.text).toContain('--strip-components=NUMBER');
    for (const heading of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'RETURN VALUE', 'SEE ALSO']) expect(out.text).toMatch(new RegExp(`^${heading}$`, 'm'));
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.4);
    const lines = input.split('\n');
    for (const marker of out.text.matchAll(/omitted \(lines ([\d,]+)-([\d,]+)\)/g)) {
      const last = Number((marker[2] as string).replace(/,/g, ''));
      expect(last).toBeLessThanOrEqual(lines.length);
    }
  });

  it('reads HTML as its text: headings, code and links kept, markup and scripts gone', () => {
    const html = fixture('rustdoc-unstable-features.html');
    const text = htmlToText(html);
    expect(text).toContain('# Unstable features');
    expect(text).toMatch(/```\n[\s\S]+?\n```/);
    expect(text).not.toMatch(/<\/?(?:div|script|span)\b/);
    // A table inside a wrapper div comes through as a table, not as a placeholder.
    expect(text).toContain('| both flags | all items |');
    expect(text).not.toMatch(/\u0000/);
    const out = view(run(html, { query: 'output format json' }));
    expect(out.text).toContain('--output-format');
    expect(out.omitted).toContain('HTML reduced to its text');
  });

  it('keeps the whole of what matches the query best and the start of each section', () => {
    const input = fixture('spec-dpkg-triggers.txt');
    const out = view(run(input, { budgetTokens: 900, query: 'characters allowed in trigger names' }));
    expect(out.text).toContain('Trigger names contain only printing 7-bit ascii characters (no\nwhitespace).');
    expect(out.text).toContain('A dpkg trigger is a facility');
  });

  it('lets a scorer decide what matters when one is given', () => {
    const input = fixture('spec-dpkg-triggers.txt');
    const target = 'Explicit trigger names form part of the interface between packages.';
    const favourite = { score: (paragraphs: readonly string[]) => paragraphs.map((paragraph) => (paragraph.includes(target) ? 1 : 0)) };
    const chosen = view(createProseCompressor(favourite).compress(requestFor(input, 300)));
    expect(chosen.text).toContain(target);
    const shy = { score: (paragraphs: readonly string[]) => paragraphs.map((paragraph) => (paragraph.includes(target) ? 0 : 1)) };
    expect(view(createProseCompressor(shy).compress(requestFor(input, 300))).text).not.toContain(target);
  });

  it('leaves plain text without paragraphs (a log) to the general compressor', () => {
    expect(run(fixture('apt-term-log.txt')).status).toBe('skipped');
  });
});
