import { describe, expect, it } from 'vitest';
import { createQueryPlanCompressor } from '../../src/compressors/query-plan.js';
import { detect } from '../../src/detect.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createQueryPlanCompressor(), 1500);
const input = fixture('explain-analyze.txt');
const lines = input.split('\n');

describe('query plan compressor', () => {
  it('detects psql EXPLAIN output as a plan', () => {
    expect(detect(input).kind).toBe('plan');
  });

  it('keeps every query, each plan top node, its times and row count, and the error', () => {
    const out = view(run(input));
    const shown = new Set(out.text.split('\n'));
    // Every line outside the plans: the echoed queries, SET, the error and its caret.
    const queries = lines.filter((line) => /^(?:EXPLAIN|SELECT|FROM|WHERE|JOIN|GROUP|SET |RESET|psql:)/.test(line));
    expect(queries.length).toBeGreaterThan(30);
    for (const line of queries) expect(shown.has(line), line).toBe(true);
    lines.forEach((line, i) => {
      if (/^-{10,}$/.test(lines[i - 1] ?? '')) expect(shown.has(line), `top node ${line}`).toBe(true);
      if (/^ (?:Execution|Planning) Time: |^\(\d+ rows\)$/.test(line)) expect(shown.has(line), line).toBe(true);
    });
    expect(out.text).toContain('psql:queries.sql:77: ERROR:  relation "customer" does not exist');
    expect(out.omitted).toMatch(/^[\d,]+ of 545 lines omitted \(plan nodes\)$/);
  });

  it('keeps the nodes that explain the time: spills to disk and wasteful filters, under their parents', () => {
    const out = view(run(input));
    for (const line of lines.filter((text) => /Sort Method: external merge|Rows Removed by Filter: 80000/.test(text))) expect(out.text).toContain(line);
    // The spilling sort's node line stays above its detail line.
    const spill = out.text.split('\n').findIndex((line) => line.includes('Disk: 28384kB'));
    expect(out.text.split('\n').slice(spill - 2, spill).join('\n')).toMatch(/->  Sort  \(cost=/);
  });

  it('a query brings the nodes that match it', () => {
    const node = lines.find((line) => line.includes('Bitmap Heap Scan on orders_p_2024_07 o_19')) as string;
    expect(view(run(input)).text).not.toContain(node);
    expect(view(run(input, { query: 'orders_p_2024_07' })).text).toContain(node);
  });

  it('skips text without a plan', () => {
    expect(run('SELECT 1;\n(1 row)\n').status).toBe('skipped');
  });
});
