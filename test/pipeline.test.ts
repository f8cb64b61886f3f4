import { describe, expect, it } from 'vitest';
import { createCompressors } from '../src/compressors/registry.js';
import { createRouter } from '../src/compressors/router.js';
import { createTextCompressor } from '../src/compressors/text.js';
import type { Compressor } from '../src/compressors/types.js';
import { parseDuration, parseSize, resolveConfig } from '../src/config.js';
import { detect } from '../src/detect.js';
import { createPipeline, defaultBudget } from '../src/pipeline.js';
import { createStats } from '../src/stats.js';
import { createMemoryStorage } from '../src/store/memory.js';

function pipelineWith(specific: Compressor, deadlineMs = 5000) {
  const storage = createMemoryStorage({ ttlMs: 3_600_000, maxStoreBytes: 1e9 });
  const stats = createStats(storage.usage, storage.originals, 'memory');
  const pipeline = createPipeline({ originals: storage.originals, router: createRouter(createTextCompressor(), { log: specific }), stats, deadlineMs });
  return { pipeline, storage, stats };
}

const log = Array.from({ length: 1500 }, (_, i) => `2026-01-01T00:00:00Z INFO worker ${i % 7} finished job ${i * 13} after ${i % 90} ms`).join('\n');

describe('pipeline', () => {
  it('stores the original before returning and records stats', async () => {
    const { pipeline, storage, stats } = pipelineWith({ name: 'skip', compress: () => ({ status: 'skipped', reason: 'not mine' }) });
    const result = await pipeline.compress(log, { contentType: 'log' });
    expect((await storage.originals.get(result.hash))?.content).toBe(log);
    expect(result.strategy).not.toContain('passthrough');
    expect(result.text).toMatch(/\[headroom: .* original intact: headroom_retrieve hash=hr_[0-9a-f]{16}\]$/);
    expect((await stats.report()).session.tokens_in).toBe(result.originalTokens);
  });

  it('returns the input unchanged when a view would not be smaller', async () => {
    const { pipeline } = pipelineWith({ name: 'bloat', compress: (request) => ({ status: 'compressed', text: request.text + request.text, strategy: 'bloat', lossless: true }) });
    const text = 'abc def '.repeat(100);
    const result = await pipeline.compress(text, { contentType: 'log', lossless: true });
    expect(result.text).toBe(text);
    expect(result.strategy).toMatch(/^passthrough/);
    expect(result.compressedTokens).toBe(result.originalTokens);
  });

  it('fails open when the compressor runs out of time', async () => {
    const spinning: Compressor = {
      name: 'slow',
      compress: (request) => {
        while (!request.deadline.expired()) {
          // a compressor that never finishes in time
        }
        return { status: 'skipped', reason: 'deadline' };
      },
    };
    const { pipeline } = pipelineWith(spinning, 20);
    const result = await pipeline.compress(log, { contentType: 'log' });
    expect(result.text).toBe(log);
    expect(result.strategy).toBe('passthrough (deadline)');
  });

  it('passes small inputs through untouched', async () => {
    const { pipeline } = pipelineWith(createTextCompressor());
    const result = await pipeline.compress('just a short line\n');
    expect(result).toMatchObject({ text: 'just a short line\n', strategy: 'passthrough (small input)', lossless: true });
  });

  it('rewrites small inputs only losslessly, and without a footer that would cost more than it saves', async () => {
    const storage = createMemoryStorage({ ttlMs: 3_600_000, maxStoreBytes: 1e9 });
    const { general, specific } = createCompressors();
    const pipeline = createPipeline({ originals: storage.originals, router: createRouter(general, specific), stats: createStats(storage.usage, storage.originals, 'memory'), deadlineMs: 5000 });
    const pretty = JSON.stringify({ a: 1, b: [1, 2, 3], c: 'hello' }, null, 2);
    const small = await pipeline.compress(pretty);
    expect(small).toMatchObject({ text: '{"a":1,"b":[1,2,3],"c":"hello"}', strategy: 'minify', lossless: true });
    expect((await storage.originals.get(small.hash))?.content).toBe(pretty);
    const repeated = await pipeline.compress('retrying connection ...\n'.repeat(12));
    expect(repeated.text).toBe('retrying connection ...\n[... previous line repeated 11 more times (lines 2-12) ...]');
  });

  it('gives JSON a smaller default budget than text, and keeps small inputs whole', () => {
    expect(defaultBudget(100_000, 'json')).toBe(2000);
    expect(defaultBudget(20_000, 'json')).toBe(1400);
    expect(defaultBudget(600, 'json')).toBe(500);
    expect(defaultBudget(400, 'json')).toBe(400);
    expect(defaultBudget(20_000, 'log')).toBe(3000);
    expect(defaultBudget(8_000, 'log')).toBe(2000);
    expect(defaultBudget(900, 'log')).toBe(900);
  });
});

