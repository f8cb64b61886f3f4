import { omittedItems } from '../../marker.js';
import { type Column, tableShape, type TableShape, type TemplateForm, templateForm, valueAt } from './columns.js';
import { createRenderContext, keptIndexes, omittedEntries, preview, type RenderContext, type RenderStats, segments } from './render-context.js';
import type { Plan } from './plan.js';
import { formatFragment, formatKey, formatScalar, formatString } from './scalar.js';
import { foldScalars, formatRange } from './sequence.js';
import { entriesOf, isObject, isScalar, type Json, type Scalar } from './values.js';

/**
 * The compact form: `key: value` lines, nested objects indented, scalar arrays inline
 * (`tags[3]: a,b,c`), uniform arrays of objects as a table with the field names once
 * (`rows[200]{id,name}:` then one line per row, at the header's indent), other arrays as `- ` lists. Omissions are
 * inline markers with 0-based item ranges.
 */


const INDENT = '  ';
/** Scalar arrays with items longer than this are listed one per line instead of inline. */
const INLINE_ITEM_CHARS = 60;
const EMBEDDED_MIN_CHARS = 8;
/** String arrays shorter than this are spelled out even when they follow a pattern. */
const MIN_TEMPLATE_ITEMS = 3;

interface Renderer extends RenderContext {
  tables: TableCache;
  out: string[];
}

function scalarText(value: Scalar, renderer: Renderer): string {
  return typeof value === 'string' ? formatString(preview(value, renderer)) : formatScalar(value);
}

