import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonCompressor } from '../../src/compressors/json/compressor.js';
import { MARKER_KEY } from '../../src/compressors/json/render-json.js';
import type { CompressOutcome, CompressRequest } from '../../src/compressors/types.js';
import { NO_DEADLINE } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';
import { countTokens } from '../../src/tokens.js';
import { decodeTable } from '../helpers/table-decoder.js';

const json = createJsonCompressor();

function run(value: unknown, options: Partial<CompressRequest> = {}, text = JSON.stringify(value, null, 2)): CompressOutcome {
  return json.compress({ text, detected: detect(text), budgetTokens: 100_000, lossless: false, deadline: NO_DEADLINE, ...options });
}

function view(outcome: CompressOutcome) {
  if (outcome.status !== 'compressed') throw new Error(`expected a view, got skipped: ${outcome.reason}`);
  return outcome;
}

/** 200 orders, mostly alike: the shape of a database tool result. */
function orders(): Array<Record<string, unknown>> {
  return Array.from({ length: 200 }, (_, i) => ({
    order_id: `ord_${10_000 + i * 7}`,
    customer: { name: `customer ${(i * 37) % 91}`, country: ['US', 'DE', 'FR', 'GB'][i % 4] },
    status: i === 123 ? 'suspended' : 'active',
    total: i === 57 ? 48_210.5 : 20 + ((i * 53) % 280),
    currency: 'USD',
    error: null,
    error_count: 0,
    note: i === 171 ? 'payment failed: card declined' : `order note ${(i * 13) % 17}`,
  }));
}

describe('JSON compressor, lossless stage', () => {
  it('writes a uniform array of objects as a table: field names once, nested objects as dotted columns, constants once', () => {
    const rows = [0, 2, 3, 7, 11].map((index) => orders()[index]);
    const out = view(run(rows, { lossless: true, jsonFormat: 'table' }));
    const [header, ...lines] = out.text.split('\n');
    expect(header).toBe('[5]{order_id,customer.name="customer {}",customer.country,total,note="order note {}"} (every row: status=active; currency=USD; error=null; error_count=0):');
    expect(lines[0]).toBe('ord_10000,0,US,20,0');
    expect(out.lossless).toBe(true);
    expect(decodeTable(out.text)).toEqual(rows);
  });

  it('keeps null, missing and empty string apart', () => {
    const rows = [{ a: null, b: 'x' }, { b: '' }, { a: '', b: 'null' }, { a: 'null', b: '12' }];
    const out = view(run(rows, { lossless: true, jsonFormat: 'table' }));
    expect(out.text.split('\n').slice(1)).toEqual(['null,x', ',""', '"","null"', '"null","12"']);
    expect(decodeTable(out.text)).toEqual(rows);
  });

  it('round-trips any flat table through its lossless form', () => {
    const cell = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.string(), fc.constantFrom('', 'null', 'true', '1.5', 'a,b', 'x; y=z (q)', ' pad ', '×3', '[x', '...'));
    const row = fc.dictionary(fc.constantFrom('id', 'name', 'state', 'n', 'a.b', 'x y'), cell, { minKeys: 3 });
    let decoded = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 30 }), (rows) => {
        const out = run(rows, { lossless: true, jsonFormat: 'table' });
        // Sparse rows come out as a list, not a table: nothing to decode then.
        if (out.status !== 'compressed' || !/^\[\d+\](?:\{| \(every row)/.test(out.text)) return;
        expect(decodeTable(out.text), out.text).toEqual(JSON.parse(JSON.stringify(rows)));
        decoded++;
      }),
      { numRuns: 300 },
    );
    expect(decoded).toBeGreaterThan(100);
  });

  it('round-trips columns that share a start and an end, with any middle', () => {
    const row = fc.record({ url: fc.string().map((middle) => `https://example.com/repos/${middle}.json`), n: fc.integer() });
    let patterned = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 3, maxLength: 20 }), (rows) => {
        const out = view(run(rows, { lossless: true, jsonFormat: 'table' }));
        if (out.text.split('\n')[0]?.includes('url="https://example.com/repos/')) patterned++;
        expect(decodeTable(out.text)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
    expect(patterned).toBeGreaterThan(150);
  });

  it('states sequential and patterned columns once, and folds runs in scalar arrays', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: i, status: i % 5 === 0 ? 'error' : 'ok', msg: `line ${i}` }));
    const out = view(run(rows, { lossless: true, jsonFormat: 'table' }));
    expect(out.text.split('\n')[0]).toBe('[30]{status} (every row: id=0..29; msg="line {0..29}"):');
    expect(decodeTable(out.text)).toEqual(rows);
    const numbers = [10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 50, 51, 52, 53, 54, 55, 'end', 'end', 'end'];
    expect(view(run(numbers, { lossless: true, jsonFormat: 'table' })).text).toBe('[20]: (10,11,12) ×3,10,11,50..55,end ×3');
  });

  it('is never larger than compact JSON in auto format', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        if (value === null || typeof value !== 'object') return;
        const out = run(value, { lossless: true }, text);
        if (out.status === 'compressed') expect(countTokens(out.text)).toBeLessThanOrEqual(countTokens(text));
      }),
      { numRuns: 200 },
    );
  });

  it('reads NDJSON and JSON held in a string value', () => {
    const ndjson = [0, 2, 3, 7].map((index) => JSON.stringify(orders()[index])).join('\n');
    const out = view(run(undefined, { lossless: true, jsonFormat: 'table' }, ndjson));
    expect(out.text.split('\n')[0]).toMatch(/^\[4\]\{order_id,/);
    const wrapped = { statusCode: 200, body: JSON.stringify({ items: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }] }) };
    const nested = view(run(wrapped, { lossless: true, jsonFormat: 'table' })).text;
    expect(nested).toContain('body (JSON string):');
    expect(nested).toContain('  items[3]{name} (every row: id=1..3):');
  });
});

