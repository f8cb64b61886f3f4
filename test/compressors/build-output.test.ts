import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/ansi.js';
import { createBuildOutputCompressor } from '../../src/compressors/build-output.js';
import { createHeadroom } from '../../src/headroom.js';
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
