import { formatCount, omittedChars } from '../../marker.js';
import type { Plan } from './plan.js';
import type { Container } from './values.js';

/** What a rendering left out, for the footer. */
export interface RenderStats {
  /** Items dropped from arrays that were shown. */
  omittedItems: number;
  /** Items those arrays had. */
  itemsInCutArrays: number;
  cutStrings: number;
}

export interface RenderContext {
  plan: Plan;
  stats: RenderStats;
}

export function createRenderContext(plan: Plan): RenderContext {
  return { plan, stats: { omittedItems: 0, itemsInCutArrays: 0, cutStrings: 0 } };
}

/** Only strings this much longer than the limit are cut: a marker on a slightly long string saves little. */
const CUT_SLACK = 1.5;

/** `text` whole, or its head and tail around a marker when much longer than the plan allows. */
export function preview(text: string, context: RenderContext): string {
  const limit = context.plan.maxString;
  if (text.length <= limit * CUT_SLACK) return text;
  context.stats.cutStrings++;
  const head = text.slice(0, Math.ceil(limit * 0.7));
  const tail = text.slice(text.length - Math.floor(limit * 0.3));
  return `${head}${omittedChars(text.length - head.length - tail.length)}${tail}`;
}

/** Kept positions of a collection of `length` items (undefined: all), counting what is dropped. */
export function keptIndexes(node: Container, length: number, context: RenderContext): readonly number[] | undefined {
  const kept = context.plan.kept.get(node);
  if (kept !== undefined) {
    context.stats.omittedItems += length - kept.length;
    context.stats.itemsInCutArrays += length;
  }
  return kept;
}

/** Marker for object entries left out: how many, and the first and last key. */
export function omittedEntries(keys: readonly string[], from: number, to: number): string {
  const count = to - from + 1;
  const span = count === 1 ? JSON.stringify(keys[from]) : `${JSON.stringify(keys[from])} to ${JSON.stringify(keys[to])}`;
  return `[... ${formatCount(count)} ${count === 1 ? 'entry' : 'entries'} omitted (${span}) ...]`;
}

/** Runs of kept indexes and the gaps between them, in order. */
export function* segments(length: number, kept: readonly number[] | undefined): Generator<{ kind: 'items'; from: number; to: number } | { kind: 'gap'; from: number; to: number }> {
  if (kept === undefined) {
    if (length > 0) yield { kind: 'items', from: 0, to: length - 1 };
    return;
  }
  let next = 0;
  let index = 0;
  while (index < kept.length) {
    const from = kept[index] as number;
    if (from > next) yield { kind: 'gap', from: next, to: from - 1 };
    let to = from;
    while (index + 1 < kept.length && kept[index + 1] === to + 1) to = kept[++index] as number;
    yield { kind: 'items', from, to };
    next = to + 1;
    index++;
  }
  if (next < length) yield { kind: 'gap', from: next, to: length - 1 };
}
