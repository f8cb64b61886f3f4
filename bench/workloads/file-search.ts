import type { Random } from '../random.js';
import { codeLine, identifier, sourcePath } from './vocabulary.js';

/** One match from a code-search tool that returns JSON (path, line, the match and its context). */
export interface FileSearchMatch {
  path: string;
  line_number: number;
  column: number;
  match: string;
  context_before: string[];
  context_after: string[];
}

export interface FileSearchPlant {
  path: string;
  line: number;
  text: string;
}

export function fileSearchMatches(random: Random, count: number, term: string): FileSearchMatch[] {
  return Array.from({ length: count }, () => {
    const match = codeLine(random, term);
    return {
      path: sourcePath(random),
      line_number: random.int(3, 900),
      column: Math.max(1, match.indexOf(term) + 1),
      match,
      context_before: [codeLine(random, identifier(random))],
      context_after: [codeLine(random, identifier(random))],
    };
  });
}

/**
 * The same kind of hits as `rg -n -C1` prints them: `path:line:text` for matches,
 * `path-line-text` for context, `--` between groups. `plants` replace hits at their index.
 */
export function ripgrepText(random: Random, count: number, term: string, plants: ReadonlyMap<number, FileSearchPlant>): string {
  const out: string[] = [];
  for (let index = 0; index < count; index++) {
    const planted = plants.get(index);
    const path = planted?.path ?? sourcePath(random);
    const line = planted?.line ?? random.int(3, 900);
    if (index > 0) out.push('--');
    out.push(`${path}-${line - 1}-${codeLine(random, identifier(random))}`);
    out.push(`${path}:${line}:${planted?.text ?? codeLine(random, term)}`);
    out.push(`${path}-${line + 1}-${codeLine(random, identifier(random))}`);
  }
  return `${out.join('\n')}\n`;
}
