import type { ContentKind } from '../kinds.js';
import { splitLines } from '../lines.js';
import { sectionsOf } from './sections.js';

/** A searchable piece of one original, with where it sits in it. */
export interface Chunk {
  /** `<hash>#<n>`, unique across originals. */
  id: string;
  hash: string;
  text: string;
  /** Human-readable place: `line 42`, `lines 10-14 in src/a.ts`, `time`. */
  location: string;
  /** First line (1-based) the chunk covers, for paging with offset/limit. */
  line: number;
  /** Last line it covers, when its text is exactly the original's lines `line`..`lastLine`. */
  lastLine?: number;
}

// Past this many chunks per original, consecutive lines are grouped so the index stays bounded.
const MAX_CHUNKS = 50_000;
// Prose is indexed by paragraph unless its paragraphs are longer than this many lines.
const MAX_PARAGRAPH_LINES = 30;
// A line and the more-indented lines under it (a stack trace, a definition's body, a hunk's
// nested block) make one chunk, up to this many lines.
const MAX_BLOCK_LINES = 12;
const TAB_WIDTH = 8;

function indentOf(line: string, diff: boolean): number {
  // In a diff the first column is the change marker, not indentation.
  const text = diff && /^[+\- ]/.test(line) && !/^(?:\+\+\+|---) /.test(line) ? line.slice(1) : line;
  let width = 0;
  for (const char of text) {
    if (char === ' ') width++;
    else if (char === '\t') width = (Math.floor(width / TAB_WIDTH) + 1) * TAB_WIDTH;
    else break;
  }
  return width;
}

function rangeLabel(first: number, last: number, section: string | undefined): string {
  const lines = first === last ? `line ${first}` : `lines ${first}-${last}`;
  return section === undefined ? lines : `${lines} in ${section}`;
}

/** Lines `start` (0-based) up to `end` (exclusive). */
export type Range = [start: number, end: number];

function toChunks(hash: string, lines: readonly string[], ranges: readonly Range[], sections: ReadonlyArray<string | undefined>): Chunk[] {
  const group = Math.max(1, Math.ceil(ranges.length / MAX_CHUNKS));
  const chunks: Chunk[] = [];
  for (let index = 0; index < ranges.length; index += group) {
    const start = ranges[index]?.[0] ?? 0;
    const end = ranges[Math.min(ranges.length, index + group) - 1]?.[1] ?? start + 1;
    const text = lines.slice(start, end).join('\n');
    if (text.trim() === '') continue;
    chunks.push({ id: `${hash}#${chunks.length}`, hash, text, location: rangeLabel(start + 1, end, sections[start]), line: start + 1, lastLine: end });
  }
  return chunks;
}

/** Each non-blank line with the more-indented lines that follow it. */
function blockRanges(lines: readonly string[], diff: boolean): Range[] {
  const ranges: Range[] = [];
  let index = 0;
  while (index < lines.length) {
    if ((lines[index] ?? '').trim() === '') {
      index++;
      continue;
    }
    const indent = indentOf(lines[index] ?? '', diff);
    let end = index + 1;
    while (end < lines.length && end - index < MAX_BLOCK_LINES && (lines[end] ?? '').trim() !== '' && indentOf(lines[end] ?? '', diff) > indent) end++;
    ranges.push([index, end]);
    index = end;
  }
  return ranges;
}

// A `key: value` line of a record (`dpkg -s`, `apt-cache show`, HTTP headers, `git config -l`).
const FIELD = /^[A-Za-z][\w.-]*(?: [\w.-]+)?:(?:\s|$)/;
// A record stanza of up to this many lines is one chunk, so a hit on its name brings its fields.
const MAX_STANZA_LINES = 40;

/** Whether lines `start`..`end` are one record: mostly `key: value` lines, the rest indented continuations. */
function isStanza(lines: readonly string[], start: number, end: number): boolean {
  let fields = 0;
  for (let index = start; index < end; index++) {
    const line = lines[index] ?? '';
    if (FIELD.test(line)) fields++;
    else if (!/^\s/.test(line)) return false;
  }
  return fields >= 3;
}

