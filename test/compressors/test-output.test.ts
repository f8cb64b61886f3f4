import { describe, expect, it } from 'vitest';
import { createTestOutputCompressor } from '../../src/compressors/test-output.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createTestOutputCompressor(), 1000);

describe('test output compressor', () => {
  it('keeps both failures of a 302-test vitest run with names, messages, expected/actual and locations, and folds the 300 passes', () => {
    const input = fixture('vitest-failures-verbose.txt');
    const out = view(run(input));
    for (const kept of [
      ' × test/tokens.test.js > compressionRatio > computes the ratio for a truncated lorem paragraph 7ms',
      ' FAIL  test/logparse.test.js > summarize > counts actions and skipped lines',
      'AssertionError: expected 0.333 to be 0.345 // Object.is equality',
      '-     "status": 5,',
      '+     "status": 4,',
      '- 0.345',
      '+ 0.333',
      ' ❯ test/logparse.test.js:39:31',
      '      Tests  2 failed | 300 passed (302)',
    ]) {
      expect(out.text).toContain(kept);
    }
    expect(out.text).not.toContain('✓');
    const folded = [...out.text.matchAll(/\[\.\.\. (\d+) passed in (\S+) \(lines (\d+)-(\d+)\) \.\.\.\]/g)];
    expect(folded.reduce((sum, marker) => sum + Number(marker[1]), 0)).toBe(300);
    for (const marker of folded) expect(Number(marker[4]) - Number(marker[3]) + 1).toBe(Number(marker[1]));
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.13);
  });

  it('keeps per-file summary lines of the default reporter rather than folding them as single passes', () => {
    const out = view(run(fixture('vitest-failures.txt')));
    expect(out.text).toContain(' ✓ test/strings.test.js (119 tests)');
    expect(out.text).toContain('[... 56 passed in test/tokens.test.js (lines 5-60) ...]');
  });

  it('folds TAP, go test and pytest passes too', () => {
    const tap = ['TAP version 13', ...Array.from({ length: 20 }, (_, i) => `ok ${i + 1} - parses case ${i}`), 'not ok 21 - rejects empty input', '  ---', "  message: 'Expected values to be strictly equal'", '  ...', '1..21'].join('\n');
    const folded = view(run(tap)).text;
    expect(folded).toContain('[... 20 passed (lines 2-21) ...]');
    expect(folded).toContain('not ok 21 - rejects empty input');
    expect(folded).toContain("  message: 'Expected values to be strictly equal'");
    const pytest = [...Array.from({ length: 10 }, (_, i) => `tests/test_api.py::test_case_${i} PASSED [${i * 9}%]`), 'tests/test_api.py::test_broken FAILED [100%]'].join('\n');
    expect(view(run(pytest)).text).toBe('[... 10 passed in tests/test_api.py (lines 1-10) ...]\ntests/test_api.py::test_broken FAILED [100%]');
  });

  it('leaves output with almost no passes to others', () => {
    expect(run('FAIL src/a.test.ts\n  ● adds\n    expect(received).toBe(expected)\n').status).toBe('skipped');
  });
});
