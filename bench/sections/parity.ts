import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Headroom } from '../../src/headroom.js';
import { detect } from '../../src/detect.js';
import { countTokens } from '../../src/tokens.js';
import { type Bar, type BenchContext, benchHeadroom, type Section } from '../context.js';
import { countVisible, importantLines, recordVisible } from '../recall.js';
import { largestRowArray, reasonRows } from '../reasons.js';
import { formatNumber, markdownTable, percent } from '../table.js';

interface Anchor {
  name: string;
  input: unknown;
  output: unknown;
}

/** Recorded anchors of one transform, one per distinct input (headroom recorded some inputs several times). */
function loadAnchors(dir: string, transform: string): Anchor[] {
  const folder = join(dir, transform);
  if (!existsSync(folder)) return [];
  const seen = new Set<string>();
  const anchors: Anchor[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
    const record = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { input: unknown; output: unknown; input_sha256?: string };
    const key = record.input_sha256 ?? JSON.stringify(record.input);
    if (seen.has(key)) continue;
    seen.add(key);
    anchors.push({ name: file.replace(/\.json$/, ''), input: record.input, output: record.output });
  }
  return anchors;
}

function keptShare(kept: number, of: number): string {
  return of === 0 ? '-' : `${kept}/${of}`;
}

interface Totals {
  input: number;
  theirs: number;
  ours: number;
  /** What they kept for a reason, and how much of that we kept. */
  theirsKept: number;
  oursKept: number;
}

interface Comparison {
  table: string;
  totals: Totals;
}

function comparisonBar(name: string, { totals }: Comparison): Bar {
  return {
    name: `parity ${name}: tokens, what they keep`,
    target: `<= theirs (${formatNumber(totals.theirs)}), keep all they keep`,
    measured: `${formatNumber(totals.ours)} tokens, ${totals.oursKept}/${totals.theirsKept} kept`,
    met: totals.ours <= totals.theirs && totals.oursKept === totals.theirsKept,
  };
}

/** `1,234 (56.7% saved)` */
function withSaved(tokens: number, of: number): string {
  return `${formatNumber(tokens)} (${percent(tokens, of)} saved)`;
}

async function smartCrusher(headroom: Headroom, dir: string): Promise<Comparison> {
  const rows: Array<Array<string | number>> = [];
  const totals: Totals = { input: 0, theirs: 0, ours: 0, theirsKept: 0, oursKept: 0 };
  for (const anchor of loadAnchors(dir, 'smart_crusher')) {
    const input = anchor.input as { content: string; query?: string };
    const output = anchor.output as { compressed: string; strategy: string };
    const ours = await headroom.compress({ content: input.content, source: 'bench', ...(input.query ? { query: input.query } : {}) });
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.content);
    } catch {
      parsed = undefined;
    }
    const table = largestRowArray(parsed) ?? [];
    const reasons = reasonRows(table);
    const theirsKept = [...reasons.keys()].filter((index) => recordVisible(output.compressed, table[index]));
    // A lossless view holds every row, even where a column is stated once instead of per row.
    const oursKept = ours.lossless ? theirsKept : theirsKept.filter((index) => recordVisible(ours.text, table[index]));
    const theirTokens = countTokens(output.compressed);
    totals.input += ours.originalTokens;
    totals.theirs += theirTokens;
    totals.ours += ours.compressedTokens;
    totals.theirsKept += theirsKept.length;
    totals.oursKept += oursKept.length;
    rows.push([anchor.name.replace(/_[0-9a-f]{12}$/, ''), ours.originalTokens, theirTokens, ours.compressedTokens, keptShare(theirsKept.length, reasons.size), keptShare(oursKept.length, theirsKept.length), output.strategy.replace(/\|/g, '/'), ours.strategy]);
  }
  rows.push(['**total**', totals.input, withSaved(totals.theirs, totals.input), withSaved(totals.ours, totals.input), '', '', '', '']);
  return { table: markdownTable(['input', 'tokens', 'theirs', 'ours', 'reason rows they keep', 'of those, ours keep', 'their strategy', 'our strategy'], rows), totals };
}

/** Lines worth keeping in a diff: every changed line, plus error lines. */
function diffLines(text: string): string[] {
  const changed = text.split('\n').filter((line) => /^[+-](?![+-]{2} )/.test(line) && line.trim().length > 1);
  return [...new Set([...changed, ...importantLines(text)])];
}

