import type { ContentKind } from '../kinds.js';
import { splitLines } from '../lines.js';

/** A searchable piece of one original, with where it sits in it. */
export interface Chunk {
  /** `<hash>#<n>`, unique across originals. */
  id: string;
  hash: string;
  text: string;
  /** Human-readable place: `line 42`, `lines 10-14`, `item 17`. */
  location: string;
  /** First line (1-based) the chunk covers, for paging with offset/limit. */
  line: number;
}

// Past this many chunks per original, consecutive lines are grouped so the index stays bounded.
const MAX_CHUNKS = 50_000;
// Prose is indexed by paragraph unless its paragraphs are longer than this many lines.
const MAX_PARAGRAPH_LINES = 30;

function lineChunks(hash: string, lines: readonly string[]): Chunk[] {
  const group = Math.max(1, Math.ceil(lines.length / MAX_CHUNKS));
  const chunks: Chunk[] = [];
  for (let start = 0; start < lines.length; start += group) {
    const slice = lines.slice(start, start + group);
    const text = slice.join('\n');
    if (text.trim() === '') continue;
    const end = start + slice.length;
    chunks.push({ id: `${hash}#${chunks.length}`, hash, text, location: end - start === 1 ? `line ${start + 1}` : `lines ${start + 1}-${end}`, line: start + 1 });
  }
  return chunks;
}

function paragraphChunks(hash: string, lines: readonly string[]): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let start = -1;
  const close = (end: number) => {
    if (start < 0) return true;
    if (end - start > MAX_PARAGRAPH_LINES) return false;
    chunks.push({ id: `${hash}#${chunks.length}`, hash, text: lines.slice(start, end).join('\n'), location: end - start === 1 ? `line ${start + 1}` : `lines ${start + 1}-${end}`, line: start + 1 });
    start = -1;
    return true;
  };
  for (let index = 0; index < lines.length; index++) {
    if ((lines[index] ?? '').trim() === '') {
      if (!close(index)) return undefined;
    } else if (start < 0) {
      start = index;
    }
  }
  return close(lines.length) && chunks.length <= MAX_CHUNKS ? chunks : undefined;
}

/** Line number (1-based) of the start of each top-level item, found by scanning the text once. */
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
      ? Object.entries(value).flatMap(([key, child]): Array<[string, unknown]> =>
          Array.isArray(child) && child.length > 1 ? child.map((item, index) => [`${key}[${index}]`, item]) : [[key, child]],
        )
      : [];
  if (entries.length === 0 || entries.length > MAX_CHUNKS) return undefined;
  return entries.map(([location, item], index) => ({
    id: `${hash}#${index}`,
    hash,
    text: JSON.stringify(item) ?? 'null',
    location,
    line: 1,
  }));
}

/** Splits an original into chunks for BM25: JSON items, prose paragraphs, or lines. */
export function chunkOriginal(hash: string, content: string, kind: ContentKind): Chunk[] {
  if (kind === 'json') {
    const items = jsonItemChunks(hash, content);
    if (items) return items;
  }
  const { lines } = splitLines(content);
  if (kind === 'markdown' || kind === 'text' || kind === 'html') {
    const paragraphs = paragraphChunks(hash, lines);
    if (paragraphs) return paragraphs;
  }
  return lineChunks(hash, lines);
}
