import { formatCount, omittedLines } from '../marker.js';
import { splitLines } from '../lines.js';
import { countTokens } from '../tokens.js';
import { createLineScorer, QUERY_SHARE } from './query-match.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/**
 * PostgreSQL `EXPLAIN (ANALYZE)` output, one plan or many (`psql -e -f` echoes each query
 * before its plan). Kept: every line outside the plans (the queries, errors, `SET`), each
 * plan's header, its top node with its detail lines, its planning and execution times and
 * row count; and the nodes that explain where the time went: those taking a large share of
 * the plan's time by themselves (less their children's), misestimated row counts, sorts and hashes that spilled to disk, filters
 * that threw most rows away, nodes never executed. With them, the nodes above them, so each
 * stays in its place in the tree. Other nodes, best query matches first, while the budget lasts.
 */
export function createQueryPlanCompressor(): Compressor {
  return { name: 'plan', compress: compressPlan };
}

const HEADER = /^\s*QUERY PLAN\s*$/;
const ROW_COUNT = /^\(\d+ rows?\)$/;
const NODE = /^(\s*)(?:->\s+)?[A-Z][\w ]+?(?: on \S+(?: \S+)?| using \S+ on \S+(?: \S+)?)?\s+\(cost=[\d.]+\.\.([\d.]+) rows=(\d+) width=\d+\)(?: \(actual time=[\d.]+\.\.([\d.]+) rows=(\d+) loops=(\d+)\)| \(never executed\))?/;
const TIMING = /^\s*(?:Planning|Execution) Time: /;
// A node's detail lines that say something went badly: a spill to disk, most rows filtered away.
const SPILL = /\b(?:external (?:merge|sort)|Disk: \d|Batches: (?:[2-9]|\d\d+)|Workers Launched: 0)/;
const REMOVED = /^\s*Rows Removed by (?:Filter|Join Filter|Index Recheck): (\d+)/;
const CHARS_PER_TOKEN = 3.5;
/** The most notable nodes of each plan kept whatever the budget; the others compete for it. */
const MAX_NOTABLE_NODES = 3;
/** A node taking at least this share of its plan's time is notable. */
const TIME_SHARE = 0.2;
/** Estimated and actual rows this many times apart are a misestimate worth showing. */
const MISESTIMATE = 10;
/** Rows thrown away by a filter, this many times those kept, make the filter worth showing. */
const WASTEFUL_FILTER = 10;

interface PlanNode {
  line: number;
  /** Detail lines under it, up to its first child. */
  end: number;
  indent: number;
  parent: PlanNode | undefined;
  estimatedRows: number;
  /** Actual total time of one loop times the loops, in ms; undefined without ANALYZE. */
  time?: number;
  actualRows?: number;
  neverExecuted: boolean;
}

interface Plan {
  header: number;
  /** One past its last line (the `(N rows)` line included). */
  end: number;
  nodes: PlanNode[];
}

function parsePlans(lines: readonly string[]): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!HEADER.test(lines[i] ?? '')) continue;
    const nodes: PlanNode[] = [];
    const stack: PlanNode[] = [];
    let end = i + 1;
    while (end < lines.length && !ROW_COUNT.test(lines[end] ?? '') && !HEADER.test(lines[end] ?? '') && (lines[end] ?? '').trim() !== '') {
      const match = NODE.exec(lines[end] ?? '');
      if (match) {
        const indent = (match[1] ?? '').length;
        while (stack.length > 0 && (stack[stack.length - 1] as PlanNode).indent >= indent) stack.pop();
        const previous = nodes[nodes.length - 1];
        if (previous !== undefined) previous.end = Math.min(previous.end, end);
        const node: PlanNode = {
          line: end,
          end: Number.POSITIVE_INFINITY,
          indent,
          parent: stack[stack.length - 1],
          estimatedRows: Number(match[3]),
          neverExecuted: (lines[end] ?? '').includes('(never executed)'),
          ...(match[4] === undefined ? {} : { time: Number(match[4]) * Number(match[6]), actualRows: Number(match[5]) * Number(match[6]) }),
        };
        nodes.push(node);
        stack.push(node);
      }
      end++;
    }
    const last = nodes[nodes.length - 1];
    if (last !== undefined) last.end = Math.min(last.end, end);
    if (ROW_COUNT.test(lines[end] ?? '')) end++;
    plans.push({ header: i, end, nodes });
    i = end - 1;
  }
  return plans;
}

/** The time each node spent itself: its time less its children's (ANALYZE only). */
function selfTimes(nodes: readonly PlanNode[]): Map<PlanNode, number> {
  const own = new Map<PlanNode, number>();
  for (const node of nodes) if (node.time !== undefined) own.set(node, node.time);
  for (const node of nodes) {
    if (node.parent === undefined || node.time === undefined) continue;
    const parent = own.get(node.parent);
    if (parent !== undefined) own.set(node.parent, parent - node.time);
  }
  return own;
}

