import { describe, expect, it } from 'vitest';
import { createRecordsCompressor } from '../../src/compressors/records.js';
import { detect } from '../../src/detect.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createRecordsCompressor(), 3000);

/** `Package: name` of every record, in order. */
function names(input: string): string[] {
  return input.split('\n').flatMap((line) => /^Package: (\S+)$/.exec(line)?.slice(1) ?? []);
}

describe('records compressor', () => {
  it('detects dpkg and apt-cache stanzas as records', () => {
    expect(detect(fixture('records-apt-cache-show.txt')).kind).toBe('records');
    expect(detect(fixture('dpkg-s.txt')).kind).toBe('records');
  });

  it('writes one row per record with the fields that tell them apart, and names what it left out', () => {
    const input = fixture('dpkg-s.txt');
    const out = view(run(input, { budgetTokens: 8000 }));
    expect(out.text.split('\n')[0]).toBe('[headroom records: 119 records of `Key: value` fields, one row each below: Package | Installed-Size | Version | Description | Source]');
    expect(out.text).toContain('[every record that has them: Status: install ok installed]');
    expect(out.text).toMatch(/\[fields left out of the rows \(records having them\): .*Maintainer \(119\)/);
    // Each row is the record's own values, verbatim.
    expect(out.text.split('\n')).toContain('adduser | 686 | 3.134 | add and remove users and groups | ');
    for (const name of names(input)) expect(out.text).toMatch(new RegExp(`^${name.replace(/[.+]/g, '\\$&')} \\| `, 'm'));
  });

  it('past the budget: rows from both ends, and every other record named in the marker', () => {
    const input = fixture('records-apt-cache-show.txt');
    const out = view(run(input, { budgetTokens: 2000 }));
    expect(countTokens(out.text)).toBeLessThan(2600);
    const marker = out.text.split('\n').find((line) => /^\[\.\.\. \d+ records omitted \(lines [\d,]+-[\d,]+\): /.test(line)) as string;
    expect(marker).toBeDefined();
    for (const name of new Set(names(input))) expect(out.text.includes(`\n${name} | `) || marker.includes(` ${name}`), name).toBe(true);
  });

  it('a query keeps the matching records whole', () => {
    const input = fixture('records-apt-cache-show.txt');
    const out = view(run(input, { query: 'python3-httplib2' }));
    expect(out.text).toContain('Package: python3-httplib2\n');
    expect(out.text).toContain('Version: 0.20.4-3+deb12u1');
  });

  it('skips text that is not records', () => {
    expect(run(fixture('man-tar.txt')).status).toBe('skipped');
  });
});
