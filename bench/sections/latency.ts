import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createHeadroom, type Headroom } from '../../src/headroom.js';
import type { Bar, BenchContext, Section } from '../context.js';
import { quantile, timeAsync } from '../measure.js';
import { createRandom } from '../random.js';
import { bytes, markdownTable, ms } from '../table.js';
import { sizedLog } from '../workloads/sized.js';

type Row = Array<string | number>;

// Raw samples by row label, for the bars.
type Samples = Map<string, readonly number[]>;

function latencyRow(label: string, samples: readonly number[], all: Samples): Row {
  all.set(label, samples);
  return [label, samples.length, ms(quantile(samples, 0.5)), ms(quantile(samples, 0.95)), ms(Math.max(...samples))];
}

/** Distinct inputs of one size, so the store's de-duplication does not flatter the numbers. */
function variants(size: number, count: number): string[] {
  const base = sizedLog(size);
  return Array.from({ length: count }, (_, index) => `${base}\n# call ${index}`);
}

/** Spawn to `initialize` answered, then the first call (which waits for the library to load), against bare Node's start. */
async function serverStart(context: BenchContext, home: string, all: Samples): Promise<Row[]> {
  const bin = join(context.root, 'dist', 'src', 'cli', 'main.js');
  const runs = context.quick ? 3 : 7;
  const node = await timeAsync(async () => void spawnSync(process.execPath, ['-e', '0']), runs, 1);
  const ready: number[] = [];
  const first: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const client = new Client({ name: 'headroom-bench', version: '1.0.0' });
    const start = performance.now();
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, stderr: 'ignore' }));
    const initialized = performance.now();
    await client.callTool({ name: 'headroom_compress', arguments: { content: `a first call ${run}\n`.repeat(50) } });
    // The first run warms the file system cache.
    if (run > 0) {
      ready.push(initialized - start);
      first.push(performance.now() - initialized);
    }
    await client.close();
  }
  return [latencyRow('Node itself: spawn to exit of node -e 0', node, all), latencyRow('MCP server start: spawn to initialize answered', ready, all), latencyRow('MCP first small compress after start (loads the library)', first, all)];
}

async function mcpRoundTrips(context: BenchContext, home: string, all: Samples): Promise<Row[]> {
  const client = new Client({ name: 'headroom-bench', version: '1.0.0' });
  const bin = join(context.root, 'dist', 'src', 'cli', 'main.js');
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, stderr: 'ignore' }));
  const rows: Row[] = [];
  try {
    const calls = context.quick ? 15 : 50;
    let hash = '';
    for (const size of [1024, 102_400]) {
      const contents = variants(size, calls + 5);
      let next = 0;
      const samples = await timeAsync(async () => {
        const result = await client.callTool({ name: 'headroom_compress', arguments: { content: contents[next++ % contents.length] } });
        hash = (result._meta?.headroom as { hash: string }).hash;
      }, calls, 5);
      rows.push(latencyRow(`MCP headroom_compress, ${bytes(size)} log`, samples, all));
    }
    rows.push(latencyRow('MCP headroom_retrieve, whole 100 KB original', await timeAsync(() => client.callTool({ name: 'headroom_retrieve', arguments: { hash } }), calls, 3), all));
    rows.push(latencyRow('MCP headroom_retrieve, query in one original', await timeAsync(() => client.callTool({ name: 'headroom_retrieve', arguments: { hash, query: 'ECONNREFUSED timed out' } }), calls, 3), all));
  } finally {
    await client.close();
  }
  return rows;
}

const ORIGINALS = 100;
const LINES_PER_ORIGINAL = 100;
const QUERIES = ['ECONNREFUSED', 'timed out', 'slow query coupon', 'cache refresh', 'retrying request gateway', 'TypeError undefined total', 'health check'];

