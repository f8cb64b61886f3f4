import { bm25Scores, valueTerms } from '../query-match.js';
import { isObject, isScalar, type Json } from './values.js';

/**
 * Why items of one array must stay in the view whatever the budget (DESIGN.md invariant 3):
 * error-like values, rare categorical values, numeric outliers and change points, and the
 * best query matches, plus the first and last item.
 */
export type Reason = 'first' | 'last' | 'error' | 'rare' | 'outlier' | 'change' | 'query' | 'nested';

// Error words as values, on word boundaries; `"error": null` and `error_count: 0` are not errors.
const ERROR_VALUE = /\b(?:error|errors|exception|fatal|panic|critical|crash(?:ed)?|fail|failed|failure|failing|timeout|timed out|refused|denied|unavailable|traceback|abort(?:ed)?|econnrefused|econnreset|etimedout)\b/i;
const NOT_AN_ERROR = /\b(?:0|no|zero|without)\s+(?:errors?|failures?|exceptions?)\b/i;
const ERROR_COUNT_KEY = /(?:^|_|\b)(?:errors?|failures?|failed|exceptions?)(?:_?count)?$/i;
const OK_FLAG_KEY = /^(?:ok|success|succeeded|passed)$/i;
const STATUS_KEY = /status/i;

/** Values that would stay in even when the budget says otherwise are capped at this share of items. */
const RARE_SHARE = 0.05;
const OUTLIER_Z = 5;
const MIN_FOR_STATS = 8;
const CHANGE_WINDOW = 5;
const MAX_QUERY_ITEMS = 4;
const QUERY_SHARE_OF_BEST = 0.6;

/** Longer or multi-line strings are content (code, bodies), where error words are subject matter. */
const MAX_MESSAGE_CHARS = 300;
// A line of source code (a Go `func ... error {`, a `throw new Error(...)`) is not an event either.
const CODE_SHAPE = /[{;]\s*$|=>|^\s*(?:def|func|fn|import|export|const|let|var|return|public|private|protected|class|if|throw)\b/;

function errorLike(key: string, value: Json, depth = 0): boolean {
  if (typeof value === 'string') return value.length <= MAX_MESSAGE_CHARS && ERROR_VALUE.test(value) && !value.includes('\n') && !NOT_AN_ERROR.test(value) && !CODE_SHAPE.test(value);
  // Cheap value checks before the key patterns: most numbers are not error counts or 5xx.
  if (typeof value === 'number') return (value > 0 && ERROR_COUNT_KEY.test(key)) || (value >= 500 && value <= 599 && STATUS_KEY.test(key));
  if (typeof value === 'boolean') return !value && OK_FLAG_KEY.test(key);
  if (depth > 3 || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (errorLike(key, item, depth + 1)) return true;
    return false;
  }
  for (const child in value) if (errorLike(child, value[child] as Json, depth + 1)) return true;
  return false;
}

/** Text of every scalar value (never the keys) for query matching. */
export function valuesText(value: Json, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (value !== null && depth < 32) for (const item of Array.isArray(value) ? value : Object.values(value)) valuesText(item, out, depth + 1);
  return out;
}

/** Top-level scalar fields of object items, or the items themselves for scalar arrays. */
function fields(items: readonly Json[]): Map<string, Json[]> {
  const columns = new Map<string, Json[]>();
  if (items.every(isScalar)) {
    columns.set('', items as Json[]);
    return columns;
  }
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const key in item) if (!columns.has(key) && isScalar(item[key])) columns.set(key, []);
  }
  for (const [key, column] of columns) for (const item of items) column.push(isObject(item) && isScalar(item[key]) ? (item[key] as Json) : null);
  return columns;
}

