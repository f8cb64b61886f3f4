import { describe, expect, it } from 'vitest';
import { detect } from '../../src/detect.js';
import { segment } from '../../src/compressors/mixed/segment.js';
import { createHeadroom } from '../../src/headroom.js';
import { idFor } from '../../src/marker.js';
import { fixture } from '../helpers/compressor.js';

/** An agent's context: tool headers, each followed by one real output. */
function agentContext(): { text: string; headers: string[] } {
  const headers = ['### tool: npm_view {"package": "express"}', '### tool: list_files {"path": "/usr/bin"}', '### tool: grep {"pattern": "Transport"}', '### tool: read_log {"file": "dpkg.log"}'];
  const outputs = [fixture('npm-view.json').trimEnd(), fixture('ls-la.txt').trimEnd(), fixture('grep-rn.txt').trimEnd(), fixture('app-log.txt').trimEnd()];
  return { text: `${headers.map((header, i) => `${header}\n${outputs[i]}`).join('\n')}\n`, headers };
}

/** 400 pretty-printed log records in one JSON array, one of them the only FATAL. */
function jsonLogs(): string {
  const records = Array.from({ length: 400 }, (_, i) => ({ timestamp: `2026-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`, level: 'INFO', service: ['api', 'db', 'cache'][i % 3], message: `request ${i} served in ${(i * 7) % 113} ms` }));
  records[271] = { timestamp: '2026-01-01T00:04:31Z', level: 'FATAL', service: 'db', message: 'connection pool exhausted: 64 of 64 connections busy' };
  return JSON.stringify(records, null, 2);
}

describe('segmentation', () => {
  it('cuts an agent context into its headers and outputs, each with its kind', () => {
    const { text } = agentContext();
    const detected = detect(text);
    expect(detected.kind).toBe('mixed');
    if (detected.kind !== 'mixed') return;
    const kinds = detected.segments.filter((part) => part.header !== true).map((part) => part.kind);
    expect(kinds).toEqual(['json', 'listing', 'search', 'log']);
    expect(detected.segments.filter((part) => part.header === true).map((part) => part.start)).toHaveLength(4);
    // The parts cover every line once, in order.
    const lines = text.trimEnd().split('\n');
    expect(detected.segments[0]?.start).toBe(0);
    expect(detected.segments.at(-1)?.end).toBe(lines.length);
    for (const [i, part] of detected.segments.entries()) if (i > 0) expect(part.start).toBe(detected.segments[i - 1]?.end);
  });

  it('finds a JSON body after a banner, and NDJSON between plain lines', () => {
    const banner = ['HTTP/1.1 200 OK', 'content-type: application/json', 'x-request-id: 4f1c', ''];
    const body = jsonLogs();
    const detected = detect(`${banner.join('\n')}\n${body}\n`);
    expect(detected.kind).toBe('mixed');
    if (detected.kind !== 'mixed') return;
    expect(detected.segments.map((part) => part.kind)).toEqual(['text', 'json']);
    expect((detected.segments[1]?.value as unknown[]).length).toBe(400);

    const rows = Array.from({ length: 5 }, (_, i) => JSON.stringify({ n: i, ok: i !== 3 }));
    const lines = ['starting worker', ...rows, 'worker done in 3s'];
    const parts = segment(lines.join('\n'), lines, () => 'text');
    expect(parts?.map((part) => [part.kind, part.start, part.end, part.format])).toEqual([['text', 0, 1, undefined], ['json', 1, 6, 'ndjson'], ['text', 6, 7, undefined]]);
  });

  it('leaves single outputs alone: a log, source code with braces on their own lines, prose', () => {
    for (const name of ['app-log.txt', 'source-cext.c', 'man-tar.txt', 'npm-install.txt']) expect(detect(fixture(name)).kind, name).not.toBe('mixed');
    const allman = Array.from({ length: 200 }, (_, i) => `int f${i}(void)\n{\n  return ${i};\n}`).join('\n');
    expect(segment(allman, allman.split('\n'), () => 'code')).toBeUndefined();
  });

  it('keeps a source file with a data literal, and a log whose lines end in JSON, whole', () => {
    const table = JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ code: i, name: `status ${i}` })), null, 2);
    const source = `import { readFileSync } from 'node:fs';\n\nexport function load(path: string): string {\n  return readFileSync(path, 'utf8');\n}\n\nconst STATUSES =\n${table}\n\nexport function nameOf(code: number): string | undefined {\n  return STATUSES.find((row) => row.code === code)?.name;\n}\n`;
    expect(detect(source).kind).toBe('code');
    const log = Array.from({ length: 50 }, (_, i) => `2026-01-01T00:00:${String(i).padStart(2, '0')}Z INFO request served {"path": "/api/${i}", "ms": ${i * 3}}`).join('\n');
    expect(detect(log).kind).toBe('log');
  });

  it('never calls pretty-printed JSON after a banner source code', () => {
    const text = `Fetching logs from cluster prod-eu (page 1 of 1)\n${jsonLogs()}\n{"truncated": tru`;
    expect(['mixed', 'json']).toContain(detect(text).kind);
    expect(detect(`Fetching logs...\n${jsonLogs().slice(0, 20_000)}`).kind).not.toBe('code');
  });
});