describe('JSON compressor, lossy stage', () => {
  const rows = orders();
  const budget = { budgetTokens: 800 };

  it('keeps first and last rows, the error row, the rare value and the outlier, in order, and marks every gap', () => {
    const out = view(run(rows, budget));
    expect(out.lossless).toBe(false);
    expect(countTokens(out.text)).toBeLessThanOrEqual(800);
    for (const id of ['ord_10000', 'ord_11393', 'ord_10861', 'ord_10399', 'ord_11197']) expect(out.text).toContain(id);
    expect(out.text).toContain('suspended');
    expect(out.text).toContain('48210.5');
    expect(out.text).toContain('payment failed: card declined');
    const shown = [...out.text.matchAll(/ord_(\d+)/g)].map((m) => Number(m[1]));
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    // Gaps name exact 0-based index ranges, and the counts add up.
    const gaps = [...out.text.matchAll(/\[\.\.\. (\d+) items? omitted \((\d+)(?:-(\d+))?\) \.\.\.\]/g)];
    expect(gaps.length).toBeGreaterThan(0);
    const omitted = gaps.reduce((sum, gap) => sum + Number(gap[1]), 0);
    expect(omitted + shown.length).toBe(200);
    for (const gap of gaps) expect(Number(gap[3] ?? gap[2]) - Number(gap[2]) + 1).toBe(Number(gap[1]));
    expect(out.omitted).toBe(`${omitted} of 200 items omitted`);
  });

  it('does not treat "error": null or error_count: 0 as errors', () => {
    const quiet = rows.map((row) => ({ ...row, note: 'fine' }));
    const out = view(run(quiet, { budgetTokens: 400 }));
    const kept = [...out.text.matchAll(/ord_(\d+)/g)].length;
    expect(kept).toBeLessThan(40);
  });

  it('keeps the rows that best match the query', () => {
    const out = view(run(rows, { budgetTokens: 500, query: 'customer 42' }));
    const wanted = rows.filter((row) => (row.customer as { name: string }).name === 'customer 42').map((row) => row.order_id as string);
    expect(wanted.length).toBeGreaterThan(0);
    for (const id of wanted.slice(0, 2)) expect(out.text).toContain(id);
  });

  it('counts its budget in tokens: 15 rows of 5 KB are not small', () => {
    const big = Array.from({ length: 15 }, (_, i) => ({ id: i, body: `${'lorem ipsum dolor sit amet '.repeat(190)}end ${i}` }));
    const out = view(run(big, { budgetTokens: 1000 }));
    expect(countTokens(out.text)).toBeLessThanOrEqual(1000);
    expect(out.text).toMatch(/\[\.\.\. [\d,]+ chars omitted \.\.\.\]/);
    expect(out.omitted).toMatch(/long strings cut/);
  });

  it('drops exact repeats rather than showing them again', () => {
    const repeats = Array.from({ length: 300 }, (_, i) => (i % 100 === 0 ? { event: 'deploy', ok: true, at: i } : { event: 'heartbeat', ok: true, at: 0 }));
    const out = view(run(repeats, { budgetTokens: 200, jsonFormat: 'json' }));
    const shown = JSON.parse(out.text) as Array<Record<string, unknown>>;
    const heartbeats = shown.filter((row) => row.event === 'heartbeat');
    expect(heartbeats.length).toBeLessThanOrEqual(3);
    expect(shown.filter((row) => row.event === 'deploy')).toHaveLength(3);
  });

  it('keeps a deep outlier together with the path to it', () => {
    const folder = (name: string, files: Array<{ name: string; size: number }>) => ({ name, type: 'dir', children: files.map((file) => ({ ...file, type: 'file' })) });
    const files = (prefix: string) => Array.from({ length: 20 }, (_, i) => ({ name: `${prefix}-${i}.ts`, size: 1000 + ((i * 397) % 5000) }));
    const deep = files('c');
    deep[7] = { name: 'vendor.bundle.min.js', size: 48_211_904 };
    const tree = { name: 'repo', children: Array.from({ length: 20 }, (_, i) => folder(`dir${i}`, i === 11 ? deep : files(`f${i}`))) };
    const out = view(run(tree, { budgetTokens: 400 }));
    expect(out.text).toContain('dir11');
    expect(out.text).toContain('vendor.bundle.min.js');
    expect(out.text).toContain('48211904');
  });

  it('writes valid JSON with marker entries when asked for the json format', () => {
    const out = view(run(rows, { ...budget, jsonFormat: 'json' }));
    const parsed = JSON.parse(out.text) as Array<Record<string, unknown>>;
    expect(parsed.some((row) => typeof row[MARKER_KEY] === 'string' && /items? omitted/.test(row[MARKER_KEY] as string))).toBe(true);
    expect(parsed.find((row) => row.status === 'suspended')).toEqual(rows[123]);
  });

  it('never throws, is deterministic, and its json output always parses', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 20, max: 400 }), fc.option(fc.string(), { nil: undefined }), (value, budgetTokens, query) => {
        const text = JSON.stringify(value);
        const options = { budgetTokens, jsonFormat: 'json' as const, ...(query === undefined ? {} : { query }) };
        const first = run(value, options, text);
        expect(run(value, options, text)).toEqual(first);
        if (first.status === 'compressed') expect(() => JSON.parse(first.text)).not.toThrow();
        const table = run(value, { budgetTokens }, text);
        expect(run(value, { budgetTokens }, text)).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a lone value and very deep nesting to the general compressor', () => {
    expect(run('just a string').status).toBe('skipped');
    let deep: unknown = 1;
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(run(deep, {}, JSON.stringify(deep))).toEqual({ status: 'skipped', reason: 'nested deeper than 100 levels' });
  });
});
