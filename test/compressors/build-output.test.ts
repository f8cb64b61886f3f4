import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/ansi.js';
import { createBuildOutputCompressor } from '../../src/compressors/build-output.js';
import { createHeadroom } from '../../src/headroom.js';
import { detect } from '../../src/detect.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createBuildOutputCompressor(), 1000);

/** `path:line:col rest` for every diagnostic a grouped view states. */
function diagnosticsOf(grouped: string): string[] {
  const found: string[] = [];
  let path = '';
  for (const line of grouped.split('\n')) {
    const row = /^((?:\d+:\d+, )*\d+:\d+) ((?:error|warning).*)$/.exec(line);
    if (row) for (const position of (row[1] as string).split(', ')) found.push(`${path}:${position} ${row[2]}`);
    else if (/^\S+\.\w+$/.test(line)) path = line;
  }
  return found;
}

describe('build output compressor', () => {
  it('groups tsc errors by file without losing one: every file, position, code and message', () => {
    const input = fixture('tsc-errors.txt');
    const out = view(run(input, { lossless: true }));
    const lines = input.trimEnd().split('\n');
    const expected = lines.filter((line) => /\): error TS/.test(line)).map((line) => line.replace(/^(.+?)\((\d+),(\d+)\): /, '$1:$2:$3 '));
    expect(diagnosticsOf(out.text).sort()).toEqual(expected.sort());
    // A message's continuation line stays under it.
    expect(out.text).toContain("\n  Type 'undefined' is not assignable to type 'ToolCall'.");
    expect(out.text.split('\n').filter((line) => line === 'src/users.ts')).toHaveLength(1);
  });

  it('writes a diagnostic repeated at several places once, with all its positions', () => {
    const input = ['src/a.ts(3,1): error TS2304: Cannot find name \'foo\'.', 'src/a.ts(9,4): error TS2304: Cannot find name \'foo\'.', 'src/b.ts(1,1): error TS1005: \';\' expected.'].join('\n');
    expect(view(run(input, { lossless: true })).text).toBe("src/a.ts\n3:1, 9:4 error TS2304: Cannot find name 'foo'.\nsrc/b.ts\n1:1 error TS1005: ';' expected.");
  });

  it('drops code frames, never diagnostics, from tsc --pretty when over budget', () => {
    const input = stripAnsi(fixture('tsc-errors-pretty.txt'));
    const out = view(run(input, { budgetTokens: 500 }));
    expect(diagnosticsOf(out.text)).toHaveLength(33);
    expect(out.text).toContain('Found 33 errors in 3 files.');
    expect(out.text).not.toContain('~~~~');
    expect(out.omitted).toMatch(/^\d+ code-frame and note lines omitted$/);
  });

  it('reads colour-coded output through the pipeline, and says the colours went', async () => {
    const headroom = await createHeadroom({ config: { store: 'memory' } });
    const pretty = fixture('tsc-errors-pretty.txt');
    const result = await headroom.compress({ content: pretty });
    expect(result.contentType).toBe('build');
    expect(result.text).not.toContain('\u001B[');
    expect(result.text).toContain('[headroom: ');
    expect(result.text).toContain('colour codes removed');
    expect(result.lossless).toBe(false);
    expect((await headroom.retrieve({ hash: result.hash })).blocks[0]).toBe(pretty);
    await headroom.close();
  });
});

/**
 * Whether `view` states the error on `line`: verbatim; or its message once with its position
 * in a "the same error" list; or its position with every name it quotes in a "like it" list.
 */
