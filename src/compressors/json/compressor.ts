import { formatCount } from '../../marker.js';
import { countTokens } from '../../tokens.js';
import type { CompressOutcome, CompressRequest, Compressor, JsonFormat } from '../types.js';
import { createPlanner, LOSSLESS_PLAN, type Plan } from './plan.js';
import type { RenderStats } from './render-context.js';
import { renderCompact, type TableCache } from './render-compact.js';
import { renderJson } from './render-json.js';
import { isScalar, type Json } from './values.js';

/** Deeper than this, the view would be mostly indentation: leave it to the general compressor. */
const MAX_DEPTH = 100;
/** Lossy passes: plan, render, count, adjust. */
const MAX_PASSES = 4;
/** A view this close under budget is good enough; another pass would not add much. */
const CLOSE_ENOUGH = 0.85;
/** Fewer characters per token than JSON ever has: longer than budget x this cannot fit. */
const MAX_CHARS_PER_TOKEN = 6;
/** A first guess, corrected after each pass by the real count. */
const ASSUMED_CHARS_PER_TOKEN = 3;

function depthOf(root: Json): number {
  let deepest = 0;
  const stack: Array<[Json, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Json, number];
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_DEPTH) return deepest;
    if (node !== null && typeof node === 'object') for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

interface Rendering {
  text: string;
  stats: RenderStats;
  format: Exclude<JsonFormat, 'auto'>;
}

/** The caller's format, or in `auto` whichever lossless rendering is shorter. */
function losslessRendering(root: Json, wanted: JsonFormat, compactChars: number, renderAs: (format: Rendering['format'], plan: Plan) => Rendering): Rendering {
  if (wanted !== 'auto') return renderAs(wanted, LOSSLESS_PLAN);
  const table = renderAs('table', LOSSLESS_PLAN);
  // Characters decide only when they differ a lot; otherwise count (tables tokenize better than they look).
  if (table.text.length < compactChars * 0.6) return table;
  const json = renderAs('json', LOSSLESS_PLAN);
  if (json.text.length < table.text.length * 0.6) return json;
  return countTokens(table.text) <= countTokens(json.text) ? table : json;
}

function omitted(stats: RenderStats): string | undefined {
  const parts: string[] = [];
  if (stats.omittedItems > 0) parts.push(`${formatCount(stats.omittedItems)} of ${formatCount(stats.itemsInCutArrays)} items omitted`);
  if (stats.cutStrings > 0) parts.push(`${formatCount(stats.cutStrings)} long ${stats.cutStrings === 1 ? 'string' : 'strings'} cut`);
  return parts.length === 0 ? undefined : parts.join(', ');
}

/**
 * JSON, NDJSON and JSON inside string values. Lossless first (the compact form: tables with
 * field names once, constant and sequential columns stated once, runs folded; or minified
 * JSON when that is smaller), then rows chosen within the token budget (see plan.ts).
 */
export function createJsonCompressor(): Compressor {
  return { name: 'json', compress: compressJson };
}

function compressJson(request: CompressRequest): CompressOutcome {
  const { detected } = request;
  if (detected.kind !== 'json') return { status: 'skipped', reason: 'not JSON' };
  const root = detected.value as Json;
  if (isScalar(root)) return { status: 'skipped', reason: 'a single JSON value' };
  if (depthOf(root) > MAX_DEPTH) return { status: 'skipped', reason: `nested deeper than ${MAX_DEPTH} levels` };
  const ndjson = detected.format === 'ndjson';
  const tables: TableCache = new WeakMap();
  const renderAs = (format: Rendering['format'], plan: Plan): Rendering => ({ ...(format === 'json' ? renderJson(root, plan, ndjson) : renderCompact(root, plan, tables)), format });

  const wanted = request.jsonFormat ?? 'auto';
  const planner = createPlanner(root, request.query);
  const budget = request.budgetTokens;
  // Compact-JSON characters of the input; no lossless form is a third of that, so far past the
  // budget the lossless renderings are skipped and the format is settled on the first cut.
  const compactChars = planner.size(root);
  const clearlyLossy = !request.lossless && compactChars > budget * MAX_CHARS_PER_TOKEN * 3;
  let format: Rendering['format'] | undefined = wanted === 'auto' ? undefined : wanted;
  let charsPerUnit = 0.6;

  if (!clearlyLossy) {
    const lossless = losslessRendering(root, wanted, compactChars, renderAs);
    format = lossless.format;
    const strategy = format === 'json' ? 'minify' : 'table';
    if (request.lossless || (lossless.text.length <= budget * MAX_CHARS_PER_TOKEN && countTokens(lossless.text) <= budget)) {
      return { status: 'compressed', text: lossless.text, strategy, lossless: true };
    }
    charsPerUnit = lossless.text.length / Math.max(1, compactChars);
  }
  if (request.deadline.expired()) return { status: 'skipped', reason: 'deadline' };

  let units = (budget * ASSUMED_CHARS_PER_TOKEN) / charsPerUnit;
  let best: { rendering: Rendering; tokens: number } | undefined;
  let smallest: { rendering: Rendering; tokens: number } | undefined;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const plan = planner.plan(units);
    let rendering: Rendering;
    if (format === undefined) {
      const table = renderAs('table', plan);
      const json = renderAs('json', plan);
      rendering = table.text.length <= json.text.length * 1.1 ? table : json;
      format = rendering.format;
    } else {
      rendering = renderAs(format, plan);
    }
    const tokens = countTokens(rendering.text);
    if (smallest === undefined || tokens < smallest.tokens) smallest = { rendering, tokens };
    if (tokens <= budget) {
      if (best === undefined || tokens > best.tokens) best = { rendering, tokens };
      if (tokens >= budget * CLOSE_ENOUGH) break;
    }
    if (request.deadline.expired()) break;
    units *= (budget / Math.max(1, tokens)) * (tokens > budget ? 0.95 : 1);
  }
  // Past the budget only by what invariant 3 protects; the pipeline still refuses a larger view.
  const chosen = (best ?? smallest) as { rendering: Rendering; tokens: number };
  const summary = omitted(chosen.rendering.stats);
  return {
    status: 'compressed',
    text: chosen.rendering.text,
    strategy: `${chosen.rendering.format}+select`,
    lossless: false,
    ...(summary === undefined ? {} : { omitted: summary }),
  };
}
