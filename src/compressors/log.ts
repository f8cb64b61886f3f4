import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import { countTokens, overTokens } from '../tokens.js';
import { foldLines } from './fold.js';
import { renderView } from './render.js';
import { unitRanges } from '../search/chunks.js';
import { selectUnits } from './select.js';
import { mineTemplates } from './log-templates.js';
import { lineTemplate } from './template.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/** Templates seen at least this often go in the digest. */
const MIN_DIGEST_COUNT = 3;
const MAX_DIGEST_TEMPLATES = 12;
/** The digest never takes more than this share of the budget. */
const DIGEST_SHARE = 0.25;
const DIGEST_LINE_CHARS = 200;
// Paths vary like ids do: /var/lib/x and /var/lib/y are the same event.
const PATH = /(?:\/[\w.@+-]+){2,}\/?/g;

function logTemplate(line: string): string {
  return lineTemplate(line).replace(PATH, '<path>');
}

/**
 * Application, server and CI logs: the general line selection (errors with their stack
 * traces and context, the first warning of each kind, summaries, query matches, head and a
 * longer tail), headed by a digest of the most frequent line templates: how many lines share
 * each, and where the first and last are. So what was dropped is still described.
 */
export function createLogCompressor(): Compressor {
  return { name: 'log', compress: compressLog };
}

function digestOf(templates: readonly string[], limit: number): { text: string; tokens: number } {
  const mined = mineTemplates(templates);
  const frequent = mined.filter((entry) => entry.count >= MIN_DIGEST_COUNT).sort((a, b) => b.count - a.count || a.first - b.first);
  const header = `[headroom log digest: ${formatCount(templates.length)} lines, ${formatCount(mined.length)} templates (<n> numbers, <ts> times, <path> paths, <*> varying words); the most frequent:]`;
  const lines = [header];
  let tokens = countTokens(header);
  for (const entry of frequent.slice(0, MAX_DIGEST_TEMPLATES)) {
    const shape = entry.template.length > DIGEST_LINE_CHARS ? `${entry.template.slice(0, DIGEST_LINE_CHARS)}…` : entry.template;
    const line = `  ${formatCount(entry.count)}× ${shape} (lines ${formatCount(entry.first)}-${formatCount(entry.last)})`;
    const cost = countTokens(line) + 1;
    if (tokens + cost > limit) break;
    lines.push(line);
    tokens += cost;
  }
  return lines.length === 1 ? { text: '', tokens: 0 } : { text: lines.join('\n'), tokens };
}

function compressLog(request: CompressRequest): CompressOutcome {
  if (request.lossless) return { status: 'skipped', reason: 'the general compressor folds losslessly' };
  const { lines } = splitLines(request.text);
  const templates = lines.map(logTemplate);
  const units = foldLines(lines, templates, { similar: true });
  const render = { truncateLongLines: true };
  const all = renderView(lines, units, units.map(() => true), render);
  if (!overTokens(all.text, request.budgetTokens)) {
    return { status: 'skipped', reason: 'within budget once folded' };
  }
  if (request.deadline.expired()) return { status: 'skipped', reason: 'deadline' };
  const digest = digestOf(templates, request.budgetTokens * DIGEST_SHARE);
  const keep = selectUnits({
    lines,
    templates,
    units,
    budgetTokens: request.budgetTokens - digest.tokens,
    deadline: request.deadline,
    render,
    protect: true,
    ...(request.query === undefined ? {} : { query: request.query, entries: unitRanges(lines, 'log') }),
  });
  if (keep === undefined) return { status: 'skipped', reason: 'deadline' };
  const view = renderView(lines, units, keep, render);
  const text = digest.text === '' ? view.text : `${digest.text}\n${view.text}`;
  return { status: 'compressed', text, strategy: 'digest+select', lossless: false, omitted: `${formatCount(view.omitted)} of ${formatCount(lines.length)} lines omitted` };
}
