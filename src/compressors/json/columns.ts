import { progressionStep } from './sequence.js';
import { isObject, isScalar, type Json, type JsonObject, type Scalar } from './values.js';

/** A column of a table: a key path into each row (`repository.full_name` is two keys). */
export interface Column {
  path: readonly string[];
  /**
   * How the column is stated. `cells`: one cell per row. `constant`: the same value in every
   * row, stated once. `range`: numbers in arithmetic progression. `template`: strings equal
   * to a pattern with numbers that each run in progression (`line {0..29}`). `affix`:
   * strings sharing a start and an end (`https://github.com/{}`), cells hold the middle.
   */
  form:
    | { kind: 'cells' }
    | { kind: 'constant'; value: Scalar }
    | { kind: 'range'; first: number; step: number }
    | { kind: 'template'; parts: readonly string[]; firsts: readonly number[]; steps: readonly number[] }
    | { kind: 'affix'; prefix: string; suffix: string };
}

export interface TableShape {
  columns: Column[];
}

/** Below this share of filled cells, a list reads better than a table full of holes. */
const MIN_FILL = 0.6;
/** Nested values longer than this (as JSON) do not go in a cell. */
const MAX_JSON_CELL_CHARS = 400;
/** Columns stated once need at least this many rows to be worth it. */
const MIN_ROWS_FOR_FORMS = 3;

export function valueAt(row: JsonObject, path: readonly string[]): Json | undefined {
  let node: Json | undefined = row;
  for (const key of path) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Leaf key paths in first-seen order; nested objects become dotted columns when every row that has them has an object. */
function leafPaths(rows: readonly JsonObject[], prefix: readonly string[], depth: number): string[][] | undefined {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const paths: string[][] = [];
  for (const key of keys) {
    const present: Json[] = [];
    for (const row of rows) if (Object.hasOwn(row, key)) present.push(row[key] as Json);
    if (depth < 4 && present.length > 0 && present.every(isObject) && present.some((value) => Object.keys(value).length > 0)) {
      const nested = leafPaths(present as JsonObject[], [...prefix, key], depth + 1);
      if (nested === undefined) return undefined;
      paths.push(...nested);
      continue;
    }
    // Other cells hold scalars, arrays of scalars, or small nested values written as JSON;
    // a big nested value (a subtree) makes a list, not a table.
    if (present.some((value) => !isScalar(value) && !(Array.isArray(value) && value.every(isScalar)) && JSON.stringify(value).length > MAX_JSON_CELL_CHARS)) return undefined;
    paths.push([...prefix, key]);
  }
  return paths;
}

const NUMBER = /-?\d+(?:\.\d+)?/g;

export type TemplateForm = Extract<Column['form'], { kind: 'template' }>;

/** Strings that differ only in numbers which each run in progression, as one pattern; or undefined. */
export function templateForm(values: readonly string[]): TemplateForm | undefined {
  const parts = values[0]?.split(NUMBER);
  if (parts === undefined || parts.length < 2 || values.length < 2) return undefined;
  let firsts: number[] = [];
  let steps: number[] = [];
  // Row by row, so the first row off the pattern or off the progression ends the scan.
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as string;
    const split = value.split(NUMBER);
    if (split.length !== parts.length || split.some((part, index) => part !== parts[index])) return undefined;
    const found = value.match(NUMBER) ?? [];
    // Only whole numbers that print back exactly (no leading zeros, no 1.50) can be regenerated.
    if (found.some((text) => !/^-?\d+$/.test(text) || String(Number(text)) !== text)) return undefined;
    const numbers = found.map(Number);
    if (row === 0) firsts = numbers;
    else {
      if (row === 1) steps = numbers.map((number, slot) => number - (firsts[slot] as number));
      // As progressionStep checks it: each value equal to first + step * row.
      for (let slot = 0; slot < numbers.length; slot++) if (numbers[slot] !== (firsts[slot] as number) + (steps[slot] as number) * row) return undefined;
    }
  }
  return { kind: 'template', parts, firsts, steps };
}

function formOf(rows: readonly JsonObject[], path: readonly string[]): Column['form'] {
  if (rows.length < MIN_ROWS_FOR_FORMS) return { kind: 'cells' };
  const values = rows.map((row) => valueAt(row, path));
  if (values.some((value) => value === undefined || !isScalar(value))) return { kind: 'cells' };
  const first = values[0] as Scalar;
  if (values.every((value) => value === first)) return { kind: 'constant', value: first };
  const step = progressionStep(values);
  if (step !== undefined && step !== 0) return { kind: 'range', first: first as number, step };
  if (values.every((value) => typeof value === 'string')) return templateForm(values as string[]) ?? affixForm(values as string[]) ?? { kind: 'cells' };
  return { kind: 'cells' };
}

/** Shared text shorter than this is not worth a pattern in the header. */
const MIN_AFFIX_CHARS = 6;
// Cut points that keep a value readable: after `https://host/` or `user=`, before `@example.com`
// or `.compute.internal`; never inside a number, a date or a word.
const PREFIX_END = /[/@ =]/;
const SUFFIX_START = /[./@ ?#]/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}/;

/** A common start and end of every value, cut at separators so no word is split. */
function affixForm(values: readonly string[]): Column['form'] | undefined {
  const first = values[0] as string;
  if (TIMESTAMP.test(first)) return undefined;
  let prefix = first.length;
  let suffix = first.length;
  for (const value of values) {
    let at = 0;
    while (at < prefix && at < value.length && value[at] === first[at]) at++;
    prefix = at;
    let back = 0;
    while (back < suffix && back < value.length && value[value.length - 1 - back] === first[first.length - 1 - back]) back++;
    suffix = back;
    // Both only shrink from here (and below): too little in common already means no affix.
    if (prefix + suffix < MIN_AFFIX_CHARS) return undefined;
  }
  // Cut back to separators: `https://github.com/` not `https://github.com/ac`.
  while (prefix > 0 && !PREFIX_END.test(first[prefix - 1] as string)) prefix--;
  while (suffix > 0 && !SUFFIX_START.test(first[first.length - suffix] as string)) suffix--;
  const shortest = Math.min(...values.map((value) => value.length));
  if (prefix + suffix > shortest) suffix = Math.max(0, shortest - prefix);
  if (prefix + suffix < MIN_AFFIX_CHARS || first.slice(0, prefix).includes('{}') || first.slice(first.length - suffix).includes('{}')) return undefined;
  return { kind: 'affix', prefix: first.slice(0, prefix), suffix: suffix === 0 ? '' : first.slice(first.length - suffix) };
}

/**
 * The table layout of an array of objects, or undefined when it is better written as a list
 * (fewer than two rows, non-object items, nested arrays of objects, or too many holes).
 */
export function tableShape(items: readonly Json[]): TableShape | undefined {
  if (items.length < 2 || !items.every(isObject)) return undefined;
  const rows = items as JsonObject[];
  const paths = leafPaths(rows, [], 0);
  if (paths === undefined || paths.length === 0) return undefined;
  let filled = 0;
  for (const row of rows) for (const path of paths) if (valueAt(row, path) !== undefined) filled++;
  if (filled / (rows.length * paths.length) < MIN_FILL) return undefined;
  return { columns: paths.map((path) => ({ path, form: formOf(rows, path) })) };
}
