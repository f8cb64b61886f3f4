import type { ContentKind } from '../kinds.js';
import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import { overTokens } from '../tokens.js';
import { foldLines } from './fold.js';
import { renderView } from './render.js';
import { unitRanges } from '../search/chunks.js';
import { selectUnits } from './select.js';
import { lineTemplate } from './template.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

const PROSE_OR_CODE: ReadonlySet<ContentKind> = new Set(['markdown', 'html', 'code']);

/**
 * The general compressor, for any text: folds repeated and near-repeated lines, then (when
 * the folded view is still over budget) keeps protected lines, query matches, head and tail.
 */
export function createTextCompressor(): Compressor {
  return { name: 'text', compress: compressText };
}

function compressText(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  if (lines.length === 0) return { status: 'skipped', reason: 'empty input' };
  const templates = request.lossless ? lines : lines.map(lineTemplate);
  if (request.deadline.expired()) return { status: 'skipped', reason: 'deadline' };
  const units = foldLines(lines, templates, { similar: !request.lossless });
  if (request.deadline.expired()) return { status: 'skipped', reason: 'deadline' };

  const allKept = units.map(() => true);
  const render = { truncateLongLines: !request.lossless };
  const folded = renderView(lines, units, allKept, render);
  const foldedLossless = folded.omitted === 0 && !folded.truncated;
  if (request.lossless) {
    return units.length === lines.length
      ? { status: 'skipped', reason: 'no repeated lines to fold' }
      : { status: 'compressed', text: folded.text, strategy: 'fold', lossless: true };
  }
  // Cheap length check first: only count tokens when the folded view might fit.
  if (!overTokens(folded.text, request.budgetTokens)) {
    return units.length === lines.length && !folded.truncated
      ? { status: 'skipped', reason: 'already within budget and nothing to fold' }
      : outcome(folded, lines.length, 'fold', foldedLossless);
  }

  const keep = selectUnits({
    lines,
    templates,
    units,
    budgetTokens: request.budgetTokens,
    deadline: request.deadline,
    render,
    protect: !PROSE_OR_CODE.has(request.detected.kind),
    ...(request.query === undefined ? {} : { query: request.query, entries: unitRanges(lines, request.detected.kind) }),
  });
  if (keep === undefined) return { status: 'skipped', reason: 'deadline' };
  const view = renderView(lines, units, keep, render);
  return outcome(view, lines.length, units.length === lines.length ? 'select' : 'fold+select', false);
}

function outcome(view: { text: string; omitted: number; truncated: boolean }, total: number, strategy: string, lossless: boolean): CompressOutcome {
  if (lossless) return { status: 'compressed', text: view.text, strategy, lossless: true };
  const parts: string[] = [];
  if (view.omitted > 0) parts.push(`${formatCount(view.omitted)} of ${formatCount(total)} lines omitted`);
  if (view.truncated) parts.push('long lines cut');
  return { status: 'compressed', text: view.text, strategy, lossless: false, omitted: parts.join(', ') };
}
