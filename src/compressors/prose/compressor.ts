import { formatCount } from '../../marker.js';
import { splitLines } from '../../lines.js';
import { countTokens } from '../../tokens.js';
import { bm25Scores, QUERY_SHARE, valueTerms } from '../query-match.js';
import { lineTemplate } from '../template.js';
import type { CompressOutcome, CompressRequest, Compressor } from '../types.js';
import { type Block, parseBlocks, splitEntries } from './blocks.js';
import { htmlToText } from './html.js';

/** Paragraphs longer than this show their first lines only unless they match the query well. */
const LONG_PARAGRAPH_LINES = 6;
const PARAGRAPH_HEAD_LINES = 2;
/** What one omission marker costs, roughly. */
const MARKER_TOKENS = 12;
/** Headings at this level or above stay even when their whole section is left out. */
const MAX_ALWAYS_LEVEL = 2;
/** Share of blank lines below which plain text has no paragraphs. */
const MIN_BLANK_SHARE = 0.05;
// What makes a paragraph worth keeping without a query: numbers, identifiers, options, errors.
const SALIENT = /\d|`[^`]+`|\b[a-z]+[A-Z]\w*|\b\w+_\w+|(?:^|\s)--?[a-z][\w-]*|\b(?:error|warning|must|never|default|deprecated|note|important)\b/gi;

export interface ProseScorer {
  /** Importance of each paragraph, 0..1; replaces the salience heuristic when given. */
  score(paragraphs: readonly string[]): number[] | undefined;
}

function salience(text: string): number {
  const hits = text.match(SALIENT)?.length ?? 0;
  return Math.min(1, hits / Math.max(4, text.length / 40));
}

/**
 * Prose (Markdown, plain text, man pages, HTML reduced to its text): every heading stays;
 * paragraphs are chosen by BM25 against the query plus salience (numbers, identifiers,
 * options, warnings), near-duplicates dropped, in their original order; code blocks and
 * tables stay when they match, else are marked; every omission is marked where it happened.
 */
export function createProseCompressor(scorer?: ProseScorer): Compressor {
  return { name: 'prose', compress: (request) => compressProse(request, scorer) };
}

function compressProse(request: CompressRequest, scorer: ProseScorer | undefined): CompressOutcome {
  const kind = request.detected.kind;
  if (kind !== 'markdown' && kind !== 'text' && kind !== 'html') return { status: 'skipped', reason: 'not prose' };
  if (request.lossless) return { status: 'skipped', reason: 'extraction is not lossless' };
  const converted = kind === 'html';
  const text = converted ? htmlToText(request.text) : request.text;
  const { lines } = splitLines(text);
  // Plain text without paragraphs (one record a line) is a log, not prose.
  if (kind === 'text' && lines.filter((line) => line.trim() === '').length < lines.length * MIN_BLANK_SHARE) {
    return { status: 'skipped', reason: 'no paragraphs: not prose' };
  }
  const blocks = splitEntries(parseBlocks(lines), lines);
  const bodies = blocks.filter((block) => block.kind !== 'heading');
  if (bodies.length < 4) return { status: 'skipped', reason: 'too few paragraphs to choose from' };
  const textOf = (block: Block) => lines.slice(block.start, block.end + 1).join('\n');
  const cost = (block: Block) => countTokens(textOf(block)) + 1;

  const budget = request.budgetTokens;
  // Top headings always stay; deeper ones stay when something in their section does.
  let used = blocks.filter((block) => block.kind === 'heading' && block.level <= MAX_ALWAYS_LEVEL).reduce((sum, block) => sum + cost(block), 0);
  const kept = new Map<Block, 'whole' | 'head'>();
  const take = (block: Block, limit: number, whole: boolean): void => {
    if (kept.has(block)) return;
    const long = block.kind === 'paragraph' && block.end - block.start + 1 > LONG_PARAGRAPH_LINES && !whole;
    // Each kept block may open a gap after it: its marker is paid for up front.
    const price = (long ? countTokens(lines.slice(block.start, block.start + PARAGRAPH_HEAD_LINES).join('\n')) + MARKER_TOKENS : cost(block)) + MARKER_TOKENS;
    if (used + price > limit) return;
    kept.set(block, long ? 'head' : 'whole');
    used += price;
  };

  const texts = bodies.map(textOf);
  const query = request.query?.trim() ?? '';
  if (query !== '') {
    const scores = bm25Scores(query, texts.map(valueTerms));
    const best = Math.max(0, ...scores);
    scores
      .map((score, index) => [score, index] as const)
      .filter(([score]) => score > 0 && score >= best * 0.3)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .forEach(([score, index]) => take(bodies[index] as Block, budget * QUERY_SHARE, score >= best * 0.6));
  }
  // The first paragraph of every section says what the section is about.
  blocks.forEach((block, index) => {
    if (block.kind === 'heading' && blocks[index + 1]?.kind === 'paragraph') take(blocks[index + 1] as Block, budget * 0.8, false);
  });
  const importance = scorer?.score(texts) ?? texts.map(salience);
  const seen = new Set([...kept.keys()].map((block) => lineTemplate(textOf(block))));
  bodies
    .map((block, index) => [importance[index] ?? 0, block] as const)
    .sort((a, b) => b[0] - a[0] || a[1].start - b[1].start)
    .forEach(([, block]) => {
      const shape = lineTemplate(textOf(block));
      if (seen.has(shape)) return; // a near-duplicate of something shown
      seen.add(shape);
      take(block, budget, false);
    });

  // Render in order; a run of dropped blocks becomes one marker naming what and where.
  const out: string[] = [];
  let run: Block[] = [];
  let omitted = 0;
  const where = (first: number, last: number) => (converted ? '' : ` (lines ${formatCount(first + 1)}-${formatCount(last + 1)})`);
  const flush = () => {
    if (run.length === 0) return;
    const code = run.filter((block) => block.kind === 'code').length;
    const tables = run.filter((block) => block.kind === 'table').length;
    const headings = run.filter((block) => block.kind === 'heading').length;
    const paragraphs = run.length - code - tables - headings;
    const parts = [paragraphs > 0 ? `${formatCount(paragraphs)} ${paragraphs === 1 ? 'paragraph' : 'paragraphs'}` : '', code > 0 ? `${code} code ${code === 1 ? 'block' : 'blocks'}` : '', tables > 0 ? `${tables} ${tables === 1 ? 'table' : 'tables'}` : '', headings > 0 ? `${headings} ${headings === 1 ? 'heading' : 'headings'}` : ''].filter((part) => part !== '');
    out.push(`[... ${parts.join(', ')} omitted${where((run[0] as Block).start, (run[run.length - 1] as Block).end)} ...]`);
    omitted += run.length;
    run = [];
  };
  // A deep heading whose section keeps nothing goes with its section.
  const shownHeadings = new Set<Block>();
  blocks.forEach((block, index) => {
    if (block.kind !== 'heading') return;
    if (block.level <= MAX_ALWAYS_LEVEL) {
      shownHeadings.add(block);
      return;
    }
    for (let next = index + 1; next < blocks.length; next++) {
      const inside = blocks[next] as Block;
      if (inside.kind === 'heading' && inside.level <= block.level) break;
      if (kept.has(inside)) {
        shownHeadings.add(block);
        break;
      }
    }
  });
  for (const block of blocks) {
    const how = block.kind === 'heading' ? (shownHeadings.has(block) ? 'whole' : undefined) : kept.get(block);
    if (how === undefined) {
      run.push(block);
      continue;
    }
    flush();
    if (how === 'whole') {
      out.push(textOf(block));
    } else {
      out.push(lines.slice(block.start, block.start + PARAGRAPH_HEAD_LINES).join('\n'));
      out.push(`[... ${formatCount(block.end - block.start + 1 - PARAGRAPH_HEAD_LINES)} more lines of this paragraph omitted${where(block.start + PARAGRAPH_HEAD_LINES, block.end)} ...]`);
    }
    out.push('');
  }
  flush();
  const view = out.join('\n').trimEnd();
  const notes = [`${formatCount(omitted)} of ${formatCount(bodies.length)} blocks omitted`];
  if (converted) notes.push('HTML reduced to its text');
  return { status: 'compressed', text: view, strategy: converted ? 'html+extract' : 'extract', lossless: false, omitted: notes.join(', ') };
}
