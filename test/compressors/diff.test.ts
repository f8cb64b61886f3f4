import { describe, expect, it } from 'vitest';
import { createDiffCompressor, groupCounter, render } from '../../src/compressors/diff/compressor.js';
import { type Hunk, parseDiff } from '../../src/compressors/diff/parse.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createDiffCompressor(), 1000);

const changed = (text: string) => text.split('\n').filter((line) => /^[+-]/.test(line) && !/^(?:\+\+\+|---) /.test(line));

describe('diff compressor', () => {
  it('keeps every file header and every changed line of a real multi-file diff, in order', () => {
    const input = fixture('git-diff.txt');
    const out = view(run(input, { budgetTokens: 3000 }));
    expect(changed(out.text)).toEqual(changed(input));
    const headers = input.split('\n').filter((line) => /^(?:diff --git|--- |\+\+\+ |@@ )/.test(line));
    expect(out.text.split('\n').filter((line) => /^(?:diff --git|--- |\+\+\+ |@@ )/.test(line))).toEqual(headers);
    expect(countTokens(out.text)).toBeLessThan(countTokens(input));
    expect(out.omitted).toMatch(/^[\d,]+ unchanged context lines omitted$/);
  });

  it('trims context to what the budget allows and marks every cut', () => {
    const hunk = ['@@ -1,13 +1,13 @@', ...Array.from({ length: 6 }, (_, i) => ` unchanged line number ${i} with some words in it`), '-old value', '+new value', ...Array.from({ length: 6 }, (_, i) => ` trailing line ${i} with more words in it`)];
    const input = ['diff --git a/a.txt b/a.txt', 'index 1111111..2222222 100644', '--- a/a.txt', '+++ b/a.txt', ...hunk].join('\n');
    const out = view(run(input, { budgetTokens: 40 }));
    expect(out.text).toBe(
      ['diff --git a/a.txt b/a.txt', 'index 1111111..2222222 100644', '--- a/a.txt', '+++ b/a.txt', '@@ -1,13 +1,13 @@', '[... 6 unchanged lines omitted ...]', '-old value', '+new value', '[... 6 unchanged lines omitted ...]'].join('\n'),
    );
  });

  it('keeps renames, mode changes, binary notes and "no newline" lines', () => {
    const input = [
      'diff --git a/old/name.ts b/new/name.ts',
      'similarity index 92%',
      'rename from old/name.ts',
      'rename to new/name.ts',
      'index 3b18e51..a9c4f2d 100644',
      '--- a/old/name.ts',
      '+++ b/new/name.ts',
      '@@ -1,9 +1,9 @@',
      ...Array.from({ length: 4 }, (_, i) => ` export const value${i} = computeSomething(${i}, 'a long argument list');`),
      '-export default 1',
      '+export default 2',
      ...Array.from({ length: 4 }, (_, i) => ` export const other${i} = computeSomethingElse(${i}, 'another long argument');`),
      '\\ No newline at end of file',
      'diff --git a/logo.png b/logo.png',
      'old mode 100644',
      'new mode 100755',
      'Binary files a/logo.png and b/logo.png differ',
    ].join('\n');
    const out = view(run(input, { budgetTokens: 60 }));
    for (const line of ['rename from old/name.ts', 'rename to new/name.ts', 'similarity index 92%', '\\ No newline at end of file', 'new mode 100755', 'Binary files a/logo.png and b/logo.png differ', '-export default 1', '+export default 2']) {
      expect(out.text).toContain(line);
    }
  });

  it('summarizes lockfile hunks before anything else when the changed lines alone are far past budget', () => {
    const lock = ['diff --git a/package-lock.json b/package-lock.json', '--- a/package-lock.json', '+++ b/package-lock.json', '@@ -1,0 +1,400 @@', ...Array.from({ length: 400 }, (_, i) => `+    "node_modules/pkg-${i}": { "version": "1.0.${i}", "resolved": "https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.${i}.tgz" },`)];
    const code = ['diff --git a/src/app.ts b/src/app.ts', '--- a/src/app.ts', '+++ b/src/app.ts', '@@ -10,1 +10,1 @@', '-const retries = 3', '+const retries = 5'];
    const out = view(run([...lock, ...code].join('\n'), { budgetTokens: 300 }));
    expect(out.text).toContain('[... hunk omitted: 400 added, 0 removed (new lines 1-400) ...]');
    expect(out.text).toContain('+const retries = 5');
    expect(out.omitted).toContain('1 hunk summarized (400 changed lines)');
  });

  it('keeps a running count of the summarized view equal to counting it whole', () => {
    // Commit headers, indented messages, blank lines and changed lines that start with "/" or
    // spaces: the places where the tokenizer could join a line to the one before it.
    const commit = (index: number) => [
      `commit ${index.toString(16).padStart(40, 'a')}`,
      'Author: Someone <someone@example.com>',
      '',
      `    Change ${index}: fix the retry loop;`,
      '/etc/app.conf changed too',
      '',
      `diff --git a/src/file${index}.ts b/src/file${index}.ts`,
      `--- a/src/file${index}.ts`,
      `+++ b/src/file${index}.ts`,
      `@@ -${index},4 +${index},${4 + (index % 5)} @@`,
      ' // unchanged comment;',
      ...Array.from({ length: index % 5 }, (_, line) => `+/${'x'.repeat(line)} added ${line};`),
      '-  old();',
      '+  next();',
      '   ',
    ];
    const lines = Array.from({ length: 60 }, (_, index) => commit(index)).flat().concat(fixture('git-diff.txt').split('\n'));
    const { blocks } = parseDiff(lines);
    const hunks = blocks.filter((block): block is Hunk => block.kind === 'hunk');
    const summarized = new Set<Hunk>([hunks[0] as Hunk]);
    const counter = groupCounter(blocks, summarized);
    for (const [step, hunk] of hunks.entries()) {
      if (step === 0 || step % 3 === 1) continue;
      summarized.add(hunk);
      counter.summarize(hunk);
      const whole = render(blocks, 0, summarized).text;
      expect(counter.tokens()).toBe(countTokens(whole));
      expect(counter.chars()).toBe(whole.length);
    }
  });

  it('leaves text without hunks to the general compressor', () => {
    expect(run(fixture('git-diff-stat.txt')).status).toBe('skipped');
  });
});
