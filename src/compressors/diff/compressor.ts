import { formatCount } from '../../marker.js';
import { splitLines } from '../../lines.js';
import { countTokens, EXACT_LIMIT, MAX_CHARS_PER_TOKEN, overTokens } from '../../tokens.js';
import { bm25Scores, valueTerms } from '../query-match.js';
import type { CompressOutcome, CompressRequest, Compressor } from '../types.js';
import { type DiffBlock, type Hunk, parseDiff } from './parse.js';

/** Context kept around changed lines, tried widest first. */
const CONTEXT_STEPS = [2, 1, 0];
/** Past this many times the budget even with no context, the biggest hunks are summarized. */
const CHANGED_LINES_OVERRUN = 4;
/**
 * The same for history with patches (`git log -p`): what a reader wants there is every
 * commit's header, message and stat, and the hunks that matter, not every changed line.
 */
const HISTORY_OVERRUN = 1;
/** Hunks that match the query best stay whole, up to this many. */
const MAX_QUERY_HUNKS = 4;
const COMMIT_LINE = /^commit [0-9a-f]{7,40}\b/;
// Generated files whose changed lines nobody reads: their hunks are the first summarized.
const GENERATED = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Gemfile\.lock|composer\.lock|go\.sum)$|\.min\.(?:js|css)$|\.snap$|\.map$/;

interface RenderStats {
  contextOmitted: number;
  summarized: number;
  summarizedChanges: number;
}

function range(first: number, last: number): string {
  return first === last ? `new line ${first}` : `new lines ${first}-${last}`;
}

// The same run of context is weighed once per call, though each context step renders it again.
const weighed = new WeakMap<Hunk, Map<string, boolean>>();

/** Whether the marker costs fewer tokens than the context lines it would replace. */
function markerIsCheaper(hunk: Hunk, start: number, lines: readonly string[], marker: string): boolean {
  let known = weighed.get(hunk);
  if (known === undefined) weighed.set(hunk, (known = new Map()));
  const key = `${start}:${lines.length}`;
  let cheaper = known.get(key);
  if (cheaper === undefined) known.set(key, (cheaper = countTokens(lines.join('\n')) > countTokens(marker)));
  return cheaper;
}

function renderHunk(hunk: Hunk, context: number, summarize: boolean, out: string[], stats: RenderStats): void {
  out.push(hunk.header);
  const added = hunk.lines.filter((line) => line.kind === '+').length;
  const removed = hunk.lines.filter((line) => line.kind === '-').length;
  const newLength = hunk.lines.filter((line) => line.kind === ' ' || line.kind === '+').length;
  if (summarize) {
    out.push(`[... hunk omitted: ${formatCount(added)} added, ${formatCount(removed)} removed (${range(hunk.newStart, hunk.newStart + Math.max(0, newLength - 1))}) ...]`);
    stats.summarized++;
    stats.summarizedChanges += added + removed;
    return;
  }
  // Distance of each line to the nearest changed line, to decide which context stays.
  const changed = hunk.lines.map((line) => line.kind === '+' || line.kind === '-');
  const near = hunk.lines.map(() => Number.POSITIVE_INFINITY);
  let last = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < hunk.lines.length; index++) {
    if (changed[index]) last = index;
    near[index] = index - last;
  }
  last = Number.POSITIVE_INFINITY;
  for (let index = hunk.lines.length - 1; index >= 0; index--) {
    if (changed[index]) last = index;
    near[index] = Math.min(near[index] as number, last - index);
  }
  // Runs of far context become one marker, but only where the marker is the cheaper of the two.
  let run: string[] = [];
  let runStart = 0;
  const flush = () => {
    if (run.length === 0) return;
    // The hunk header and the kept lines around it place the cut, so the marker stays short.
    const marker = `[... ${formatCount(run.length)} unchanged ${run.length === 1 ? 'line' : 'lines'} omitted ...]`;
    const lines = run.map((text) => ` ${text}`);
    if (markerIsCheaper(hunk, runStart, lines, marker)) {
      out.push(marker);
      stats.contextOmitted += run.length;
    } else {
      out.push(...lines);
    }
    run = [];
  };
  hunk.lines.forEach((line, index) => {
    if (line.kind === ' ' && (near[index] as number) > context) {
      if (run.length === 0) runStart = index;
      run.push(line.text);
      return;
    }
    flush();
    out.push(`${line.kind}${line.text}`);
  });
  flush();
}

function renderBlock(block: DiffBlock, context: number, summarize: boolean, out: string[], stats: RenderStats): void {
  if (block.kind === 'other') out.push(block.line);
  else if (block.kind === 'file') out.push(...block.lines);
  else renderHunk(block, context, summarize, out, stats);
}