describe('detection', () => {
  it.each([
    ['{"a": [1, 2, 3]}', 'json'],
    ['{"a":1}\n{"a":2}\n{"a":3}', 'json'],
    ['diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b', 'diff'],
    ['src/a.ts:12:const x = 1;\nsrc/b.ts:40:  return x;\nsrc/c.ts:7:import y', 'search'],
    ['2026-01-01 10:00:00 INFO start\n2026-01-01 10:00:01 ERROR boom\n2026-01-01 10:00:02 INFO end', 'log'],
    ['2026-11-20T13:00:01.234Z INFO  [gateway] health check ok\n2026-11-20T13:00:04.510Z WARN  [cart] slow query\n2026-11-20T13:00:09.002Z INFO  [gateway] GET /api 200', 'log'],
    ['<!doctype html><html><body><p>hi</p></body></html>', 'html'],
    ['src/x.ts(3,5): error TS2322: Type number is not assignable to type string.', 'build'],
    ['{"truncated": [1, 2', 'text'],
    ['npm verbose cli /usr/bin/node /usr/bin/npm\nnpm info using npm@11.19.1\nnpm http fetch GET 200 https://registry.npmjs.org/express 63ms', 'log'],
    [' src/a.ts | 12 ++++++------\n src/b.ts |  3 ++-\n 2 files changed, 9 insertions(+), 6 deletions(-)', 'diff'],
    ['app@1.0.0 /srv/app\n├─┬ express@5.1.0\n│ ├── accepts@2.0.0\n│ └── body-parser@2.2.0\n└── zod@4.1.0', 'listing'],
    ['commit 0123456789abcdef0123456789abcdef01234567\nAuthor: A <a@example.com>\nDate:   Mon Jan 1 10:00:00 2026\n\n    Fix the parser', 'log'],
  ])('recognises %j as %s', (input, kind) => {
    expect(detect(input).kind).toBe(kind);
  });

  it('lets an explicit content type win, and treats unparseable forced JSON as text', () => {
    expect(detect('plain words', 'log').kind).toBe('log');
    expect(detect('not json', 'json').kind).toBe('text');
  });
});

describe('configuration', () => {
  it('reads durations and sizes with units', () => {
    expect(parseDuration('HEADROOM_TTL', '90m')).toBe(5_400_000);
    expect(parseDuration('HEADROOM_TTL', '3600')).toBe(3_600_000);
    expect(parseSize('HEADROOM_MAX_STORE_BYTES', '512MB')).toBe(512 * 1024 * 1024);
    const config = resolveConfig({ HEADROOM_HOME: '/tmp/hh', HEADROOM_TTL: '2h', HEADROOM_STORE: 'memory', HEADROOM_ALLOWED_ROOTS: '/srv/a:/srv/b' });
    expect(config).toMatchObject({ home: '/tmp/hh', ttlMs: 7_200_000, store: 'memory' });
    expect(config.allowedRoots).toEqual(expect.arrayContaining(['/srv/a', '/srv/b']));
  });

  it('names the variable and the expected form when a value is malformed', () => {
    expect(() => resolveConfig({ HEADROOM_TTL: 'soon' })).toThrow(/HEADROOM_TTL must be a duration/);
    expect(() => resolveConfig({ HEADROOM_STORE: 'redis' })).toThrow(/HEADROOM_STORE must be "sqlite" or "memory"/);
    expect(() => resolveConfig({ HEADROOM_MAX_STORE_BYTES: '-1' })).toThrow(/HEADROOM_MAX_STORE_BYTES must be a size/);
  });
});
