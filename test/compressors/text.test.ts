import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTextCompressor } from '../../src/compressors/text.js';
import type { CompressOutcome, CompressRequest } from '../../src/compressors/types.js';
import { createDeadline, NO_DEADLINE } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';
import { countTokens } from '../../src/tokens.js';
import { verifyView } from '../helpers/view.js';

const text = createTextCompressor();

function run(input: string, options: Partial<CompressRequest> = {}): CompressOutcome {
  return text.compress({ text: input, detected: detect(input), budgetTokens: 1000, lossless: false, deadline: NO_DEADLINE, ...options });
}

function compressed(outcome: CompressOutcome) {
  if (outcome.status !== 'compressed') throw new Error(`expected a view, got skipped: ${outcome.reason}`);
  return outcome;
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

/** A 2,000-line service log with one error and its Python traceback in the middle. */
function serviceLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = `2026-03-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
    lines.push(`${t} INFO api request id=${1000 + i} path=/v1/items/${i % 37} status=200 took=${(i * 7) % 90}ms`);
    if (i === 1234) {
      lines.push(`${t} ERROR worker crashed while syncing account acct_77`);
      lines.push('Traceback (most recent call last):');
      lines.push('  File "/srv/app/sync.py", line 88, in run');
      lines.push('    balance = ledger[account]');
      lines.push("KeyError: 'acct_77'");
    }
    if (i === 600) lines.push(`${t} WARN pool nearly exhausted (45/50 connections)`);
  }
  return `${lines.join('\n')}\n`;
}

describe('general text compressor', () => {
  it('folds 40 identical lines losslessly into one line and a count', () => {
    const input = `${'retrying connection to db.internal:5432 ...\n'.repeat(40)}done\n`;
    const out = compressed(run(input, { budgetTokens: countTokens(input) }));
    expect(out.lossless).toBe(true);
    expect(out.text).toContain('[... previous line repeated 39 more times (lines 2-40) ...]');
    verifyView(input, out.text);
  });

  it('folds repeated multi-line blocks losslessly', () => {
    const input = 'a\nb\nc\n'.repeat(200);
    const out = compressed(run(input, { budgetTokens: countTokens(input) }));
    expect(out.text.split('\n')).toHaveLength(4);
    expect(out.text).toContain('previous 3 lines repeated 199 more times (lines 4-600)');
    verifyView(input, out.text);
  });

  it('folds near-repeats whose numbers, ids and timestamps vary, keeping first and last', () => {
    const input = Array.from({ length: 300 }, (_, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z GET /api/users/${i} 200 ${i * 3}ms`).join('\n');
    const out = compressed(run(input, { budgetTokens: 5000 }));
    expect(out.lossless).toBe(false);
    expect(out.text).toContain('[... 298 similar lines omitted (lines 2-299) ...]');
    expect(out.text).toContain('GET /api/users/0 200');
    expect(out.text).toContain('GET /api/users/299 200');
    expect(out.omitted).toBe('298 of 300 lines omitted');
    verifyView(input, out.text);
  });

  it('keeps the error line and its whole traceback from the middle of a long log', () => {
    const input = serviceLog();
    const out = compressed(run(input));
    for (const needle of ['ERROR worker crashed', 'Traceback (most recent call last):', 'File "/srv/app/sync.py", line 88', "KeyError: 'acct_77'", 'WARN pool nearly exhausted']) {
      expect(out.text).toContain(needle);
    }
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.1);
    verifyView(input, out.text);
  });

  it('keeps the lines that best match the query', () => {
    const input = serviceLog();
    const out = compressed(run(input, { query: 'acct_77' }));
    expect(out.text).toContain('acct_77');
    const plain = Array.from({ length: 3000 }, (_, i) => `row ${i}: value=${(i * 7919) % 1000} color=${['red', 'green', 'blue'][i % 3]}`);
    plain[2222] = 'row 2222: value=13 color=ultraviolet';
    const withQuery = compressed(run(plain.join('\n'), { query: 'ultraviolet' }));
    expect(withQuery.text).toContain('row 2222: value=13 color=ultraviolet');
    verifyView(plain.join('\n'), withQuery.text);
  });

  it('keeps head and tail and marks every gap with its exact line range', () => {
    const input = Array.from({ length: 5000 }, (_, i) => `${i % 2 ? 'alpha' : 'beta'} ${'word '.repeat(i % 7)}${i}`).join('\n');
    const out = compressed(run(input, { budgetTokens: 500 }));
    const shown = verifyView(input, out.text);
    expect(shown[0]).toBe(1);
    expect(shown[shown.length - 1]).toBe(5000);
    expect(countTokens(out.text)).toBeLessThan(800);
  });

  it('cuts an over-long single line to a head and tail with a marker', () => {
    const input = `${'x'.repeat(50_000)}END`;
    const out = compressed(run(input));
    expect(out.text).toMatch(/^x{1200}\[\.\.\. 48,403 chars omitted \.\.\.\]x{397}END$/);
    expect(out.omitted).toContain('long lines cut');
  });

  it('with lossless, folds exact repeats only and otherwise skips', () => {
    const input = serviceLog();
    const outcome = run(input, { lossless: true });
    expect(outcome).toEqual({ status: 'skipped', reason: 'no repeated lines to fold' });
    const repeated = compressed(run(`${'same line of output here\n'.repeat(50)}end`, { lossless: true }));
    expect(repeated.lossless).toBe(true);
  });

  it('gives up with a skip when the deadline has passed', () => {
    let clock = 0;
    const deadline = createDeadline(10, () => (clock += 100));
    expect(run(serviceLog(), { deadline })).toEqual({ status: 'skipped', reason: 'deadline' });
  });

  it('is deterministic and never alters a line, on real fixtures', () => {
    for (const name of ['app-log.txt', 'npm-install.txt', 'vitest-failures-verbose.txt', 'ls-la.txt', 'grep-rn.txt', 'git-diff.txt']) {
      const input = fixture(name);
      const first = run(input, { detected: detect(input) });
      expect(run(input, { detected: detect(input) })).toEqual(first);
      const view = compressed(first);
      verifyView(input, view.text);
      expect(countTokens(view.text)).toBeLessThan(countTokens(input));
    }
  });

  it('never throws and never misplaces a line on arbitrary text', () => {
    const line = fc.oneof(fc.constantFrom('', 'ERROR boom', 'at foo (x.js:1:2)', 'same', 'WARN x'), fc.string({ maxLength: 30 }), fc.integer().map((n) => `item ${n} ok`));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 400 }), fc.integer({ min: 20, max: 2000 }), fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), (lines, budget, query) => {
        const input = lines.join('\n').replace(/\r/g, '');
        const outcome = run(input, { budgetTokens: budget, ...(query === undefined ? {} : { query }) });
        if (outcome.status === 'compressed') verifyView(input, outcome.text);
      }),
      { numRuns: 300 },
    );
  });
});
