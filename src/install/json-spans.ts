/**
 * Text-level edits of one value in a JSON file. Rewriting the whole file would reformat every
 * line the user (or Claude Code, in its ~/.claude.json) wrote; replacing one value's characters
 * leaves the rest byte for byte, which is what lets `install --unwrap` give the file back exactly.
 */

/** Where a value sits in a text: characters `start` up to, not including, `end`. */
export interface Span {
  start: number;
  end: number;
}

const SPACE = ' \t\n\r';

/**
 * The span of the value at `path` (object keys from the top) in `text`, which must be valid
 * JSON (parse it first: this scanner trusts it). With a key repeated, the last one counts, as
 * JSON.parse keeps the last. Undefined when the path is not there.
 */
export function valueSpan(text: string, path: readonly string[]): Span | undefined {
  let at = 0;
  const space = () => {
    while (at < text.length && SPACE.includes(text[at] as string)) at++;
  };
  const string = (): string => {
    const start = at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  // Skips one value; `depth` is how much of the path leads here (Infinity: off the path).
  const value = (depth: number): Span | undefined => {
    space();
    const start = at;
    let found: Span | undefined;
    const open = text[at];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      at++;
      space();
      while (text[at] !== close) {
        let onPath = false;
        if (open === '{') {
          const key = string();
          space();
          at++; // the colon
          onPath = depth < path.length && key === path[depth];
        }
        const inner = value(onPath ? depth + 1 : Number.POSITIVE_INFINITY);
        if (onPath) found = inner;
        space();
        if (text[at] === ',') at++;
        space();
      }
      at++;
    } else if (open === '"') {
      string();
    } else {
      while (at < text.length && !`,}]${SPACE}`.includes(text[at] as string)) at++;
    }
    return depth === path.length ? { start, end: at } : found;
  };
  return value(0);
}

/**
 * `value` written the way the text at `span` was: on one line if it was on one line, else
 * indented like it, one level deeper per level (the step read from the text, two spaces if
 * there is nothing to read it from), with the file's line endings.
 */
export function valueText(text: string, span: Span, value: unknown): string {
  const old = text.slice(span.start, span.end);
  if (!old.includes('\n')) {
    // One line, spaced after colons and commas as the old value was, or not.
    if (!/":\s/.test(old)) return JSON.stringify(value);
    return JSON.stringify(value, null, 1).replace(/([{[])\n\s*/g, '$1').replace(/\n\s*([}\]])/g, '$1').replace(/\n\s*/g, ' ');
  }
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const inner = /\n([ \t]*)\S/.exec(old)?.[1];
  const step = inner !== undefined && inner.startsWith(indent) && inner.length > indent.length ? inner.slice(indent.length) : '  ';
  const newline = old.includes('\r\n') ? '\r\n' : '\n';
  return JSON.stringify(value, null, step).split('\n').join(`${newline}${indent}`);
}

export function splice(text: string, span: Span, replacement: string): string {
  return `${text.slice(0, span.start)}${replacement}${text.slice(span.end)}`;
}
