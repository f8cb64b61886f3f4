import { createCompressors, routerFor } from '../../src/compressors/registry.js';
import { createDeadline } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';
import { defaultBudget } from '../../src/pipeline.js';
import { countTokens } from '../../src/tokens.js';
import { type Bar, type BenchContext, benchHeadroom, type Section } from '../context.js';
import { median, runsFor, timeAsync, timeSync } from '../measure.js';
import { bytes, markdownTable, ms } from '../table.js';
import { sizedJsonArray, sizedLog } from '../workloads/sized.js';

const SIZES = [1024, 10_240, 102_400, 1_048_576, 10_485_760];
const NO_DEADLINE_MS = 600_000;

interface Input {
  label: string;
  kind: 'json' | 'log';
  text: string;
}

function inputs(quick: boolean): Input[] {
  const sizes = quick ? SIZES.filter((size) => size <= 1_048_576) : SIZES;
  const list: Input[] = [{ label: '500-item JSON array', kind: 'json', text: sizedJsonArray(0, 500) }];
  for (const size of sizes) list.push({ label: `JSON array ${bytes(size)}`, kind: 'json', text: sizedJsonArray(size) });
  for (const size of sizes) list.push({ label: `log ${bytes(size)}`, kind: 'log', text: sizedLog(size) });
  return list;
}

/**
 * A plain line split done by hand: V8 caches `split('\n')` results per string, so timing it
 * on the same string again measures a cache lookup, not a split.
 */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    lines.push(text.slice(start, end));
    start = end + 1;
  }
  lines.push(text.slice(start));
  return lines;
}

function ratio(value: number, floor: number): string {
  return floor > 0 ? `${(value / floor).toFixed(1)}x` : 'n/a';
}

/** Time per compressor and end to end, against JSON.parse / a line split of the same bytes. */
export async function speedSection(context: BenchContext): Promise<Section> {
  const router = routerFor(createCompressors());
  const headroom = await benchHeadroom();
  const rows: Array<Array<string | number>> = [];
  // Time of the compressor that produced the view, per input label, for the bars.
  const chosen = new Map<string, { name: string; ms: number }>();
  try {
    for (const input of inputs(context.quick)) {
      context.progress(`speed: ${input.label}`);
      const runs = runsFor(input.text.length, context.quick);
      const floor = median(input.kind === 'json' ? timeSync(() => JSON.parse(input.text), runs) : timeSync(() => splitLines(input.text), runs));
      const detectMs = median(timeSync(() => detect(input.text, 'auto'), runs));
      const detected = detect(input.text, 'auto');
      const tokens = countTokens(input.text);
      const countMs = median(timeSync(() => countTokens(input.text), Math.min(runs, 5)));
      const compressors = router.route(detected.kind).map((compressor) => {
        const request = { text: input.text, detected, budgetTokens: defaultBudget(tokens), lossless: false, deadline: createDeadline(NO_DEADLINE_MS) };
        const outcome = compressor.compress(request);
        const time = median(timeSync(() => compressor.compress({ ...request, deadline: createDeadline(NO_DEADLINE_MS) }), runs));
        if (outcome.status === 'compressed' && !chosen.has(input.label)) chosen.set(input.label, { name: compressor.name, ms: time });
        return `${compressor.name}${outcome.status === 'skipped' ? ' (skips)' : ''}: ${ms(time)} (${ratio(time, floor)})`;
      });
      const endToEnd = median(await timeAsync(() => headroom.compress({ content: input.text, source: 'bench' }), runs));
      rows.push([input.label, bytes(input.text.length), tokens, detected.kind, ms(floor), ms(detectMs), ms(countMs), compressors.join('; '), ms(endToEnd), ratio(endToEnd, floor)]);
    }
  } finally {
    await headroom.close();
  }
  const body = [
    `Median of several runs (50 for inputs up to 16 KB, down to 3 for 10 MB) after one warm-up, on one core of this machine. The floor is \`JSON.parse\` for JSON and a plain line split (an \`indexOf\` loop: V8 caches \`split\` results per string) for logs, on the same string. Compressor times exclude detection and the pipeline's token counting (a compressor may count tokens itself to fit its budget); ratios are to the floor. End to end is the library \`compress\` call on an in-memory store: detect, count, store (deflate), compress, count the view.`,
    '',
    markdownTable(['input', 'size', 'tokens', 'detected', 'floor', 'detect', 'count tokens', 'compressors in route order (time, x floor)', 'end to end', 'x floor'], rows),
  ].join('\n');
  const bar = (label: string, target: number, what: string): Bar[] => {
    const time = chosen.get(label);
    if (time === undefined) return [];
    return [{ name: `speed: ${what}`, target: `< ${target} ms`, measured: `${ms(time.ms)} (${time.name})`, met: time.ms < target }];
  };
  const bars = [...bar('500-item JSON array', 2, '500-item JSON array (~115 KB), compressor only'), ...bar(`JSON array ${bytes(10_485_760)}`, 200, '10 MB JSON, compressor only'), ...bar(`log ${bytes(1_048_576)}`, 50, '1 MB of log, compressor only')];
  return { title: 'Speed against the floor', body, bars };
}