/**
 * Paragraphs (runs of non-blank lines) and record stanzas, each one chunk; a paragraph too
 * long to be a unit is cut into blocks (a term line with its indented body, as in man pages).
 */
function paragraphRanges(lines: readonly string[]): Range[] {
  const ranges: Range[] = [];
  let start = -1;
  for (let index = 0; index <= lines.length; index++) {
    const blank = index === lines.length || (lines[index] ?? '').trim() === '';
    if (!blank) {
      if (start < 0) start = index;
      continue;
    }
    if (start < 0) continue;
    const size = index - start;
    if (size <= MAX_PARAGRAPH_LINES || (size <= MAX_STANZA_LINES && isStanza(lines, start, index))) ranges.push([start, index]);
    else for (const [from, to] of blockRanges(lines.slice(start, index), false)) ranges.push([start + from, start + to]);
    start = -1;
  }
  return ranges;
}

const COMMIT = /^commit [0-9a-f]{7,64}\b/;
// Where a commit's header and message end in `git log --stat` / `-p`.
const COMMIT_BODY_END = /^(?:diff --git |\s\d+ files? changed|\s\S.*\|\s+(?:\d+|Bin))/;
// A log entry (a commit and its message, an event with its stack trace) of up to this many lines is one chunk.
const MAX_ENTRY_LINES = 30;

/**
 * Whether `line` continues the log entry that `head` starts: it is more indented, whole or
 * after the words they share (a stack trace under `npm verbose stack`, a traceback's frames).
 */
function continues(line: string, head: string): boolean {
  if (indentOf(line, false) > indentOf(head, false)) return true;
  let shared = 0;
  while (shared < line.length && line[shared] === head[shared]) shared++;
  return shared > 0 && head[shared - 1] === ' ' && indentOf(line.slice(shared), false) > indentOf(head.slice(shared), false);
}

/** Where the header and message of the commit on line `index` end (its stat or patch follows). */
function commitEnd(lines: readonly string[], index: number): number {
  let end = index + 1;
  while (end < lines.length && end - index < MAX_ENTRY_LINES && !COMMIT.test(lines[end] ?? '') && !COMMIT_BODY_END.test(lines[end] ?? '')) end++;
  while (end > index + 1 && (lines[end - 1] ?? '').trim() === '') end--;
  return end;
}

/** History with patches (`git log -p`, `git show`): each commit's header and message one chunk, its stat and patch by blocks. */
function historyRanges(lines: readonly string[]): Range[] {
  const ranges: Range[] = [];
  let start = 0;
  const blocks = (end: number) => {
    for (const [from, to] of blockRanges(lines.slice(start, end), true)) ranges.push([start + from, start + to]);
  };
  for (let index = 0; index < lines.length; index++) {
    if (!COMMIT.test(lines[index] ?? '')) continue;
    blocks(index);
    const end = commitEnd(lines, index);
    ranges.push([index, end]);
    start = end;
    index = end - 1;
  }
  blocks(lines.length);
  return ranges;
}

/**
 * Log entries: a commit with its header and message, or a line with the lines that continue it.
 */
function logRanges(lines: readonly string[]): Range[] {
  const ranges: Range[] = [];
  let index = 0;
  while (index < lines.length) {
    const head = lines[index] ?? '';
    if (head.trim() === '') {
      index++;
      continue;
    }
    let end = index + 1;
    if (COMMIT.test(head)) {
      end = commitEnd(lines, index);
    } else {
      while (end < lines.length && end - index < MAX_ENTRY_LINES && (lines[end] ?? '').trim() !== '' && continues(lines[end] ?? '', head)) end++;
    }
    ranges.push([index, end]);
    index = end;
  }
  return ranges;
}

// A pretty-printed JSON value (a record, an array item) of up to this many lines is one chunk,
// so a hit on one of its fields comes with the others (a search hit's repository, a log
// entry's message).
const MAX_RECORD_LINES = 30;
const OPENS_VALUE = /[{[]$/;
const CLOSES_VALUE = /^[}\]]/;