// What stays of a file's header when all its hunks are summarized: the line naming it, and
// what says it was created, deleted, renamed or changed mode.
const FILE_FACT = /^(?:diff --git |new file mode|deleted file mode|old mode|new mode|similarity index|rename (?:from|to)|copy (?:from|to)|Binary files)/;

/**
 * With `collapse`, a file whose hunks are all summarized becomes its `diff --git` line (and
 * mode or rename lines) and one marker for the rest: in a history with `--stat`, the stat
 * above already says what changed in it.
 */
export function render(blocks: readonly DiffBlock[], context: number, summarized: ReadonlySet<Hunk>, collapse = false): { text: string; stats: RenderStats } {
  const out: string[] = [];
  const stats: RenderStats = { contextOmitted: 0, summarized: 0, summarizedChanges: 0 };
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as DiffBlock;
    if (collapse && block.kind === 'file') {
      let end = index + 1;
      while (blocks[end]?.kind === 'hunk' && summarized.has(blocks[end] as Hunk)) end++;
      if (end > index + 1 && blocks[end]?.kind !== 'hunk') {
        collapseFile(block, blocks.slice(index + 1, end) as Hunk[], out, stats);
        index = end - 1;
        continue;
      }
    }
    renderBlock(block, context, block.kind === 'hunk' && summarized.has(block), out, stats);
  }
  return { text: out.join('\n'), stats };
}

function collapseFile(file: Extract<DiffBlock, { kind: 'file' }>, hunks: readonly Hunk[], out: string[], stats: RenderStats): void {
  const facts = file.lines.filter((line) => FILE_FACT.test(line));
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) for (const line of hunk.lines) {
    if (line.kind === '+') added++;
    else if (line.kind === '-') removed++;
  }
  const header = facts.length < file.lines.length ? 'its header lines and ' : '';
  out.push(...facts, `[... ${header}${formatCount(hunks.length)} ${hunks.length === 1 ? 'hunk' : 'hunks'} omitted: ${formatCount(added)} added, ${formatCount(removed)} removed ...]`);
  stats.summarized += hunks.length;
  stats.summarizedChanges += added + removed;
}

// A block that starts with one of these may share a tokenizer piece with the line before it.
const JOINS_PREVIOUS = /^(?:$|[\s/])/;
// How far the pipeline's count of a long text (cut in 64 KB slices at newlines) may be from
// the exact sum, per slice: a cut can split a piece like `;\n/`.
const SLICE_CHARS = 64 * 1024;
const SLACK_PER_SLICE = 8;

/**
 * The tokens (and characters) of the whole view with some hunks summarized, kept up to date
 * one hunk at a time. The view's blocks are grouped where the tokenizer cannot join a line to
 * the one before it (a block starting with `@@`, `diff` or a commit line), so its count is the
 * sum of the groups' counts, and summarizing a hunk recounts only its group.
 */
export function groupCounter(blocks: readonly DiffBlock[], summarized: ReadonlySet<Hunk>) {
  const stats: RenderStats = { contextOmitted: 0, summarized: 0, summarizedChanges: 0 };
  const texts = new Map<DiffBlock, string>();
  const textOf = (block: DiffBlock): string => {
    const out: string[] = [];
    renderBlock(block, 0, block.kind === 'hunk' && summarized.has(block), out, stats);
    return out.join('\n');
  };
  const groups: DiffBlock[][] = [];
  const groupOf = new Map<DiffBlock, number>();
  for (const block of blocks) {
    const text = textOf(block);
    texts.set(block, text);
    if (groups.length === 0 || !JOINS_PREVIOUS.test(text)) groups.push([]);
    (groups[groups.length - 1] as DiffBlock[]).push(block);
    groupOf.set(block, groups.length - 1);
  }
  const textOfGroup = (index: number) => `${(groups[index] as DiffBlock[]).map((block) => texts.get(block)).join('\n')}${index < groups.length - 1 ? '\n' : ''}`;
  // Counted when first asked for, and recounted only where a hunk was summarized since.
  let counts: number[] | undefined;
  const dirty = new Set<number>();
  let tokens = 0;
  let chars = groups.reduce((sum, _, index) => sum + textOfGroup(index).length, 0);
  return {
    tokens: () => {
      if (counts === undefined) {
        counts = groups.map((_, index) => countTokens(textOfGroup(index)));
        tokens = counts.reduce((sum, value) => sum + value, 0);
      } else {
        for (const index of dirty) {
          const recounted = countTokens(textOfGroup(index));
          tokens += recounted - (counts[index] as number);
          counts[index] = recounted;
        }
      }
      dirty.clear();
      return tokens;
    },
    chars: () => chars,
    /** `hunk` has just been added to the summarized set. */
    summarize(hunk: Hunk): void {
      const index = groupOf.get(hunk) as number;
      const before = textOfGroup(index).length;
      texts.set(hunk, textOf(hunk));
      chars += textOfGroup(index).length - before;
      dirty.add(index);
    },
  };
}

