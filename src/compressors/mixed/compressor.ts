import type { Detected } from '../../detect.js';
import type { ContentKind } from '../../kinds.js';
import { splitLines } from '../../lines.js';
import { formatCount } from '../../marker.js';
import type { Router } from '../router.js';
import type { CompressOutcome, CompressRequest, Compressor } from '../types.js';
import type { Segment } from './segment.js';

/**
 * An input of several outputs, compressed part by part: each part (a JSON block, a log run,
 * grep hits, a table, the headers between them) goes to the compressors of its own kind with
 * its share of the budget, so an error inside any part is kept as that part's compressor
 * keeps it. Parts too small to gain anything stay verbatim.
 */
export function createMixedCompressor(router: () => Router): Compressor {
  return {
    name: 'mixed',
    async prepare(request) {
      for (const part of partsOf(request)) for (const compressor of router().route(part.request.detected.kind)) await compressor.prepare?.(part.request);
    },
    compress: (request) => compressMixed(router(), request),
  };
}

/** Parts under this many characters (about 150 tokens) stay as they are: a marker and a part header would cost as much. */
const SMALL_PART_CHARS = 600;
// Views whose line numbers are the part's own (markers, digests) and are shifted to the
// input's. The others keep theirs and get a part header saying which lines they are: JSON
// counts items, search hits and diffs count the searched or patched file's lines, code
// outlines the part's own.
const LINE_NUMBERED: ReadonlySet<ContentKind> = new Set(['log', 'table', 'test', 'build', 'listing', 'markdown', 'text', 'html', 'plan', 'records', 'reference']);
const LINE_REFERENCE = /\((lines?) ([\d,]+)(?:-([\d,]+))?\)/g;

interface Part {
  segment: Segment;
  text: string;
  request: CompressRequest;
}

const cache = new WeakMap<CompressRequest, Part[]>();

/** The parts of a mixed request, each with its own request (its share of the budget comes later). */
function partsOf(request: CompressRequest): Part[] {
  const known = cache.get(request);
  if (known !== undefined) return known;
  const segments = request.detected.kind === 'mixed' ? request.detected.segments : [];
  const { lines } = splitLines(request.text);
  const parts = segments.map((segment): Part => {
    const text = lines.slice(segment.start, segment.end).join('\n');
    const detected: Detected = segment.kind === 'json' ? { kind: 'json', value: segment.value, format: segment.format ?? 'json' } : { kind: segment.kind as Exclude<ContentKind, 'json' | 'mixed'> };
    return { segment, text, request: { ...request, text, detected } };
  });
  cache.set(request, parts);
  return parts;
}

function shiftLineNumbers(view: string, partLines: ReadonlySet<string>, offset: number): string {
  // In the style the compressor wrote it: with thousands separators or without.
  const shift = (n: string) => {
    const shifted = Number(n.replaceAll(',', '')) + offset;
    return n.includes(',') || n.length > 3 ? formatCount(shifted) : String(shifted);
  };
  return view
    .split('\n')
    .map((line) => (partLines.has(line) ? line : line.replace(LINE_REFERENCE, (_all, word: string, first: string, last?: string) => `(${word} ${shift(first)}${last === undefined ? '' : `-${shift(last)}`})`)))
    .join('\n');
}

interface PartView {
  text: string;
  strategy?: string;
  omitted?: string;
  lossless: boolean;
}

// Sizes within one input are compared in characters: the whole view is counted once, in choose.ts.
function compressPart(router: Router, part: Part, budgetTokens: number): PartView | 'deadline' {
  const verbatim: PartView = { text: part.text, lossless: true };
  if (part.text.length < SMALL_PART_CHARS || part.segment.header === true) return verbatim;
  const request = { ...part.request, budgetTokens };
  for (const compressor of router.route(part.segment.kind)) {
    const outcome = compressor.compress(request);
    if (request.deadline.expired()) return 'deadline';
    if (outcome.status === 'skipped') continue;
    if (outcome.text.length >= part.text.length) continue;
    const lineNumbered = LINE_NUMBERED.has(part.segment.kind);
    const text = lineNumbered && part.segment.start > 0 ? shiftLineNumbers(outcome.text, new Set(part.text.split('\n')), part.segment.start) : outcome.text;
    // Markers that do not count the input's lines say which lines the part is.
    const header = lineNumbered || outcome.lossless ? undefined : `[headroom: ${part.segment.kind} part, lines ${formatCount(part.segment.start + 1)}-${formatCount(part.segment.end)} of the input]`;
    return {
      text: header === undefined ? text : `${header}\n${text}`,
      strategy: `${part.segment.kind}:${outcome.strategy}`,
      lossless: outcome.lossless,
      ...(outcome.omitted === undefined ? {} : { omitted: `${part.segment.kind} ${outcome.omitted}` }),
    };
  }
  return verbatim;
}

function compressMixed(router: Router, request: CompressRequest): CompressOutcome {
  if (request.detected.kind !== 'mixed') return { status: 'skipped', reason: 'not a mix of outputs' };
  const parts = partsOf(request);
  const total = Math.max(1, request.text.length);
  const views: PartView[] = [];
  for (const part of parts) {
    // Each part gets the budget's share its size is of the input's, and at least what a small part is.
    const budget = Math.max(SMALL_PART_CHARS / 4, Math.round((request.budgetTokens * part.text.length) / total));
    const view = compressPart(router, part, budget);
    if (view === 'deadline') return { status: 'skipped', reason: 'deadline' };
    views.push(view);
  }
  if (views.every((view) => view.strategy === undefined)) return { status: 'skipped', reason: 'no part could be compressed' };
  const strategies = [...new Set(views.flatMap((view) => (view.strategy === undefined ? [] : [view.strategy])))];
  const omitted = views.flatMap((view) => (view.omitted === undefined ? [] : [view.omitted]));
  const lossless = views.every((view) => view.lossless);
  return {
    status: 'compressed',
    text: views.map((view) => view.text).join('\n'),
    strategy: `parts(${strategies.join(', ')})`,
    lossless,
    ...(lossless ? {} : { omitted: omitted.join('; ') }),
  };
}
