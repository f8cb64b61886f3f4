import { describe, expect, it } from 'vitest';
import { createReferenceCompressor } from '../../src/compressors/reference.js';
import { detect } from '../../src/detect.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createReferenceCompressor(), 2000);
const input = fixture('help-big-cli.txt');
const options = input.split('\n').filter((line) => /^ {2}-/.test(line)).map((line) => line.trim().split(/\s{2,}/)[0] as string);

describe('reference compressor (--help of a big CLI)', () => {
  it('detects an option list, and not ls -l', () => {
    expect(detect(input).kind).toBe('reference');
    expect(detect(fixture('ls-la.txt')).kind).toBe('listing');
  });

  it('keeps the first entries whole and names every other one where it was left out', () => {
    const out = view(run(input, { budgetTokens: 6000 }));
    expect(options.length).toBe(398);
    const lines = out.text.split('\n');
    expect(lines[0]).toBe('The following options control compiler warning messages:');
    for (const name of options) {
      const whole = lines.some((line) => line.trimStart().startsWith(`${name} `) || line.trim() === name);
      const named = lines.some((line) => line.startsWith('[... ') && (line.includes(`: ${name},`) || line.includes(`, ${name},`) || line.includes(`, ${name} ...]`) || line.includes(`: ${name} ...]`)));
      expect(whole || named, name).toBe(true);
    }
    expect(out.omitted).toMatch(/^[\d,]+ of 726 lines omitted; [\d,]+ of 398 entries by name only$/);
  });

  it('counts the entries it leaves out when their names would take over half the budget', () => {
    const out = view(run(input));
    expect(out.text).toMatch(/^\[\.\.\. [\d,]+ lines omitted \(lines [\d,]+-[\d,]+\): [\d,]+ entries \.\.\.\]$/m);
    expect(out.text).not.toContain('-Wuseless-cast');
  });

  it('a query brings its entries whole', () => {
    const entry = '  -Wuseless-cast              Warn about useless casts.';
    expect(view(run(input)).text.split('\n')).not.toContain(entry);
    expect(view(run(input, { query: 'useless cast' })).text.split('\n')).toContain(entry);
  });

  it('skips text with few entries', () => {
    expect(run('Usage: tool [options]\n  -h  help\n  -v  version\n').status).toBe('skipped');
  });
});
