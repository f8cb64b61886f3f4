import type { ContentKind } from '../../kinds.js';

/**
 * Splitting one input that holds several outputs (an agent's context: `### tool: …` headers
 * each followed by a pretty-printed JSON array, a table, grep hits; a banner before a JSON
 * body; NDJSON between plain lines) into parts of one kind each, so each part goes to its own
 * compressor. Pure and linear: every line is scanned for JSON at most once.
 */

/** One part: lines `start` to `end - 1` (0-based) of the input. */
export interface Segment {
  start: number;
  end: number;
  /** JSON parts carry their parsed value, so nothing parses them again. */
  kind: ContentKind;
  value?: unknown;
  format?: 'json' | 'ndjson';
  /** A header line (`### tool: …`): kept as it is, and never merged with the part before it. */
  header?: true;
}

/** A pretty-printed JSON block is a part of its own from this many characters on. */
const MIN_JSON_CHARS = 800;
/** Brackets that never close make a scan read to the end; after this many, none is tried. */
const MAX_UNBALANCED_SCANS = 3;
/** Consecutive one-line JSON values form an NDJSON part from this many lines on. */
const MIN_NDJSON_LINES = 3;
/** A text run needs this many non-blank lines for its kind to count towards "mixed". */
const MIN_TYPED_LINES = 8;
// A header that starts a new output: `### tool: name {…}`, `==> file <==` (tail, head), a
// shell prompt with a command.
const HEADER = /^(?:#{1,6} \S|==> .+ <==\s*$|\$ \S)/;
// Kinds a text run can have that say something definite about its lines; prose-like kinds
// (text, markdown, code, html) do not on their own make an input mixed.
const DEFINITE: ReadonlySet<ContentKind> = new Set(['log', 'search', 'table', 'test', 'build', 'diff', 'listing', 'plan', 'records', 'reference']);

/**
 * Where the JSON value starting at `from` (a `{` or `[`) ends: the index just past its closing
 * bracket, -1 when the brackets never balance, -2 when a string runs into a line's end (not
 * JSON). Strings are skipped, escapes honoured.
 */
function balancedEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      else if (c === 0x0a) return -2; // JSON strings hold no raw newline
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

interface Block {
  start: number;
  end: number;
  value: unknown;
  format: 'json' | 'ndjson';
}

/** The JSON blocks of `lines`: pretty-printed values that end at a line's end, and NDJSON runs. */
function jsonBlocks(lines: readonly string[], offsets: readonly number[], text: string): Block[] {
  const blocks: Block[] = [];
  let ndjson: { start: number; values: unknown[] } | undefined;
  const closeNdjson = (end: number) => {
    if (ndjson !== undefined && ndjson.values.length >= MIN_NDJSON_LINES) blocks.push({ start: ndjson.start, end, value: ndjson.values, format: 'ndjson' });
    ndjson = undefined;
  };
  let unbalanced = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const at = line.search(/\S/);
    const first = at < 0 ? '' : line[at];
    if (first !== '{' && first !== '[') {
      closeNdjson(i);
      continue;
    }
    const trimmed = line.trim();
    const last = trimmed[trimmed.length - 1];
    if ((first === '{' && last === '}') || (first === '[' && last === ']')) {
      const one = parsed(trimmed);
      if (one !== undefined) {
        ndjson ??= { start: i, values: [] };
        ndjson.values.push(one.value);
        continue;
      }
    }
    closeNdjson(i);
    // Each scan that balances skips the lines it read, so scanning stays linear.
    if (unbalanced >= MAX_UNBALANCED_SCANS) continue;
    const from = (offsets[i] ?? 0) + at;
    const end = balancedEnd(text, from);
    if (end < 0) {
      if (end === -1) unbalanced++;
      continue;
    }
    const endLine = lineAt(offsets, end - 1);
    const rest = text.slice(end, (offsets[endLine + 1] ?? text.length + 1) - 1);
    const json = rest.trim() === '' && end - from >= MIN_JSON_CHARS ? parsed(text.slice(from, end)) : undefined;
    if (json !== undefined) blocks.push({ start: i, end: endLine + 1, value: json.value, format: 'json' });
    // A balanced block that is not JSON (a C function body, say) is skipped whole.
    i = endLine;
  }
  closeNdjson(lines.length);
  return blocks;
}

/** The 0-based line holding character `index`. */
function lineAt(offsets: readonly number[], index: number): number {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((offsets[middle] ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Character offset of each line's start, for lines split on `\n` or `\r\n`. */
function lineOffsets(lines: readonly string[], text: string): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const line of lines) {
    offsets.push(at);
    at += line.length;
    at += text.charCodeAt(at) === 0x0d ? 2 : 1;
  }
  return offsets;
}

/** Text runs between JSON blocks, cut around each header line, which is a run of its own. */
function textRuns(start: number, end: number, lines: readonly string[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (!HEADER.test(lines[i] ?? '')) continue;
    if (from < i) runs.push([from, i]);
    runs.push([i, i + 1]);
    from = i + 1;
  }
  if (from < end) runs.push([from, end]);
  return runs;
}

function nonBlank(lines: readonly string[], start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if ((lines[i] ?? '').trim() !== '') count++;
  return count;
}

/**
 * The parts of `lines` (the input split with `splitLines`), or undefined when it is not a mix:
 * a mix has a JSON block beside other lines, or text runs of at least two definite kinds.
 * `kindOf` names a text run's kind (the detector's own rules, passed in to keep this pure).
 */
export function segment(text: string, lines: readonly string[], kindOf: (runText: string) => ContentKind): Segment[] | undefined {
  if (lines.length < 2) return undefined;
  const offsets = lineOffsets(lines, text);
  const blocks = jsonBlocks(lines, offsets, text);
  const segments: Segment[] = [];
  let at = 0;
  const addText = (end: number) => {
    for (const [start, stop] of textRuns(at, end, lines)) {
      if (stop === start + 1 && HEADER.test(lines[start] ?? '')) {
        segments.push({ start, end: stop, kind: 'text', header: true });
        continue;
      }
      const kind = nonBlank(lines, start, stop) === 0 ? 'text' : kindOf(lines.slice(start, stop).join('\n'));
      const previous = segments[segments.length - 1];
      if (previous !== undefined && previous.kind === kind && previous.header !== true && kind !== 'json') previous.end = stop;
      else segments.push({ start, end: stop, kind });
    }
  };
  for (const block of blocks) {
    if (block.start > at) addText(block.start);
    segments.push({ start: block.start, end: block.end, kind: 'json', value: block.value, format: block.format });
    at = block.end;
  }
  if (at < lines.length) addText(lines.length);
  if (segments.length < 2) return undefined;
  const typed = new Set(segments.filter((part) => DEFINITE.has(part.kind) && nonBlank(lines, part.start, part.end) >= MIN_TYPED_LINES).map((part) => part.kind));
  const hasJson = segments.some((part) => part.kind === 'json');
  return hasJson || typed.size >= 2 ? segments : undefined;
}
