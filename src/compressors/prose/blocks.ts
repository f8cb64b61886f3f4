/**
 * A document as blocks: headings (Markdown `#`, setext underlines, man-page section names),
 * fenced code, tables and paragraphs (runs of non-blank lines), with their line ranges.
 */
export interface Block {
  kind: 'heading' | 'paragraph' | 'code' | 'table';
  /** Heading level, 1 for the top; 0 for other blocks. */
  level: number;
  /** 0-based first and last line. */
  start: number;
  end: number;
}

const ATX = /^#{1,6}\s+\S/;
const SETEXT = /^(?:=+|-+)\s*$/;
const FENCE = /^\s*(```|~~~)/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
// man pages: NAME, SYNOPSIS, OPTIONS (column 0, capitals), and sub-headings at column 3.
const MAN_HEADING = /^(?:[A-Z][A-Z0-9 ,/&'-]{1,60}|\s{1,3}[A-Z][\w ,/&'()-]{1,60})$/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

export function parseBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (line.trim() === '') {
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      let end = index + 1;
      while (end < lines.length && !(lines[end] as string).trimStart().startsWith(fence[1] as string)) end++;
      blocks.push({ kind: 'code', level: 0, start: index, end: Math.min(end, lines.length - 1) });
      index = end + 1;
      continue;
    }
    if (ATX.test(line) || (MAN_HEADING.test(line) && (lines[index + 1] ?? '').trim() !== '' && indentOf(lines[index + 1] ?? '') > indentOf(line))) {
      const level = ATX.test(line) ? (/^#+/.exec(line)?.[0].length ?? 1) : /^\s/.test(line) ? 2 : 1;
      blocks.push({ kind: 'heading', level, start: index, end: index });
      index++;
      continue;
    }
    if (SETEXT.test(lines[index + 1] ?? '') && !TABLE_ROW.test(line) && line.trim().length < 120) {
      blocks.push({ kind: 'heading', level: (lines[index + 1] ?? '').trimStart().startsWith('=') ? 1 : 2, start: index, end: index + 1 });
      index += 2;
      continue;
    }
    if (TABLE_ROW.test(line)) {
      let end = index;
      while (end + 1 < lines.length && TABLE_ROW.test(lines[end + 1] as string)) end++;
      blocks.push({ kind: 'table', level: 0, start: index, end });
      index = end + 1;
      continue;
    }
    let end = index;
    while (end + 1 < lines.length) {
      const next = lines[end + 1] as string;
      if (next.trim() === '' || FENCE.test(next) || ATX.test(next) || TABLE_ROW.test(next) || SETEXT.test(lines[end + 2] ?? '')) break;
      end++;
    }
    blocks.push({ kind: 'paragraph', level: 0, start: index, end });
    index = end + 1;
  }
  return blocks;
}

// A paragraph longer than this is looked at entry by entry (see splitEntries).
const LONG_BLOCK_LINES = 12;

/** Leading whitespace as a terminal shows it (tabs to the next multiple of 8). */
function visualIndent(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width++;
    else if (char === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else break;
  }
  return width;
}

/**
 * Long paragraphs cut into their entries: a line at the paragraph's outer indentation and the
 * more-indented lines under it (a man page's variable or option with its description, which
 * man prints without blank lines between). Each entry is then scored and kept on its own, so
 * a query for one term keeps its definition, not the first lines of the whole list.
 */
export function splitEntries(blocks: readonly Block[], lines: readonly string[]): Block[] {
  return blocks.flatMap((block) => {
    if (block.kind !== 'paragraph' || block.end - block.start + 1 <= LONG_BLOCK_LINES) return [block];
    const indents = lines.slice(block.start, block.end + 1).map(visualIndent);
    const outer = Math.min(...indents);
    const starts = indents.flatMap((indent, offset) => (indent === outer ? [block.start + offset] : []));
    if (starts.length < 2 || starts.length === indents.length) return [block];
    return starts.map((start, index) => ({ kind: 'paragraph' as const, level: 0, start: index === 0 ? block.start : start, end: (starts[index + 1] ?? block.end + 1) - 1 }));
  });
}