/** A real SQLite store holding 100 originals of 100 lines each: 10,000 line chunks to search. */
async function storeLatency(context: BenchContext, home: string, all: Samples): Promise<Row[]> {
  const headroom: Headroom = await createHeadroom({ config: { home, store: 'sqlite', deadlineMs: 60_000 } });
  const rows: Row[] = [];
  try {
    const lines = sizedLog(ORIGINALS * LINES_PER_ORIGINAL * 160).split('\n');
    const hashes: string[] = [];
    for (let index = 0; index < ORIGINALS; index++) {
      const slice = lines.slice(index * (LINES_PER_ORIGINAL - 1), (index + 1) * (LINES_PER_ORIGINAL - 1));
      const result = await headroom.compress({ content: [`# batch ${index}`, ...slice].join('\n'), source: 'bench' });
      hashes.push(result.hash);
    }
    const random = createRandom(3);
    const calls = context.quick ? 40 : 200;
    rows.push(latencyRow('retrieve whole original (sqlite)', await timeAsync(() => headroom.retrieve({ hash: random.pick(hashes) }), calls), all));
    rows.push(latencyRow('retrieve lines 40-60 (sqlite)', await timeAsync(() => headroom.retrieve({ hash: random.pick(hashes), offset: 40, limit: 20 }), calls), all));
    rows.push(latencyRow('search within one original', await timeAsync(() => headroom.retrieve({ hash: random.pick(hashes), query: random.pick(QUERIES) }), calls), all));
    const cold = await timeAsync(() => headroom.retrieve({ query: 'ECONNREFUSED' }), 1, 0);
    rows.push(latencyRow('search across all 10,000 chunks, first call ever (indexes 100 originals)', cold, all));
  } finally {
    await headroom.close();
  }
  // A new process on the same store: the term index is on disk, so nothing is re-indexed.
  const reopened: Headroom = await createHeadroom({ config: { home, store: 'sqlite', deadlineMs: 60_000 } });
  try {
    const random = createRandom(4);
    rows.push(latencyRow('search across all 10,000 chunks, first call after a restart', await timeAsync(() => reopened.retrieve({ query: 'timed out' }), 1, 0), all));
    rows.push(latencyRow('search across all 10,000 chunks, warm', await timeAsync(() => reopened.retrieve({ query: random.pick(QUERIES) }), context.quick ? 40 : 200), all));
  } finally {
    await reopened.close();
  }
  return rows;
}

/** MCP round trips over a spawned stdio server, and retrieve/search latency over a 10,000-chunk store. */
export async function latencySection(context: BenchContext): Promise<Section> {
  const home = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
  try {
    context.progress('latency: MCP over stdio');
    const all: Samples = new Map();
    const start = await serverStart(context, join(home, 'start'), all);
    const mcp = [...start, ...(await mcpRoundTrips(context, join(home, 'mcp'), all))];
    context.progress('latency: store with 10,000 chunks');
    const store = await storeLatency(context, join(home, 'store'), all);
    const body = [
      'MCP calls go through the SDK `Client` to the built `headroom mcp` spawned as a child process (stdio, SQLite store in a temporary directory); each compress call sends distinct content. Store calls use the library over a real SQLite file holding 100 originals of 100 log lines (10,000 line chunks).',
      '',
      markdownTable(['operation', 'calls', 'p50', 'p95', 'max'], [...mcp, ...store]),
    ].join('\n');
    const bar = (label: string, q: number, target: number, name: string): Bar => {
      const value = quantile(all.get(label) ?? [], q);
      return { name, target: `< ${target} ms`, measured: ms(value), met: value < target };
    };
    const bars = [
      bar('MCP server start: spawn to initialize answered', 0.5, 400, 'MCP server start (spawn to initialize), p50'),
      bar(`MCP headroom_compress, ${bytes(102_400)} log`, 0.5, 25, 'MCP call, 100 KB, p50'),
      bar('retrieve whole original (sqlite)', 0.95, 20, 'retrieve p95'),
      bar('search across all 10,000 chunks, warm', 0.95, 50, 'search over 10,000 chunks, p95 (index built)'),
      bar('search across all 10,000 chunks, first call after a restart', 0.5, 100, 'first search after a restart, 10,000 chunks'),
    ];
    return { title: 'Latency', body, bars };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