/** JSON held in a string value (an API that double-encodes), or undefined. */
function embedded(value: string): Json[] | { [key: string]: Json } | undefined {
  if (value.length < EMBEDDED_MIN_CHARS) return undefined;
  const first = value[0];
  const last = value[value.length - 1];
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return undefined;
  try {
    const parsed = JSON.parse(value) as Json;
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function shapeOf(items: readonly Json[], renderer: Renderer): TableShape | undefined {
  let shape = renderer.tables.get(items);
  if (shape === undefined) {
    shape = tableShape(items) ?? null;
    renderer.tables.set(items, shape);
  }
  return shape ?? undefined;
}

function entry(label: string, node: Json, depth: number, renderer: Renderer): void {
  const pad = INDENT.repeat(depth);
  if (typeof node === 'string') {
    const inner = embedded(node);
    if (inner !== undefined) {
      renderer.out.push(`${pad}${label} (JSON string):`);
      body(inner, depth + 1, renderer);
      return;
    }
  }
  if (isScalar(node)) {
    renderer.out.push(`${pad}${label}: ${scalarText(node, renderer)}`);
  } else if (Array.isArray(node)) {
    array(label, node, depth, renderer);
  } else if (Object.keys(node).length === 0) {
    renderer.out.push(`${pad}${label}: {}`);
  } else {
    renderer.out.push(`${pad}${label}:`);
    body(node, depth + 1, renderer);
  }
}

/** An object's entries or an array's block, at `depth`. */
function body(node: Json, depth: number, renderer: Renderer): void {
  if (Array.isArray(node)) {
    array('', node, depth, renderer);
  } else if (isObject(node)) {
    const { keys, values } = entriesOf(node);
    for (const segment of segments(keys.length, keptIndexes(node, keys.length, renderer))) {
      if (segment.kind === 'gap') renderer.out.push(`${INDENT.repeat(depth)}${omittedEntries(keys, segment.from, segment.to)}`);
      else for (let index = segment.from; index <= segment.to; index++) entry(formatKey(keys[index] as string), values[index] as Json, depth, renderer);
    }
  } else {
    renderer.out.push(`${INDENT.repeat(depth)}${scalarText(node, renderer)}`);
  }
}

function gapMarker(items: readonly Json[], from: number, to: number): string {
  const numbers = items.slice(from, to + 1).filter((item): item is number => typeof item === 'number');
  if (numbers.length !== to - from + 1 || numbers.length < 2) return omittedItems(to - from + 1, from, to);
  const mean = numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
  return omittedItems(to - from + 1, from, to, `min ${Math.min(...numbers)}, max ${Math.max(...numbers)}, mean ${Math.round(mean * 100) / 100}`);
}

function array(label: string, items: Json[], depth: number, renderer: Renderer): void {
  const pad = INDENT.repeat(depth);
  if (items.length === 0) {
    renderer.out.push(`${pad}${label === '' ? '[]' : `${label}: []`}`);
    return;
  }
  const kept = keptIndexes(items, items.length, renderer);
  const head = `${pad}${label}[${items.length}]`;
  if (kept === undefined && items.length >= MIN_TEMPLATE_ITEMS && items.every((item) => typeof item === 'string')) {
    const form = templateForm(items as string[]);
    if (form !== undefined) {
      renderer.out.push(`${head} (every item: ${templateText(form, items.length)})`);
      return;
    }
  }
  if (items.every(isScalar) && items.every((item) => typeof item !== 'string' || item.length <= INLINE_ITEM_CHARS)) {
    const parts: string[] = [];
    for (const segment of segments(items.length, kept)) {
      if (segment.kind === 'gap') parts.push(gapMarker(items, segment.from, segment.to));
      else parts.push(...foldScalars((items.slice(segment.from, segment.to + 1) as Scalar[]).map((item) => (typeof item === 'string' ? preview(item, renderer) : item))));
    }
    renderer.out.push(`${head}: ${parts.join(',')}`);
    return;
  }
  const shape = shapeOf(items, renderer);
  if (shape !== undefined) {
    table(head, items, shape, kept, depth, renderer);
    return;
  }
  renderer.out.push(`${head}:`);
  const itemPad = INDENT.repeat(depth + 1);
  for (const segment of segments(items.length, kept)) {
    if (segment.kind === 'gap') {
      renderer.out.push(`${itemPad}${omittedItems(segment.to - segment.from + 1, segment.from, segment.to)}`);
      continue;
    }
    for (let index = segment.from; index <= segment.to; index++) listItem(items[index] as Json, depth + 1, renderer);
  }
}

/** `- value`, or a nested block whose first line carries the dash. */
function listItem(node: Json, depth: number, renderer: Renderer): void {
  const pad = INDENT.repeat(depth);
  if (isScalar(node) || (isObject(node) && Object.keys(node).length === 0)) {
    renderer.out.push(`${pad}- ${isScalar(node) ? scalarText(node, renderer) : '{}'}`);
    return;
  }
  const start = renderer.out.length;
  body(node, depth + 1, renderer);
  const first = renderer.out[start];
  if (first !== undefined) renderer.out[start] = `${pad}- ${first.slice(pad.length + INDENT.length)}`;
}

function columnName(column: Column): string {
  return column.path.map(formatKey).join('.');
}

/** A shown column in the header: its name, and for `affix` columns the pattern its cells fill. */
function columnHeader(column: Column): string {
  const { form } = column;
  return form.kind === 'affix' ? `${columnName(column)}=${JSON.stringify(`${form.prefix}{}${form.suffix}`)}` : columnName(column);
}

/** `name=value` for a column stated once for every row. */
function foldedColumn(column: Column, rows: number): string | undefined {
  const { form } = column;
  switch (form.kind) {
    case 'constant':
      // The clause uses `; ` `=` and parentheses itself: values holding them are quoted.
      return `${columnName(column)}=${typeof form.value === 'string' && /[;=()]/.test(form.value) ? JSON.stringify(form.value) : formatScalar(form.value)}`;
    case 'range':
      return `${columnName(column)}=${formatRange(form.first, form.first + form.step * (rows - 1), form.step)}`;
    case 'template':
      return `${columnName(column)}=${templateText(form, rows)}`;
    case 'cells':
    case 'affix':
      return undefined;
  }
}

/** `"line {0..29}"`: the pattern with each number slot as its range. */
function templateText(form: TemplateForm, count: number): string {
  const text = form.parts.map((part, slot) => {
    if (slot >= form.firsts.length) return part;
    const first = form.firsts[slot] as number;
    const step = form.steps[slot] as number;
    return `${part}{${formatRange(first, first + step * (count - 1), step)}}`;
  });
  return JSON.stringify(text.join(''));
}

function cellOf(column: Column, row: { [key: string]: Json }, renderer: Renderer): string {
  const value = valueAt(row, column.path);
  const { form } = column;
  if (form.kind === 'affix' && typeof value === 'string') return formatFragment(preview(value.slice(form.prefix.length, value.length - form.suffix.length), renderer));
  return cell(value, renderer);
}

function cell(value: Json | undefined, renderer: Renderer): string {
  if (value === undefined) return '';
  if (isScalar(value)) return scalarText(value, renderer);
  if (Array.isArray(value)) return `[${value.map((item) => (isScalar(item) ? scalarText(item, renderer) : JSON.stringify(item))).join(',')}]`;
  return JSON.stringify(value);
}

function table(head: string, items: Json[], shape: TableShape, kept: readonly number[] | undefined, depth: number, renderer: Renderer): void {
  // With rows left out, a row's position is no longer obvious: derived columns are shown per row.
  const stated = shape.columns.filter((column) => column.form.kind === 'constant' || (kept === undefined && (column.form.kind === 'range' || column.form.kind === 'template')));
  const shown = shape.columns.filter((column) => !stated.includes(column));
  const folded = stated.map((column) => foldedColumn(column, items.length)).filter((text): text is string => text !== undefined);
  const clause = folded.length > 0 ? ` (every row: ${folded.join('; ')})` : '';
  if (shown.length === 0 && kept === undefined) {
    renderer.out.push(`${head}${clause}`);
    return;
  }
  renderer.out.push(`${head}{${shown.map(columnHeader).join(',')}}${clause}:`);
  // Rows sit at the header's own indent: the header's [N] says where the table ends, and an
  // indent on every row would cost a token per row.
  const pad = INDENT.repeat(depth);
  let previous: string | undefined;
  let repeats = 0;
  const flush = () => {
    if (previous !== undefined) renderer.out.push(repeats > 1 ? `${previous} ×${repeats}` : previous);
    previous = undefined;
    repeats = 0;
  };
  for (const segment of segments(items.length, kept)) {
    if (segment.kind === 'gap') {
      flush();
      renderer.out.push(`${pad}${omittedItems(segment.to - segment.from + 1, segment.from, segment.to)}`);
      continue;
    }
    for (let index = segment.from; index <= segment.to; index++) {
      const row = items[index] as { [key: string]: Json };
      const line = `${pad}${shown.map((column) => cellOf(column, row, renderer)).join(',')}`;
      if (line === previous) {
        repeats++;
      } else {
        flush();
        previous = line;
        repeats = 1;
      }
    }
  }
  flush();
}

/** Table layouts by array, shared by the renderings of one input. */
export type TableCache = WeakMap<readonly Json[], TableShape | null>;

/** Renders `root` in the compact form under `plan`. */
export function renderCompact(root: Json, plan: Plan, tables: TableCache = new WeakMap()): { text: string; stats: RenderStats } {
  const renderer: Renderer = { ...createRenderContext(plan), tables, out: [] };
  if (isScalar(root)) renderer.out.push(JSON.stringify(root));
  else body(root, 0, renderer);
  return { text: renderer.out.join('\n'), stats: renderer.stats };
}
