/**
 * grep / rg / git grep output, line by line: `path:line:text` matches (also `path:line:col:text`),
 * `path-line-text` context lines, `--` group separators, rg's `--heading` layout (a path alone,
 * then `line:text`), and anything else (`Binary file x matches`, `grep: x: Permission denied`).
 */
export type SearchLine =
  | { kind: 'match'; path: string; line: number; text: string }
  | { kind: 'context'; path: string; line: number; text: string }
  | { kind: 'separator' }
  /** rg --heading's path line; the grouped view prints its own. */
  | { kind: 'heading'; path: string }
  | { kind: 'other'; text: string };

// The path has a letter, dot or slash, and is not an ISO timestamp (2026-11-20T13:00:01).
const MATCH = /^(?!\W{0,3}\d{4}-\d{2}-\d{2}[T ]\d)((?=[^:]*[A-Za-z_./])[^:\n]{1,400}?):(\d+):(?:\d+:)?(.*)$/;
const HEADING_ENTRY = /^(\d+)([:-])(.*)$/;
const CONTEXT_AFTER_PATH = /^-(\d+)-(.*)$/s;
const PLAIN_PATH = /^(?:\.{0,2}\/)?[\w@.+-]+(?:\/[\w@.+-]+)*$/;

export interface ParsedSearch {
  lines: SearchLine[];
  /** Share of lines that are matches, context or separators. */
  recognised: number;
}

function contextLine(raw: string, paths: ReadonlySet<string>): SearchLine | undefined {
  // `path-12-text`: the path may hold `-12-` itself, so try each split against known paths.
  for (let at = raw.indexOf('-'); at > 0; at = raw.indexOf('-', at + 1)) {
    const path = raw.slice(0, at);
    if (!paths.has(path)) continue;
    const rest = CONTEXT_AFTER_PATH.exec(raw.slice(at));
    if (rest) return { kind: 'context', path, line: Number(rest[1]), text: rest[2] ?? '' };
  }
  return undefined;
}

interface RipgrepEvent {
  type?: string;
  data?: { path?: { text?: string }; lines?: { text?: string }; line_number?: number; stats?: { matches?: number; searches_with_match?: number } };
}

/** `rg --json` events as search lines: match and context events carry path, line and text. */
function parseRipgrepJson(lines: readonly string[]): ParsedSearch | undefined {
  const parsed: SearchLine[] = [];
  for (const raw of lines) {
    if (raw.trim() === '') continue;
    let event: RipgrepEvent;
    try {
      event = JSON.parse(raw) as RipgrepEvent;
    } catch {
      return undefined;
    }
    const { data } = event;
    if ((event.type === 'match' || event.type === 'context') && data?.path?.text !== undefined && data.line_number !== undefined) {
      // One event may span several lines (multiline mode); each gets its own number.
      const texts = (data.lines?.text ?? '').replace(/\r?\n$/, '').split(/\r?\n/);
      texts.forEach((text, offset) => parsed.push({ kind: event.type === 'match' ? 'match' : 'context', path: data.path?.text ?? '', line: (data.line_number ?? 0) + offset, text }));
    } else if (event.type === 'summary') {
      parsed.push({ kind: 'other', text: `rg summary: ${data?.stats?.matches ?? '?'} matches in ${data?.stats?.searches_with_match ?? '?'} files` });
    } else if (event.type !== 'begin' && event.type !== 'end') {
      return undefined;
    }
  }
  return { lines: parsed, recognised: 1 };
}

export function parseSearch(lines: readonly string[]): ParsedSearch {
  if (lines[0]?.startsWith('{"type":')) {
    const json = parseRipgrepJson(lines);
    if (json !== undefined) return json;
  }
  const paths = new Set<string>();
  for (const raw of lines) {
    const match = MATCH.exec(raw);
    if (match) paths.add(match[1] as string);
  }
  const parsed: SearchLine[] = [];
  let recognised = 0;
  let heading: string | undefined;
  for (const raw of lines) {
    if (raw === '--') {
      parsed.push({ kind: 'separator' });
      recognised++;
      continue;
    }
    const entry = heading === undefined ? undefined : HEADING_ENTRY.exec(raw);
    if (entry && heading !== undefined) {
      const fields = { path: heading, line: Number(entry[1]), text: entry[3] ?? '' };
      parsed.push(entry[2] === ':' ? { kind: 'match', ...fields } : { kind: 'context', ...fields });
      recognised++;
      continue;
    }
    const match = MATCH.exec(raw);
    if (match) {
      parsed.push({ kind: 'match', path: match[1] as string, line: Number(match[2]), text: match[3] ?? '' });
      recognised++;
      heading = undefined;
      continue;
    }
    const context = contextLine(raw, paths);
    if (context) {
      parsed.push(context);
      recognised++;
      continue;
    }
    if (raw === '') {
      heading = undefined;
      parsed.push({ kind: 'other', text: raw });
      continue;
    }
    // rg --heading: a bare path, then numbered lines under it.
    if (PLAIN_PATH.test(raw) && /[./]/.test(raw)) {
      heading = raw;
      parsed.push({ kind: 'heading', path: raw });
      recognised++;
      continue;
    }
    parsed.push({ kind: 'other', text: raw });
  }
  return { lines: parsed, recognised: lines.length === 0 ? 0 : recognised / lines.length };
}