/**
 * Pretty-printed JSON by its structure: each value of up to {@link MAX_RECORD_LINES} lines is
 * one chunk; a bigger one gives its key line, then its members (runs of scalar lines, and
 * nested values the same way). Undefined when the brackets do not pair up line by line.
 */
function jsonRanges(lines: readonly string[]): Range[] | undefined {
  const closing = new Map<number, number>();
  const open: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const text = (lines[index] ?? '').trim();
    if (CLOSES_VALUE.test(text)) {
      const start = open.pop();
      if (start === undefined) return undefined;
      closing.set(start, index);
    }
    if (OPENS_VALUE.test(text)) open.push(index);
  }
  if (open.length > 0) return undefined;
  const ranges: Range[] = [];
  const value = (start: number, end: number): void => {
    if (end - start + 1 <= MAX_RECORD_LINES) {
      ranges.push([start, end + 1]);
      return;
    }
    ranges.push([start, start + 1]);
    let run = -1;
    const flush = (at: number) => {
      if (run >= 0) ranges.push([run, at]);
      run = -1;
    };
    for (let index = start + 1; index < end; index++) {
      const inner = closing.get(index);
      if (inner !== undefined) {
        flush(index);
        value(index, inner);
        index = inner;
        continue;
      }
      if (run < 0) run = index;
      else if (index - run >= MAX_BLOCK_LINES) {
        flush(index);
        run = index;
      }
    }
    flush(end);
    ranges.push([end, end + 1]);
  };
  for (let index = 0; index < lines.length; index++) {
    const end = closing.get(index);
    if (end === undefined) {
      if ((lines[index] ?? '').trim() !== '') ranges.push([index, index + 1]);
      continue;
    }
    value(index, end);
    index = end;
  }
  return ranges;
}

/** Top-level items of JSON that is not laid out on lines (minified): its entries, by path. */
function jsonItemChunks(hash: string, content: string): Chunk[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return undefined;
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [`item ${index}`, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, child]): Array<[string, unknown]> => {
          if (Array.isArray(child) && child.length > 1) return child.map((item, index) => [`${key}[${index}]`, item]);
          // A map of many entries (npm's `time`, a lockfile's packages) is searched entry by entry.
          if (child !== null && typeof child === 'object' && Object.keys(child).length > 1) return Object.entries(child).map(([inner, item]) => [`${key}[${JSON.stringify(inner)}]`, { [inner]: item }]);
          return [[key, child]];
        })
      : [];
  if (entries.length === 0 || entries.length > MAX_CHUNKS) return undefined;
  return entries.map(([location, item], index) => ({ id: `${hash}#${index}`, hash, text: JSON.stringify(item) ?? 'null', location, line: 1 }));
}

/**
 * Splits an original into chunks for BM25, each a unit a hit can be shown as: an entry of
 * minified JSON, a record of pretty-printed JSON, a prose paragraph, or a line with the
 * more-indented lines under it (stack traces, definitions, nested code). Line chunks name their section (a
 * diff's file, a document's heading, a JSON object's key).
 */
export function chunkOriginal(hash: string, content: string, kind: ContentKind): Chunk[] {
  const { lines } = splitLines(content);
  if (kind === 'json' && lines.length <= 2) {
    const items = jsonItemChunks(hash, content);
    if (items) return items;
  }
  return toChunks(hash, lines, unitRanges(lines, kind), sectionsOf(lines, kind));
}

/**
 * The units of meaning of a line-laid-out original, in order: paragraphs and records of prose,
 * entries of logs, values of pretty-printed JSON, blocks of everything else. Search indexes
 * them as chunks; a compressor keeps a query match with the rest of its unit.
 */
export function unitRanges(lines: readonly string[], kind: ContentKind): Range[] {
  if (kind === 'markdown' || kind === 'text' || kind === 'html' || kind === 'records') return paragraphRanges(lines);
  if (kind === 'log') return logRanges(lines);
  if (kind === 'diff' && lines.some((line) => COMMIT.test(line))) return historyRanges(lines);
  return (kind === 'json' ? jsonRanges(lines) : undefined) ?? blockRanges(lines, kind === 'diff');
}