describe('mixed compressor', () => {
  it('compresses each part with its own compressor, keeps every header and the one FATAL record', async () => {
    const headroom = await createHeadroom({ config: { store: 'memory' } });
    try {
      const { text, headers } = agentContext();
      const input = `${text}### tool: search_logs {"limit": 400}\n${jsonLogs()}\n`;
      const result = await headroom.compress({ content: input });
      expect(result.contentType).toBe('mixed');
      expect(result.strategy).toMatch(/^parts\(.*json:.*listing:.*search:.*log:/);
      for (const header of [...headers, '### tool: search_logs {"limit": 400}']) expect(result.text.split('\n')).toContain(header);
      expect(result.text).toContain('connection pool exhausted: 64 of 64 connections busy');
      expect(result.text).toContain('FATAL');
      expect(result.compressedTokens).toBeLessThan(result.originalTokens * 0.1);
      expect(result.hash).toBe(idFor(input));
    } finally {
      await headroom.close();
    }
  });

  it("shifts a part's line references to the input's lines", async () => {
    const headroom = await createHeadroom({ config: { store: 'memory' } });
    try {
      const { text } = agentContext();
      const lines = text.split('\n');
      const result = await headroom.compress({ content: text });
      const references = [...result.text.matchAll(/\[\.\.\. [\d,]+ lines omitted \(lines ([\d,]+)-([\d,]+)\) \.\.\.\]/g)];
      expect(references.length).toBeGreaterThan(0);
      const viewLines = new Set(result.text.split('\n'));
      for (const [, first, last] of references) {
        // The lines just outside an omitted range are the ones the view shows around the marker.
        const before = lines[Number(first?.replaceAll(',', '')) - 2];
        const after = lines[Number(last?.replaceAll(',', ''))];
        expect(viewLines.has(before ?? ''), `line before ${first}`).toBe(true);
        expect(viewLines.has(after ?? ''), `line after ${last}`).toBe(true);
      }
    } finally {
      await headroom.close();
    }
  });

  it('under lossless, folds what each part folds and drops nothing', async () => {
    const headroom = await createHeadroom({ config: { store: 'memory' } });
    try {
      const repeated = Array.from({ length: 60 }, () => 'npm warn deprecated inflight@1.0.6: This module is not supported').join('\n');
      const input = `### tool: npm_install {}\n${repeated}\n### tool: search_logs {}\n${jsonLogs()}\n`;
      const result = await headroom.compress({ content: input, lossless: true });
      expect(result.lossless).toBe(true);
      expect(result.text).toContain('repeated 59 more times');
      expect(result.text).toContain('connection pool exhausted');
    } finally {
      await headroom.close();
    }
  });
});