async function lineTransform(headroom: Headroom, dir: string, transform: 'log_compressor' | 'diff_compressor' | 'text_crusher'): Promise<Comparison> {
  const rows: Array<Array<string | number>> = [];
  const totals: Totals = { input: 0, theirs: 0, ours: 0, theirsKept: 0, oursKept: 0 };
  for (const anchor of loadAnchors(dir, transform)) {
    const { text, query } = typeof anchor.input === 'string' ? { text: anchor.input, query: '' } : { text: (anchor.input as { content: string }).content, query: (anchor.input as { context?: string }).context ?? '' };
    const theirs = (anchor.output as { compressed: string }).compressed;
    const ours = await headroom.compress({ content: text, source: 'bench', ...(query === '' ? {} : { query }) });
    const wanted = transform === 'diff_compressor' ? diffLines(text) : importantLines(text);
    const theirsKept = wanted.filter((line) => theirs.includes(line.trim()));
    const oursKept = theirsKept.filter((line) => ours.text.includes(line.trim()));
    const theirTokens = countTokens(theirs);
    totals.input += ours.originalTokens;
    totals.theirs += theirTokens;
    totals.ours += ours.compressedTokens;
    totals.theirsKept += theirsKept.length;
    totals.oursKept += oursKept.length;
    rows.push([anchor.name, text.split('\n').length, ours.originalTokens, theirTokens, ours.compressedTokens, keptShare(theirsKept.length, wanted.length), keptShare(oursKept.length, theirsKept.length), keptShare(countVisible(ours.text, wanted.map((line) => line.trim())), wanted.length), ours.strategy]);
  }
  rows.push(['**total**', '', totals.input, withSaved(totals.theirs, totals.input), withSaved(totals.ours, totals.input), '', '', '', '']);
  const what = transform === 'diff_compressor' ? 'changed + error lines' : 'error lines and frames';
  return { table: markdownTable(['input', 'lines', 'tokens', 'theirs', 'ours', `${what} they keep`, 'of those, ours keep', `${what} ours keep`, 'our strategy'], rows), totals };
}

const DETECTOR_KINDS: Record<string, string[]> = {
  json_array: ['json'],
  source_code: ['code'],
  build: ['build', 'log'],
  diff: ['diff'],
  html: ['html'],
  search: ['search'],
  text: ['text', 'markdown'],
};

function contentDetector(dir: string): string {
  const anchors = loadAnchors(dir, 'content_detector');
  const misses: Array<Array<string | number>> = [];
  let agree = 0;
  for (const anchor of anchors) {
    const theirs = (anchor.output as { content_type: string }).content_type;
    const ours = detect(anchor.input as string, 'auto').kind;
    if ((DETECTOR_KINDS[theirs] ?? [theirs]).includes(ours)) agree++;
    else misses.push([anchor.name, theirs, ours, JSON.stringify((anchor.input as string).slice(0, 60)).replace(/\|/g, '\\|')]);
  }
  return [`Our detection agrees with theirs on ${agree} of ${anchors.length} inputs.`, ...(misses.length > 0 ? ['', markdownTable(['input', 'theirs', 'ours', 'starts with'], misses)] : [])].join('\n');
}

function tokenizer(dir: string): string {
  const anchors = loadAnchors(dir, 'tokenizer');
  const same = anchors.filter((anchor) => countTokens(anchor.input as string) === anchor.output).length;
  return `Our o200k_base count equals theirs on ${same} of ${anchors.length} recorded inputs.`;
}

/** Where the recorded anchors live: `HEADROOM_PARITY_DIR`, else `../shared/anchors/headroom-parity` beside the checkout. */
export function parityDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.HEADROOM_PARITY_DIR ?? join(root, '..', 'shared', 'anchors', 'headroom-parity');
}

/** headroom's own recorded inputs and outputs, run through our pipeline side by side. */
export async function paritySection(context: BenchContext): Promise<Section> {
  const dir = parityDir(context.root);
  const title = "headroom's recorded outputs, side by side";
  if (!existsSync(dir)) return { title, body: `Skipped: no anchors at ${dir} (set HEADROOM_PARITY_DIR to the headroom-parity folder).` };
  const headroom = await benchHeadroom();
  try {
    context.progress('parity: smart_crusher');
    const crusher = await smartCrusher(headroom, dir);
    context.progress('parity: log, diff, text');
    const logs = await lineTransform(headroom, dir, 'log_compressor');
    const diffs = await lineTransform(headroom, dir, 'diff_compressor');
    const text = await lineTransform(headroom, dir, 'text_crusher');
    const body = [
      'The inputs headroom recorded for its own compressors (one row per distinct input), run through our full pipeline with defaults (their `query`/`context` passed as our `query`). "theirs" is their recorded output counted with our tokenizer. Inputs under 200 tokens pass through our pipeline unchanged by design.',
      '',
      '### SmartCrusher (JSON)',
      'Reason rows are rows with an error-like value, a rare categorical value (at most 10% of rows) or a numeric outlier (|z| > 3), found in the input; "they keep" counts those visible in their output, "ours keep" those of them visible in ours (all of them when our view is lossless).',
      '',
      crusher.table,
      '',
      '### LogCompressor',
      logs.table,
      '',
      '### DiffCompressor',
      diffs.table,
      '',
      '### TextCrusher',
      text.table,
      '',
      '### ContentDetector and tokenizer',
      contentDetector(dir),
      '',
      tokenizer(dir),
    ].join('\n');
    const bars = [comparisonBar('SmartCrusher', crusher), comparisonBar('LogCompressor', logs), comparisonBar('DiffCompressor', diffs), comparisonBar('TextCrusher', text)];
    return { title, body, bars };
  } finally {
    await headroom.close();
  }
}
