import type { ContentKind } from '../kinds.js';

/**
 * The section each line sits in, so a hit can say where it is: a diff's file, a document's
 * heading (Markdown `#`, a man page's section and sub-section), a pretty-printed JSON
 * object's path. Undefined where a kind has no sections.
 */
export function sectionsOf(lines: readonly string[], kind: ContentKind): Array<string | undefined> {
  switch (kind) {
    case 'diff':
      return diffFiles(lines);
    case 'markdown':
    case 'text':
    case 'html':
      return headings(lines);
    case 'json':
      return jsonPaths(lines);
    default:
      return [];
  }
}

const DIFF_FILE = /^diff --git a\/.* b\/(.+)$/;

function diffFiles(lines: readonly string[]): Array<string | undefined> {
  let file: string | undefined;
  return lines.map((line) => {
    file = DIFF_FILE.exec(line)?.[1] ?? file;
    return file;
  });
}

const MARKDOWN_HEADING = /^#{1,6}\s+(.+?)\s*#*$/;
// man pages: sections at column 0 in capitals, sub-sections at column 3.
const MAN_SECTION = /^([A-Z][A-Z0-9 ,/()-]{2,})$/;
const MAN_SUBSECTION = /^ {3}(\S.{0,60})$/;

function headings(lines: readonly string[]): Array<string | undefined> {
  let section: string | undefined;
  let sub: string | undefined;
  return lines.map((line) => {
    const heading = MARKDOWN_HEADING.exec(line)?.[1] ?? MAN_SECTION.exec(line)?.[1];
    if (heading !== undefined) {
      section = heading.trim();
      sub = undefined;
    } else if (section !== undefined && MAN_SUBSECTION.test(line) && !/[.:;,]$/.test(line)) {
      sub = line.trim();
    }
    return sub === undefined ? section : `${section} > ${sub}`;
  });
}

const OPENS = /^(\s*)"((?:[^"\\]|\\.)*)":\s*[{[]\s*$/;
const CLOSES = /^(\s*)[}\]],?\s*$/;

function jsonPaths(lines: readonly string[]): Array<string | undefined> {
  const stack: Array<{ key: string; indent: number }> = [];
  return lines.map((line) => {
    const closing = CLOSES.exec(line);
    if (closing !== null) {
      const indent = closing[1]?.length ?? 0;
      while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    }
    const path = stack.length === 0 ? undefined : stack.map((entry) => entry.key).join('.');
    const opening = OPENS.exec(line);
    if (opening !== null) stack.push({ key: opening[2] ?? '', indent: opening[1]?.length ?? 0 });
    return path;
  });
}