/** The hunks that match `query` best (BM25 over their lines and file path), up to {@link MAX_QUERY_HUNKS}. */
function bestMatches(blocks: readonly DiffBlock[], query: string): Set<Hunk> {
  const hunks: Hunk[] = [];
  const documents: string[][] = [];
  let path = '';
  for (const block of blocks) {
    if (block.kind === 'file') path = block.path;
    if (block.kind !== 'hunk') continue;
    hunks.push(block);
    documents.push(valueTerms(`${path} ${block.header} ${block.lines.map((line) => line.text).join('\n')}`));
  }
  const scores = bm25Scores(query, documents);
  const ranked = hunks.map((hunk, index) => ({ hunk, score: scores[index] ?? 0 })).filter((match) => match.score > 0);
  ranked.sort((a, b) => b.score - a.score);
  return new Set(ranked.slice(0, MAX_QUERY_HUNKS).map((match) => match.hunk));
}

/**
 * Unified diffs: file headers (renames, modes, binary notes), hunk headers and every changed
 * line stay; unchanged context is trimmed to what the budget allows, with each cut marked by
 * its new-file line range. Only when the changed lines alone run far past the budget are
 * whole hunks summarized, generated files (lockfiles, minified code) first.
 */
export function createDiffCompressor(): Compressor {
  return { name: 'diff', compress: compressDiff };
}

function compressDiff(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const { blocks, hunks } = parseDiff(lines);
  if (hunks === 0) return { status: 'skipped', reason: 'no diff hunks' };
  if (request.lossless) return { status: 'skipped', reason: 'nothing in a diff folds without loss' };
  const budget = request.budgetTokens;
  let best: { text: string; stats: RenderStats } | undefined;
  for (const context of CONTEXT_STEPS) {
    best = render(blocks, context, new Set());
    if (!overTokens(best.text, budget)) break;
  }
  let view = best as { text: string; stats: RenderStats };
  const history = blocks.some((block) => block.kind === 'other' && COMMIT_LINE.test(block.line));
  const overrun = history ? HISTORY_OVERRUN : CHANGED_LINES_OVERRUN;
  if (overTokens(view.text, budget * overrun)) {
    // Summarize hunks until the view is back within reach: generated files, then the
    // biggest hunks, never those that match the query best.
    const asked = request.query === undefined ? new Set<Hunk>() : bestMatches(blocks, request.query);
    const fileOf = new Map<Hunk, string>();
    let path = '';
    for (const block of blocks) {
      if (block.kind === 'file') path = block.path;
      else if (block.kind === 'hunk') fileOf.set(block, path);
    }
    const candidates = blocks
      .filter((block): block is Hunk => block.kind === 'hunk')
      .filter((hunk) => !asked.has(hunk))
      .sort((a, b) => Number(GENERATED.test(fileOf.get(b) ?? '')) - Number(GENERATED.test(fileOf.get(a) ?? '')) || b.lines.length - a.lines.length);
    const summarized = new Set<Hunk>();
    const limit = budget * overrun;
    // Counting the whole view after each hunk was quadratic (1.8 s for 160 KB of `git log -p`).
    // The group sums skip the views that are surely still too long; any other view is counted
    // whole, as before, so the hunks chosen are the same. A view over EXACT_LIMIT characters,
    // whose whole count would be a sampled estimate, is judged by the group sums alone.
    const groups = groupCounter(blocks, summarized);
    let stale = false;
    for (const hunk of candidates) {
      summarized.add(hunk);
      groups.summarize(hunk);
      const chars = groups.chars();
      // Far past the limit in characters alone, the view need not be counted yet.
      stale = chars > limit * MAX_CHARS_PER_TOKEN || groups.tokens() > limit + (chars > EXACT_LIMIT ? 0 : SLACK_PER_SLICE * (Math.ceil(chars / SLICE_CHARS) + 1));
      if (stale) continue;
      view = render(blocks, 0, summarized);
      if (chars > EXACT_LIMIT || countTokens(view.text) <= limit) break;
    }
    // Every hunk summarized and the last view skipped: render it, as the loop would have.
    if (stale || history) view = render(blocks, 0, summarized, history);
  }
  const parts: string[] = [];
  if (view.stats.contextOmitted > 0) parts.push(`${formatCount(view.stats.contextOmitted)} unchanged context lines omitted`);
  if (view.stats.summarized > 0) parts.push(`${formatCount(view.stats.summarized)} ${view.stats.summarized === 1 ? 'hunk' : 'hunks'} summarized (${formatCount(view.stats.summarizedChanges)} changed lines)`);
  if (parts.length === 0) return { status: 'skipped', reason: 'already within budget' };
  return { status: 'compressed', text: view.text, strategy: view.stats.summarized > 0 ? 'trim+summarize' : 'trim', lossless: false, omitted: parts.join(', ') };
}
