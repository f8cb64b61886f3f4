/** Whether `text` shows `expectation` (a literal substring or a pattern). */
export function shows(text: string, expectation: string | RegExp): boolean {
  return typeof expectation === 'string' ? text.includes(expectation) : expectation.test(text);
}

/** A question counts as answered only when every expected piece is visible. */
export function showsAll(text: string, expectations: ReadonlyArray<string | RegExp>): boolean {
  return expectations.every((expectation) => shows(text, expectation));
}

// Words that mark a line as something an agent must not lose (invariant 3 of DESIGN.md).
// The word must stand alone: `es-errors@1.3.0` or `is-error` are package names, not events.
const IMPORTANT_LINE =
  /(?<![\w.@/-])(?:error|errors|fatal|panic|exception|traceback|failed|failure|fail|critical|segfault|denied|unmet)(?![\w.@/-])|^\s*(?:at\s+\S+.*[:(]\d+|File "[^"]+", line \d+)/i;

// npm lists optional dependencies for other platforms as unmet; that is the normal case.
const BENIGN = /\bUNMET OPTIONAL DEPENDENCY\b/;
// Class names such as RuntimeError or NullPointerException (case matters here).
const ERROR_CLASS = /[a-z](?:Error|Exception)\b/;

/** Distinct non-blank lines of `text` that report an error, a failure or a stack frame. */
export function importantLines(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || BENIGN.test(trimmed)) continue;
    if (IMPORTANT_LINE.test(trimmed) || ERROR_CLASS.test(trimmed)) seen.add(trimmed);
  }
  return [...seen];
}

/** How many of `lines` appear verbatim (trimmed) somewhere in `view`. */
export function countVisible(view: string, lines: readonly string[]): number {
  return lines.filter((line) => view.includes(line)).length;
}

// A build digest writes an error reported again once, then `[... the same error 3 more times, at src/a.c:9:4, :12:1; src/b.c:2:2 ...]`.
const SAME_ERROR = /^\[\.\.\. the same error [\d,]+ more times?, at (.*) \.\.\.\]$/;
const POSITION = /^(\S*?)((?::\d+)+|\(\d+,\d+\)):?\s*(.*)$/;
// ... and one that differs only in the names it quotes: `[... 5 more errors like it, at: src/b.rs:59:19 \`y\`; 37:38 'window' ...]`.
const LIKE_IT = /^\[\.\.\. [\d,]+ more errors? like it, at: (.*) \.\.\.\]$/;
const QUOTED = /(['‘`"])(?:(?!\1).)*(?:\1|’)|‘[^’]*’/g;

// A line of pretty-printed JSON: `"message": "division by zero",`.
const JSON_MEMBER = /^"[^"]+":\s*("(?:[^"\\]|\\.)*"|[^,{[]+?),?$/;

/** The value of a pretty-printed JSON member line, as a table or `key: value` view writes it. */
function memberValue(line: string): string | undefined {
  const raw = JSON_MEMBER.exec(line)?.[1];
  if (raw === undefined) return undefined;
  try {
    return String(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/**
 * How many of `lines` (trimmed) the view states: verbatim; or (a diagnostic reported again) its
 * message shown once and its position listed in a "the same error" marker, or its quoted
 * names in a "like it" marker and the rest of it shown; or (a member of
 * pretty-printed JSON, which views write as tables or `key: value`) its value.
 */
export function countStated(view: string, lines: readonly string[]): number {
  const places = view.split('\n').flatMap((line) => SAME_ERROR.exec(line)?.[1]?.split(/[;,] /) ?? []);
  const listed = new Set(places.map((place) => place.replace(/^.*?((?::\d+)+|\(\d+,\d+\))$/, '$1')));
  const alike = view.split('\n').flatMap((line) => LIKE_IT.exec(line)?.[1] ?? []);
  let spaced: string | undefined;
  const squeezed = () => (spaced ??= view.replace(/\s+/g, ' '));
  return lines.filter((line) => {
    if (view.includes(line)) return true;
    // Its quoted names listed in a "like it" marker, and what it says besides them shown.
    const names = line.match(QUOTED) ?? [];
    const rest = line.replace(/^\S*?(?::\d+)+:?\s*/, '').split(QUOTED).filter((piece) => piece !== undefined && piece.trim().length >= 8 && !/^['‘`"’]$/.test(piece));
    // Compared with runs of spaces as one: a column's padding follows the longest message.
    if (names.length > 0 && alike.some((list) => list.includes(names.join(' '))) && rest.every((piece) => squeezed().includes(piece.trim().replace(/\s+/g, ' ')))) return true;
    const value = memberValue(line);
    if (value !== undefined) return view.includes(value);
    const match = POSITION.exec(line);
    return match !== null && listed.has(match[2] as string) && view.includes((match[3] as string).trim());
  }).length;
}

/** String and number leaves of a JSON value, with nested objects walked. */
function leaves(value: unknown, out: Array<string | number> = []): Array<string | number> {
  if (typeof value === 'string' && value !== '') out.push(value);
  else if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const item of value) leaves(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) leaves(item, out);
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function leafPattern(leaf: string | number): RegExp {
  // Numbers must stand alone (12 is not in 120); strings may be quoted or bare.
  return typeof leaf === 'number' ? new RegExp(`(?<![\\w.])${escape(String(leaf))}(?![\\w.])`) : new RegExp(escape(leaf));
}

/**
 * Whether a JSON record is shown in `view`, in whatever layout (pretty JSON, compact JSON,
 * a table row): its most distinctive value appears, with every other value close to it.
 */
export function recordVisible(view: string, record: unknown): boolean {
  const values = leaves(record);
  if (values.length === 0) return true;
  const anchor = [...values].sort((a, b) => String(b).length - String(a).length)[0] as string | number;
  const others = values.filter((value) => value !== anchor).map(leafPattern);
  const span = Math.max(200, JSON.stringify(record).length * 3);
  const anchorPattern = new RegExp(leafPattern(anchor).source, 'g');
  for (const match of view.matchAll(anchorPattern)) {
    const start = Math.max(0, match.index - span);
    const window = view.slice(start, match.index + span);
    if (others.every((pattern) => pattern.test(window))) return true;
  }
  return false;
}