/**
 * How much a node explains where its plan's time went: one point for each thing gone wrong
 * (never executed, misestimated rows, a spill to disk, a wasteful filter) and its share of
 * the plan's time by itself when that is large. 0: nothing notable.
 */
function notability(node: PlanNode, lines: readonly string[], planTime: number | undefined, selfTime: number | undefined): number {
  let score = 0;
  if (node.neverExecuted) score++;
  if (selfTime !== undefined && planTime !== undefined && planTime > 0 && selfTime >= planTime * TIME_SHARE) score += selfTime / planTime;
  if (node.actualRows !== undefined) {
    const high = Math.max(node.actualRows, node.estimatedRows, 1);
    const low = Math.max(Math.min(node.actualRows, node.estimatedRows), 1);
    if (high / low >= MISESTIMATE && high >= 100) score++;
  }
  for (let i = node.line + 1; i < node.end; i++) {
    const detail = lines[i] ?? '';
    if (SPILL.test(detail)) score++;
    const removed = REMOVED.exec(detail);
    if (removed && Number(removed[1]) >= WASTEFUL_FILTER * Math.max(node.actualRows ?? node.estimatedRows, 1)) score++;
  }
  return score;
}

function compressPlan(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const plans = parsePlans(lines);
  if (plans.length === 0 || plans.every((plan) => plan.nodes.length === 0)) return { status: 'skipped', reason: 'no query plan' };
  if (request.lossless) return { status: 'skipped', reason: 'a plan has nothing to fold without loss' };
  const keep = new Uint8Array(lines.length).fill(1);
  const optional: PlanNode[] = [];
  // A node with its detail lines, and the nodes above it (their first lines) to place it in the tree.
  const keepNode = (node: PlanNode) => {
    keep.fill(1, node.line, node.end);
    for (let at = node.parent; at !== undefined && keep[at.line] !== 1; at = at.parent) keep[at.line] = 1;
  };
  for (const plan of plans) {
    const [top] = plan.nodes;
    // Inside the plan: only what is chosen below. Outside: everything.
    keep.fill(0, plan.header + 2, plan.end);
    for (let i = plan.header + 2; i < plan.end; i++) if (TIMING.test(lines[i] ?? '') || ROW_COUNT.test(lines[i] ?? '')) keep[i] = 1;
    if (top === undefined) continue;
    keep.fill(1, top.line, top.end);
    const own = selfTimes(plan.nodes);
    const rated = plan.nodes.slice(1).map((node) => ({ node, score: notability(node, lines, top.time, own.get(node)) }));
    const chosen = new Set(rated.filter((entry) => entry.score > 0).sort((a, b) => b.score - a.score || a.node.line - b.node.line).slice(0, MAX_NOTABLE_NODES).map((entry) => entry.node));
    for (const { node } of rated) {
      if (chosen.has(node)) keepNode(node);
      else optional.push(node);
    }
  }
  // Query matches first, with their share of the budget even when what must stay is over it;
  // then the costliest nodes while the budget lasts.
  const text = (node: PlanNode) => lines.slice(node.line, node.end).join('\n');
  const estimate = (node: PlanNode) => Math.ceil(text(node).length / CHARS_PER_TOKEN);
  if (request.query !== undefined) {
    const score = createLineScorer(request.query, optional.map(text));
    const matches = optional.map((node) => ({ node, score: score(text(node)) })).filter((match) => match.score > 0);
    let spent = 0;
    for (const { node } of matches.sort((a, b) => b.score - a.score || a.node.line - b.node.line)) {
      if (spent >= request.budgetTokens * QUERY_SHARE) break;
      keepNode(node);
      spent += estimate(node);
    }
  }
  let view = render(lines, keep);
  let tokens = countTokens(view.text);
  for (const node of [...optional].sort((a, b) => (b.time ?? 0) - (a.time ?? 0) || a.line - b.line)) {
    if (tokens >= request.budgetTokens) break;
    if (keep[node.line] === 1) continue;
    keepNode(node);
    tokens += estimate(node);
  }
  view = render(lines, keep);
  if (view.omitted === 0) return { status: 'skipped', reason: 'the plans fit the budget' };
  return { status: 'compressed', text: view.text, strategy: 'plan', lossless: false, omitted: `${formatCount(view.omitted)} of ${formatCount(lines.length)} lines omitted (plan nodes)` };
}

function render(lines: readonly string[], keep: Uint8Array): { text: string; omitted: number } {
  const out: string[] = [];
  let omitted = 0;
  let gap = -1;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && keep[i] !== 1) {
      if (gap < 0) gap = i;
      continue;
    }
    if (gap >= 0) {
      out.push(omittedLines(i - gap, gap + 1, i, i - gap === 1 ? 'plan line' : 'plan lines'));
      omitted += i - gap;
      gap = -1;
    }
    if (i < lines.length) out.push(lines[i] ?? '');
  }
  return { text: out.join('\n'), omitted };
}