function states(view: string, line: string, position: string, message: string): boolean {
  if (view.includes(line)) return true;
  const shown = view.split('\n');
  if (view.includes(message) && shown.some((text) => text.startsWith('[... the same error ') && text.includes(position))) return true;
  const names = message.match(/(['`])(?:(?!\1).)*\1/g) ?? [];
  return names.length > 0 && shown.some((text) => / more errors? like it, at: /.test(text) && text.includes(`${position.trim()} ${names.join(' ')}`));
}

describe('build digest: many diagnostics past the budget', () => {
  it('eslint stylish: every error stated, every rule counted, each warning rule shown once, 80% fewer tokens', () => {
    const input = fixture('eslint-stylish.txt');
    const out = view(run(input, { budgetTokens: 3000 }));
    expect(out.strategy).toBe('digest+select');
    expect(out.text).toContain('[headroom build digest: 1,131 diagnostics (251 errors, 880 warnings) by rule:]');
    expect(out.text).toContain('✖ 1131 problems (251 errors, 880 warnings)');
    const rows = input.split('\n').filter((line) => /^\s+\d+:\d+\s+error\s/.test(line));
    expect(rows).toHaveLength(251);
    for (const row of rows) {
      const [, position, rest] = /^\s+(\d+:\d+)(.*)$/.exec(row) as RegExpExecArray;
      // A folded row's position is listed as `, 137:11` or `at 137:11`.
      expect(states(out.text, row, ` ${position as string}`, (rest as string).trimStart()), row).toBe(true);
    }
    const rules = new Set(input.split('\n').flatMap((line) => /^\s+\d+:\d+\s+warning\s.*\s(\S+)$/.exec(line)?.slice(1) ?? []));
    for (const rule of rules) expect(out.text, rule).toMatch(new RegExp(`warning .*\\s${rule.replace(/[-/]/g, '\\$&')}\\n`));
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.2);
  });

  it('cargo: every error block keeps its message and location; repeats are listed by place', () => {
    const input = fixture('cargo-build-errors.txt');
    const out = view(run(input, { budgetTokens: 1500 }));
    const lines = input.split('\n');
    let checked = 0;
    lines.forEach((line, i) => {
      if (!/^error\[E\d{4}\]: /.test(line)) return;
      const location = (/^\s*--> (\S+)/.exec(lines[i + 1] ?? '') as RegExpExecArray)[1] as string;
      const path = location.replace(/(?::\d+)+$/, '');
      const at = location.slice(path.length);
      expect(states(out.text, `${line}\n${lines[i + 1]}`, at, line) || out.text.includes(`--> ${location}`), location).toBe(true);
      if (!out.text.includes(`--> ${location}`)) expect(out.text).toMatch(new RegExp(`${path.replace(/[./]/g, '\\$&')}[^;]*${at}`));
      checked++;
    });
    expect(checked).toBe(96);
    expect(out.text).toContain('error: could not compile `rustproj` (bin "rustproj") due to 96 previous errors; 18 warnings emitted');
  });

  it("g++: an error's chain through system headers is part of it; every error in the sources is stated", () => {
    const input = fixture('gxx-warnings.txt');
    const out = view(run(input, { budgetTokens: 2000 }));
    const own = input.split('\n').filter((line) => /^\w+\.cpp:\d+:\d+: error: /.test(line));
    expect(own.length).toBe(15);
    const shown = out.text.split('\n');
    for (const line of own) {
      // Verbatim, or (differing from an error shown only in what it quotes) listed with its place and names.
      const [, position] = /^(\S+?:\d+:\d+): /.exec(line) as RegExpExecArray;
      const names = line.match(/‘[^’]*’/g) ?? [];
      const listed = shown.some((text) => / more errors? like it, at: /.test(text) && text.includes(`${position} ${names.join(' ')}`));
      expect(shown.includes(line) || (names.length > 0 && listed), line).toBe(true);
    }
    expect(out.text).not.toMatch(/^\/usr\/include\/.*: note: /m);
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.15);
  });

  it('javac: detected as build output; one "cannot find symbol" per symbol, the totals kept', () => {
    const input = fixture('javac-xlint.txt');
    expect(detect(input).kind).toBe('build');
    const out = view(run(input, { budgetTokens: 3000 }));
    expect(out.text).toContain('\n144 errors\n252 warnings');
    const symbols = new Set(input.split('\n').filter((line) => /^\s+symbol:/.test(line)).map((line) => line.trim()));
    for (const symbol of symbols) expect(out.text, symbol).toContain(symbol);
  });

  it('a query keeps the best matching diagnostics, within its share of the budget', () => {
    const input = fixture('eslint-stylish.txt');
    const plain = view(run(input, { budgetTokens: 3000 }));
    // A warning the plain view leaves out, asked for by its words.
    const row = input.split('\n').find((line) => /\swarning\s.*'\w{6,}'/.test(line) && !plain.text.includes(line)) as string;
    const asked = view(run(input, { budgetTokens: 3000, query: (/'(\w+)'/.exec(row) as RegExpExecArray)[1] as string }));
    expect(asked.text.split('\n')).toContain(row);
    expect(countTokens(asked.text)).toBeLessThan(countTokens(plain.text) + 3000);
  });
});
