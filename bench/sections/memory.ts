import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext, Section } from '../context.js';
import { bytes, markdownTable } from '../table.js';

const run = promisify(execFile);

async function probe(context: BenchContext, args: string[]): Promise<Record<string, unknown>> {
  const script = join(context.root, 'dist', 'bench', 'memory-probe.js');
  const { stdout } = await run(process.execPath, ['--expose-gc', script, ...args], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

const mb = (value: unknown) => `${Math.round(Number(value))} MB`;

/** Peak resident memory of one large compression, and heap after GC across many calls. */
export async function memorySection(context: BenchContext): Promise<Section> {
  const size = context.quick ? 1_048_576 : 10_485_760;
  const rows: Array<Array<string | number>> = [];
  for (const kind of ['log', 'json']) {
    context.progress(`memory: ${kind} ${bytes(size)}`);
    const report = await probe(context, ['peak', String(size), kind]);
    rows.push([`compress one ${kind} input of ${bytes(Number(report.bytes))}`, mb(report.rssBeforeMb), mb(report.peakRssMb)]);
  }
  const calls = context.quick ? 200 : 1000;
  context.progress(`memory: ${calls} calls`);
  const load = await probe(context, ['load', String(calls)]);
  const heapMb = load.heapMb as number[];
  const heap = heapMb.map((value) => `${value.toFixed(1)}`).join(' -> ');
  const drift = (heapMb[heapMb.length - 1] ?? 0) - (heapMb[0] ?? 0);
  const body = [
    'Each row runs in its own child process (`node --expose-gc dist/bench/memory-probe.js`), so the peak is that job alone (its input generation included). RSS before is after loading the library and generating the input.',
    '',
    markdownTable(['job', 'RSS before', 'peak RSS'], rows),
    '',
    `Under load: ${calls} compress calls of distinct 10 KB logs into a SQLite store; heap used after GC at each quarter: ${heap} MB (peak RSS ${mb(load.peakRssMb)}).`,
  ].join('\n');
  const bars = [{ name: `memory flat under load (${calls} calls)`, target: 'heap drift < 5 MB', measured: `${drift.toFixed(1)} MB`, met: drift < 5 }];
  return { title: 'Memory', body, bars };
}
