/**
 * Unified diffs (`git diff`, `diff -u`, `git show`, `git log -p`): file headers, hunks with
 * their changed and context lines, and whatever surrounds them (commit headers, messages).
 */
export type DiffLine = { kind: ' ' | '+' | '-' | '\\'; text: string };

export interface Hunk {
  kind: 'hunk';
  header: string;
  /** First line in the new file, from `@@ -a,b +c,d @@`. */
  newStart: number;
  lines: DiffLine[];
}

export type DiffBlock = Hunk | { kind: 'file'; lines: string[]; path: string } | { kind: 'other'; line: string };

const HUNK = /^@@+ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+/;
const FILE_START = /^diff (?:--git|--cc|--combined|-[a-zA-Z]+) |^--- \S/;
const FILE_HEADER = /^(?:diff |index |--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|Binary files )/;

function pathOf(lines: readonly string[]): string {
  for (const line of lines) {
    const plus = /^\+\+\+ (?:b\/)?(.+?)(?:\t.*)?$/.exec(line);
    if (plus && plus[1] !== '/dev/null') return plus[1] as string;
  }
  const git = /^diff --git a\/.+ b\/(.+)$/.exec(lines[0] ?? '');
  const minus = lines.map((line) => /^--- (?:a\/)?(.+?)(?:\t.*)?$/.exec(line)).find((match) => match !== null);
  return git?.[1] ?? minus?.[1] ?? '';
}

export interface ParsedDiff {
  blocks: DiffBlock[];
  hunks: number;
}

export function parseDiff(lines: readonly string[]): ParsedDiff {
  const blocks: DiffBlock[] = [];
  let file: Extract<DiffBlock, { kind: 'file' }> | undefined;
  let hunk: Hunk | undefined;
  // Lines the open hunk still has to come, from its header's counts.
  let oldLeft = 0;
  let newLeft = 0;
  let hunks = 0;
  for (const line of lines) {
    // Past the header's counts, diff-shaped lines still belong to the hunk (some tools write
    // loose counts); a file header or anything else ends it.
    const diffShaped = /^[ +\-\\]/.test(line) && !line.startsWith('--- ') && !line.startsWith('+++ ');
    if (hunk !== undefined && (oldLeft > 0 || newLeft > 0 || diffShaped)) {
      // git may drop the space of an empty context line.
      const kind = (line === '' ? ' ' : line[0]) as DiffLine['kind'];
      if (kind === ' ' || kind === '+' || kind === '-' || kind === '\\') {
        hunk.lines.push({ kind, text: line.slice(1) });
        if (kind !== '+' && kind !== '\\') oldLeft--;
        if (kind !== '-' && kind !== '\\') newLeft--;
        continue;
      }
    }
    hunk = undefined;
    const start = HUNK.exec(line);
    if (start) {
      hunk = { kind: 'hunk', header: line, newStart: Number(start[2]), lines: [] };
      oldLeft = start[1] === undefined ? 1 : Number(start[1]);
      newLeft = start[3] === undefined ? 1 : Number(start[3]);
      blocks.push(hunk);
      hunks++;
      file = undefined;
      continue;
    }
    if (FILE_START.test(line) && (file === undefined || line.startsWith('diff '))) {
      file = { kind: 'file', lines: [line], path: '' };
      blocks.push(file);
      continue;
    }
    if (file !== undefined && FILE_HEADER.test(line)) {
      file.lines.push(line);
      continue;
    }
    file = undefined;
    blocks.push({ kind: 'other', line });
  }
  for (const block of blocks) if (block.kind === 'file') block.path = pathOf(block.lines);
  return { blocks, hunks };
}
