import type { ContentKind } from '../kinds.js';
import { omittedChars } from '../marker.js';
import { countTokens } from '../tokens.js';
import type { SearchHit } from './searcher.js';

// Characters of one line (or of a chunk that is not the original's lines) shown in a hit.
const HIT_CHARS = 400;
// Lines after a hit shown with it, like `grep -A`: what follows a match often explains it (an
// assertion after a failing test's name, a change after its context, the details after an
// error's code). A log's entries are chunks already, with their stack traces.
const AFTER = 2;
const AFTER_IN: Partial<Record<ContentKind, number>> = { log: 0 };

function cut(text: string): string {
  return text.length > HIT_CHARS ? `${text.slice(0, HIT_CHARS)}${omittedChars(text.length - HIT_CHARS)}` : text;
}

export interface HitView {
  /** One block per hit shown, in rank order. */
  blocks: string[];
  /** How many hits those blocks show (the rest did not fit the budget or were already shown). */
  shown: number;
}

/**
 * The hits as the model reads them: each with its place, its lines in full and the lines
 * after it, never the same line twice, in rank order until `budget` tokens are used.
 * `lines` are the original's lines, for hits that are whole lines of it.
 */
export function renderHits(hits: readonly SearchHit[], lines: readonly string[] | undefined, kind: ContentKind | undefined, withHash: boolean, budget: number): HitView {
  const after = kind === undefined ? 0 : (AFTER_IN[kind] ?? AFTER);
  const taken = new Set<number>();
  const blocks: string[] = [];
  let used = 0;
  let shown = 0;
  for (const hit of hits) {
    let body: string;
    let location = hit.location;
    if (hit.lastLine !== undefined && lines !== undefined) {
      let first = hit.line;
      let last = hit.lastLine;
      while (first <= last && taken.has(first)) first++;
      if (first > last) continue;
      while (last < hit.lastLine + after && last < lines.length && !taken.has(last + 1) && (lines[last] ?? '').trim() !== '') last++;
      for (let line = first; line <= last; line++) taken.add(line);
      location = location.replace(/^lines? \d+(?:-\d+)?/, first === last ? `line ${first}` : `lines ${first}-${last}`);
      body = lines.slice(first - 1, last).map(cut).join('\n');
    } else {
      body = cut(hit.text);
    }
    const block = `${withHash ? `${hit.hash} ` : ''}${location}:${body.includes('\n') ? '\n' : ' '}${body}`;
    const tokens = countTokens(block);
    if (shown > 0 && used + tokens > budget) break;
    blocks.push(block);
    used += tokens;
    shown++;
  }
  return { blocks, shown };
}
