import type { Deadline } from '../deadline.js';
import { countTokens } from '../tokens.js';
import type { Unit } from './fold.js';
import type { Range } from '../search/chunks.js';
import { createLineScorer, QUERY_SHARE } from './query-match.js';
import { type RenderOptions, renderUnit } from './render.js';
import { continuesTrace, salienceOf, startsRecord } from './salience.js';

export interface SelectionInput {
  lines: readonly string[];
  templates: readonly string[];
  units: readonly Unit[];
  query?: string;
  budgetTokens: number;
  deadline: Deadline;
  render: RenderOptions;
  /**
   * Protect error, warning and summary lines. Off for prose and source code, where the
   * word "error" is subject matter rather than an event.
   */
  protect: boolean;
  /**
   * The units of meaning of `lines` (log entries, paragraphs, records; search's chunks), so
   * a query match is kept with the rest of its entry: a commit's message, a record's fields.
   */
  entries?: readonly Range[];
}

/** Occurrences of one error template that stay verbatim: the first few and the last. */
const ERRORS_KEPT_FROM_START = 2;
/** Lines of a stack trace kept after the line that reports the error. */
const MAX_TRACE_LINES = 40;
/** Other lines of the error's own paragraph kept after it (expected/actual, hints). */
const MAX_DETAIL_LINES = 12;
/** A query match brings the rest of its entry when the entry has at most this many lines. */
const MAX_ENTRY_LINES = 40;
/** Summary lines kept from the end of the output, besides the first of each kind. */
const MAX_CLOSING_SUMMARIES = 5;
/** Share of the rest that goes to the head; the tail (where things usually fail) gets more. */
const HEAD_SHARE = 0.4;
// Rough cost of one gap marker, reserved so the markers do not push the view past budget.
const GAP_MARKER_TOKENS = 16;

/** For a unit, the first and last units of the entry it starts in (itself when it has none, or a long one). */
function entryFinder(units: readonly Unit[], entries: readonly Range[]): (unit: number) => [number, number] {
  const starts = entries.map(([start]) => start);
  const unitStarts = units.map((unit) => unit.start);
  // The last position whose value is at most `value`, in an ascending list.
  const floor = (values: readonly number[], value: number): number => {
    let low = 0;
    let high = values.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((values[middle] ?? 0) <= value) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  return (unit) => {
    const line = units[unit]?.start ?? 0;
    const entry = entries[floor(starts, line)];
    if (entry === undefined || entry[0] > line || line >= entry[1] || entry[1] - entry[0] > MAX_ENTRY_LINES) return [unit, unit];
    return [floor(unitStarts, entry[0]), floor(unitStarts, entry[1] - 1)];
  };
}

/**
 * Chooses which units a lossy view keeps: query matches first (within a share of the budget),
 * then invariant-3 lines (errors with their traces and a line of context, first warnings of
 * each kind, summaries, kept even past the budget), then head and tail. Returns undefined when the deadline passes.
 */
export function selectUnits(input: SelectionInput): boolean[] | undefined {
  const { lines, templates, units, budgetTokens } = input;
  const keep = new Array<boolean>(units.length).fill(false);
  let used = 0;
  let kept = 0;
  const spare = () => budgetTokens - used - GAP_MARKER_TOKENS * (kept + 1);
  const add = (index: number): void => {
    const unit = units[index];
    if (unit === undefined || keep[index]) return;
    keep[index] = true;
    kept++;
    used += countTokens(renderUnit(lines, unit, input.render).join('\n')) + 1;
  };
  const firstLine = (index: number) => lines[units[index]?.start ?? 0] ?? '';

  // What the caller asked for comes first, before the lines kept for their salience: a page
  // of lines that merely contain "error" (package descriptions, docs) must not crowd it out.
  if (input.query !== undefined && input.query.trim() !== '') {
    const score = createLineScorer(input.query, lines);
    const ranked = units
      .map((_, index) => ({ index, score: score(firstLine(index)) }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index);
    const queryBudget = (budgetTokens - GAP_MARKER_TOKENS) * QUERY_SHARE;
    const entryOf = entryFinder(units, input.entries ?? []);
    for (const hit of ranked) {
      if (used >= queryBudget) break;
      add(hit.index);
      const [first, last] = entryOf(hit.index);
      for (let index = first; index <= last && used < queryBudget; index++) add(index);
    }
  }

  const errorsByTemplate = new Map<string, number[]>();
  const warningsSeen = new Set<string>();
  const summaries: number[] = [];
  for (let index = 0; index < units.length; index++) {
    if ((index & 1023) === 0 && input.deadline.expired()) return undefined;
    const line = firstLine(index);
    const template = templates[units[index]?.start ?? 0] ?? line;
    switch (input.protect ? salienceOf(line) : 'plain') {
      case 'error': {
        const seen = errorsByTemplate.get(template);
        if (seen) seen.push(index);
        else errorsByTemplate.set(template, [index]);
        break;
      }
      case 'warning':
        if (!warningsSeen.has(template)) {
          warningsSeen.add(template);
          add(index);
        }
        break;
      case 'summary':
        summaries.push(index);
        break;
      case 'plain':
        break;
    }
  }
  for (const occurrences of errorsByTemplate.values()) {
    const chosen = new Set([...occurrences.slice(0, ERRORS_KEPT_FROM_START), occurrences[occurrences.length - 1] ?? 0]);
    for (const index of chosen) {
      if (index > 0) add(index - 1);
      add(index);
      // The error's own lines: its stack trace, and the rest of its paragraph up to a blank
      // line or the next record.
      for (let next = index + 1, traced = 0; next < units.length && traced < MAX_TRACE_LINES; next++) {
        const line = firstLine(next);
        // A blank line inside a trace (Go prints one between the panic and its goroutines).
        const trace = continuesTrace(line) || (line.trim() === '' && continuesTrace(firstLine(next + 1)));
        if (!trace && (line.trim() === '' || startsRecord(line) || next - index > MAX_DETAIL_LINES)) break;
        add(next);
        traced += 1 + (units[next]?.end ?? 0) - (units[next]?.start ?? 0);
      }
    }
  }
  // Summaries usually close the output: keep the first of each kind, and the last few.
  const summaryKinds = new Set<string>();
  summaries.forEach((index, position) => {
    const template = templates[units[index]?.start ?? 0] ?? '';
    if (position >= summaries.length - MAX_CLOSING_SUMMARIES || !summaryKinds.has(template)) add(index);
    summaryKinds.add(template);
  });

  if (input.deadline.expired()) return undefined;
  const rest = Math.max(0, spare());
  const headEnd = used + rest * HEAD_SHARE;
  for (let index = 0; index < units.length && used < headEnd; index++) add(index);
  const tailEnd = used + Math.max(0, spare());
  for (let index = units.length - 1; index >= 0 && used < tailEnd; index--) add(index);
  // The first and last lines anchor the view even when protected lines took the whole budget.
  add(0);
  add(units.length - 1);
  return keep;
}
