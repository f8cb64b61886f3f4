import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createHeadroom } from '../../src/headroom.js';
import { createMemoryStorage } from '../../src/store/memory.js';
import type { BenchContext, Section } from '../context.js';
import { median, quantile } from '../measure.js';
import { markdownTable, ms } from '../table.js';

const BIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const DEADLINE_MS = 5_000;
// What a call may take past its deadline: the worker's grace, then handing back the input.
const MARGIN_MS = 1_500;

/** Inputs a hostile user or a broken tool sends (issue 14), each a whole compress call. */
function hostileInputs(quick: boolean): Array<[string, () => string, string?]> {
  const mb = 1024 * 1024;
  return [
    [`one line of one letter, ${quick ? 5 : 20} MB`, () => 'x'.repeat((quick ? 5 : 20) * mb)],
    ['a 5 MB string inside JSON', () => JSON.stringify({ a: 'y'.repeat(5 * mb), b: [1, 2] })],
    ['100,000 nested brackets', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    [`${quick ? 2 : 10} MB of JavaScript`, () => Array.from({ length: quick ? 40_000 : 200_000 }, (_, i) => `function f${i}(a, b) {\n  if (a > b) { return a - b; }\n  return b * ${i};\n}\n`).join('')],
    ['4 MB of random base64 on one line', () => Buffer.from(Array.from({ length: 3 * mb }, (_, i) => (i * 2_654_435_761) % 256)).toString('base64')],
    // tree-sitter's error recovery: about 6 s a MB to parse.
    ['1.9 MB of broken JavaScript', () => 'x = { a: , b: [1, , c: ( };\n'.repeat(70_000), 'javascript'],
  ];
}

/**
 * Hostile inputs through the library with the default 5 s deadline, as the built package runs
 * them (large inputs on the worker thread): the time of each call, what came back, and whether
 * the deadline held.
 */
export async function reliabilitySection(context: BenchContext): Promise<Section> {
  const headroom = await createHeadroom({ storage: createMemoryStorage({ ttlMs: 3_600_000, maxStoreBytes: 4 * 1024 * 1024 * 1024 }), config: { deadlineMs: DEADLINE_MS, maxInputBytes: 64 * 1024 * 1024 } });
  const rows: Array<Array<string | number>> = [];
  let worst = 0;
  try {
    for (const [name, make, language] of hostileInputs(context.quick)) {
      context.progress(`reliability: ${name}`);
      const content = make();
      const start = performance.now();
      const result = await headroom.compress({ content, source: 'bench', ...(language === undefined ? {} : { language }) });
      const took = performance.now() - start;
      worst = Math.max(worst, took);
      rows.push([name, content.length.toLocaleString('en-US'), ms(took), result.strategy, result.compressedTokens]);
    }
  } finally {
    await headroom.close();
  }
  const body = [
    `Whole \`compress\` calls on an in-memory store, deadline ${DEADLINE_MS.toLocaleString('en-US')} ms. Inputs of 64 KB or more run on the worker thread, which is stopped at the deadline; such a call answers with its input (\`passthrough (deadline)\`). The first large input also waits for the worker to start.`,
    '',
    markdownTable(['input', 'characters', 'time', 'strategy', 'tokens out'], rows),
  ].join('\n');
  const shared = await contention(context);
  const bars = [{ name: 'hostile inputs: every call within its deadline + 1.5 s', target: `< ${ms(DEADLINE_MS + MARGIN_MS)}`, measured: ms(worst), met: worst < DEADLINE_MS + MARGIN_MS }];
  return { title: 'Reliability', body: `${body}\n\n${shared}`, bars };
}

const logOf = (seed: number, lines: number) => Array.from({ length: lines }, (_, line) => `2026-12-02T10:${String(line % 60).padStart(2, '0')}:00Z INFO req ${line * seed} served /api/item/${line % 97} in ${line % 13} ms user=${(line * 7_919) % 1_000}`).join('\n');

/**
 * One SQLite store under load: two more MCP servers each kept busy with 10 concurrent 200 KB
 * calls, while a third answers single calls and cold CLI processes come and go.
 */
async function contention(context: BenchContext): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'headroom-bench-shared-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home };
  const clients: Client[] = [];
  const open = async () => {
    const client = new Client({ name: 'bench-contention', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env, stderr: 'ignore' }));
    clients.push(client);
    return client;
  };
  const call = (client: Client, name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 }) as Promise<CallToolResult>;
  let busy = true;
  const loops: Promise<unknown>[] = [];
  try {
    context.progress('reliability: three servers on one store');
    const [measured, ...loaders] = await Promise.all([open(), open(), open()]);
    if (measured === undefined) throw new Error('no server');
    const seeded = await call(measured, 'headroom_compress', { content: logOf(1, 3_000) });
    const hash = (seeded._meta?.headroom as { hash: string }).hash;
    for (const [index, loader] of loaders.entries()) {
      loops.push(
        (async () => {
          for (let round = 0; busy; round++) await Promise.all(Array.from({ length: 10 }, (_, slot) => call(loader, 'headroom_compress', { content: logOf(index * 1_000 + round * 10 + slot + 2, 2_400) })));
        })(),
      );
    }
    const samples: Record<string, number[]> = { 'MCP compress, 10 KB': [], 'MCP retrieve, one page': [], 'MCP search across originals': [], 'CLI compress, cold process': [] };
    const time = async (name: string, work: () => Promise<unknown> | unknown) => {
      const start = performance.now();
      await work();
      samples[name]?.push(performance.now() - start);
    };
    const file = join(home, 'input.txt');
    writeFileSync(file, logOf(99_999, 150));
    for (let run = 0; run < (context.quick ? 3 : 8); run++) {
      await time('MCP compress, 10 KB', () => call(measured, 'headroom_compress', { content: logOf(50_000 + run, 150) }));
      await time('MCP retrieve, one page', () => call(measured, 'headroom_retrieve', { hash, offset: 1_000, limit: 200 }));
      await time('MCP search across originals', () => call(measured, 'headroom_retrieve', { query: `user=${run * 37}` }));
      if (run < 3) await time('CLI compress, cold process', () => spawnSync(process.execPath, [BIN, 'compress', file], { env, stdio: 'ignore' }));
    }
    const rows = Object.entries(samples).map(([name, taken]) => [name, taken.length, ms(median(taken)), ms(quantile(taken, 1))]);
    return [
      'Three MCP servers and cold CLI processes on one SQLite store, on this machine: two servers are each kept busy with 10 concurrent 200 KB compress calls while the third answers one call at a time. A cold CLI process pays Node start and module loading first (see Speed).',
      '',
      markdownTable(['call', 'runs', 'median', 'max'], rows),
    ].join('\n');
  } finally {
    busy = false;
    await Promise.allSettled(loops);
    for (const client of clients) await client.close().catch(() => {});
    rmSync(home, { recursive: true, force: true });
  }
}