function median(sorted: ArrayLike<number>): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function numericReasons(values: readonly Json[], mark: (index: number, reason: Reason) => void): void {
  const numbers: Array<[number, number]> = [];
  // Past this many values that are not numbers, the column is not numeric: stop looking.
  const maxOthers = values.length * 0.2;
  let others = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'number' && Number.isFinite(value)) numbers.push([index, value]);
    else if (++others > maxOthers) return;
  }
  if (numbers.length < MIN_FOR_STATS || numbers.length < values.length * 0.8) return;
  // Typed arrays sort numerically without a comparator, several times faster.
  const sorted = Float64Array.from(numbers, ([, value]) => value).sort();
  const center = median(sorted);
  const spread = median(sorted.map((value) => Math.abs(value - center)).sort()) * 1.4826;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const sd = Math.sqrt(sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / sorted.length);
  const scale = spread > 0 ? spread : sd;
  if (scale > 0) for (const [index, value] of numbers) if (Math.abs(value - (spread > 0 ? center : mean)) / scale > OUTLIER_Z) mark(index, 'outlier');

  // Change points: where the level of the next window departs from the previous window's.
  if (numbers.length !== values.length || numbers.length < CHANGE_WINDOW * 3) return;
  const series = numbers.map(([, value]) => value);
  const diffs = Float64Array.from({ length: series.length - 1 }, (_, index) => Math.abs((series[index + 1] as number) - (series[index] as number))).sort();
  const noise = Math.max(median(diffs), 1e-9);
  // Medians, not means: a single spike is an outlier, not a change of level.
  // The median of the window starting at each position, each computed once.
  const windows = new Float64Array(series.length - CHANGE_WINDOW + 1);
  const scratch = new Float64Array(CHANGE_WINDOW);
  for (let from = 0; from < windows.length; from++) {
    // Insertion sort of a few numbers into a reused buffer: no allocation per position.
    for (let at = 0; at < CHANGE_WINDOW; at++) {
      const value = series[from + at] as number;
      let slot = at;
      while (slot > 0 && (scratch[slot - 1] as number) > value) {
        scratch[slot] = scratch[slot - 1] as number;
        slot--;
      }
      scratch[slot] = value;
    }
    windows[from] = scratch[CHANGE_WINDOW >> 1] as number;
  }
  const window = (from: number) => windows[from] as number;
  let last = -CHANGE_WINDOW;
  for (let index = CHANGE_WINDOW; index <= series.length - CHANGE_WINDOW; index++) {
    const shift = Math.abs(window(index) - window(index - CHANGE_WINDOW));
    const next = index + 1 <= series.length - CHANGE_WINDOW ? Math.abs(window(index + 1) - window(index + 1 - CHANGE_WINDOW)) : 0;
    if (shift > 4 * noise && shift > next && index - last >= CHANGE_WINDOW) {
      mark(index - 1, 'change');
      mark(index, 'change');
      last = index;
    }
  }
}

function rareReasons(values: readonly Json[], mark: (index: number, reason: Reason) => void): void {
  const counts = new Map<Json, number>();
  // Categorical: a handful of distinct values. Rare: far below an even share of the rows.
  const maxDistinct = Math.max(2, values.length / 5);
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'boolean') continue;
    const count = counts.get(value);
    if (count !== undefined) counts.set(value, count + 1);
    else if (counts.set(value, 1).size > maxDistinct) return;
  }
  if (counts.size < 2) return;
  const limit = Math.max(1, Math.min(Math.floor(values.length * RARE_SHARE), Math.floor((0.25 * values.length) / counts.size)));
  values.forEach((value, index) => {
    if ((counts.get(value) ?? Number.POSITIVE_INFINITY) <= limit) mark(index, 'rare');
  });
}

export interface ItemFacts {
  /** Items that stay, with the first reason found. */
  keep: Map<number, Reason>;
  /** Query score per item (0 for none), for breaking ties when filling. */
  queryScores: number[] | undefined;
}

/**
 * Facts about the items of one array. `nested` says whether an item holds something that
 * must stay deeper down (an error or an outlier in a nested array), so its path is kept.
 */
export function analyzeItems(items: readonly Json[], key: string, query: string | undefined, nested: (item: Json, key?: string) => boolean, keys?: readonly string[]): ItemFacts {
  const keep = new Map<number, Reason>();
  const mark = (index: number, reason: Reason) => {
    if (!keep.has(index)) keep.set(index, reason);
  };
  if (items.length === 0) return { keep, queryScores: undefined };
  mark(0, 'first');
  mark(items.length - 1, 'last');
  items.forEach((item, index) => {
    if (errorLike(keys?.[index] ?? key, item)) mark(index, 'error');
  });
  if (items.length >= MIN_FOR_STATS) {
    for (const values of fields(items).values()) {
      rareReasons(values, mark);
      numericReasons(values, mark);
    }
  }
  let queryScores: number[] | undefined;
  if (query !== undefined) {
    // In a map the keys are data too (package names, versions).
    queryScores = bm25Scores(query, items.map((item, index) => valueTerms(`${keys?.[index] ?? ''} ${valuesText(item).join(' ')}`)));
    const best = Math.max(0, ...queryScores);
    if (best > 0) {
      const ranked = queryScores.map((score, index) => [score, index] as const).filter(([score]) => score >= best * QUERY_SHARE_OF_BEST).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      for (const [, index] of ranked.slice(0, MAX_QUERY_ITEMS)) mark(index, 'query');
    }
  }
  items.forEach((item, index) => {
    if (!isScalar(item) && nested(item, keys?.[index] ?? key)) mark(index, 'nested');
  });
  return { keep, queryScores };
}
