import { createHeadroom } from '../../src/headroom.js';
import { createMemoryStorage } from '../../src/store/memory.js';
import type { BenchContext, Section } from '../context.js';
import { markdownTable, ms } from '../table.js';

const DEADLINE_MS = 5_000;
// What a call may take past its deadline: the worker's grace, then handing back the input.
const MARGIN_MS = 1_500;

/** Inputs a hostile user or a broken tool sends (issue 14), each a whole compress call. */
function hostileInputs(quick: boolean): Array<[string, () => string]> {
  const mb = 1024 * 1024;
  return [
    [`one line of one letter, ${quick ? 5 : 20} MB`, () => 'x'.repeat((quick ? 5 : 20) * mb)],
    ['a 5 MB string inside JSON', () => JSON.stringify({ a: 'y'.repeat(5 * mb), b: [1, 2] })],
    ['100,000 nested brackets', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    [`${quick ? 2 : 10} MB of JavaScript`, () => Array.from({ length: quick ? 40_000 : 200_000 }, (_, i) => `function f${i}(a, b) {\n  if (a > b) { return a - b; }\n  return b * ${i};\n}\n`).join('')],
    ['4 MB of random base64 on one line', () => Buffer.from(Array.from({ length: 3 * mb }, (_, i) => (i * 2_654_435_761) % 256)).toString('base64')],
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
    for (const [name, make] of hostileInputs(context.quick)) {
      context.progress(`reliability: ${name}`);
      const content = make();
      const start = performance.now();
      const result = await headroom.compress({ content, source: 'bench' });
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
  const bars = [{ name: 'hostile inputs: every call within its deadline + 1.5 s', target: `< ${ms(DEADLINE_MS + MARGIN_MS)}`, measured: ms(worst), met: worst < DEADLINE_MS + MARGIN_MS }];
  return { title: 'Reliability', body, bars };
}
