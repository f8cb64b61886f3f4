/**
 * Compiler and linter output as diagnostics: where each one starts, what it is (severity and
 * rule), and the lines under it (code frame, notes, help). One parser for the formats agents
 * read: gcc/clang/javac/go `path:line[:col]: severity: message`, tsc `path(line,col)`, rustc
 * and cargo `error[E0308]: message` blocks with their `--> path:line:col`, and eslint's
 * stylish rows under a file's path. Pure and linear.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** 0-based line of its first line, and one past its last detail line. */
  start: number;
  end: number;
  severity: Severity;
  /** What repeats across diagnostics of one kind: a rule or code (`no-var`, `E0308`, `-Wsign-compare`, `[rawtypes]`), else the message with its variable parts masked. */
  rule: string;
  /** For stylish rows: the line naming the file, which precedes them. */
  fileLine?: number;
  /** Where it is (`src/a.ts:3:4`, `12:5` in a stylish file) and what it says without that: the same `message` twice is one error reported twice. */
  position: string;
  message: string;
}

export interface Diagnostics {
  diagnostics: Diagnostic[];
  /** Lines that only give context to the diagnostic after them (`file.cpp: In function ‘f’:`, `In file included from`). */
  context: Set<number>;
  /** Closing summaries (`144 errors`, `✖ 1131 problems`, `error: could not compile`). */
  summaries: number[];
}

const PAREN = /^([^\s(][^(]*?\(\d+,\d+\)): (?:fatal )?(error|warning)\b(.*)$/;
const COLON = /^([^\s:][^:]*?:\d+(?::\d+)?)(?::| -) (?:fatal )?(error|warning):? (.*)$/;
const RUSTC = /^(error|warning)(\[E\d{4}\])?: (.*)$/;
const STYLISH_ROW = /^\s+(\d+:\d+)\s+(error|warning)\s+(.*?)\s{2,}(\S+)\s*$/;
const RUSTC_LOCATION = /^\s*--> (\S+)/;
const JAVAC_SYMBOL = /^\s+symbol:\s/;
/** Detail lines that tell one occurrence from another: rustc's `--> path:line:col`, javac's `symbol:`. */
export const IDENTIFYING_DETAIL = /^\s*--> \S|^\s+symbol:\s/;
const SYSTEM_PATH = /^\/usr\/(?:include|lib|local\/include)\//;
const STYLISH_FILE = /^(?:[A-Za-z]:)?[/\\]?[^\s:]+\.\w+$/;
const CONTEXT = /^\S[^:]*: (?:In (?:function|member function|static member function|constructor|destructor|instantiation|substitution)\b|At (?:global|top level))|^In file included from |^\s+from \S+[:,]$/;
/** A closing summary line of a compiler or linter. */
export const BUILD_SUMMARY =
  /^(?:\d+ (?:errors?|warnings?)(?: generated\.?)?$|Found \d+ errors?|✖ \d+ problems?|\s*\d+ errors? and \d+ warnings? potentially fixable|error: could not compile|warning: `[^`]+` \(.*\) generated \d+ warnings?|Some errors have detailed explanations|For more information about (?:an|this) error|make(?:\[\d+\])?: \*\*\*|compilation terminated\.)/;
// A trailing rule tag: gcc's `[-Wsign-compare]`, javac's leading `[rawtypes]`.
const GCC_FLAG = /\[(-W[\w=+-]+|-fpermissive)\]\s*$/;
const JAVAC_LINT = /^(\[[\w-]+\]) /;

const QUOTED = /(['‘`"])(?:(?!\1).)*(?:\1|’)|‘[^’]*’/g;

/** The names a message quotes (`undefined_value`, 'module', ‘std::map<…>’), in order. */
export function quotedNames(message: string): string[] {
  return message.match(QUOTED) ?? [];
}

/** The message with what varies between occurrences (names in quotes, numbers) masked. */
export function messageShape(message: string): string {
  return message
    .replace(/(['‘`"])(?:(?!\1).)*(?:\1|’)/g, '‹›')
    .replace(/‘[^’]*’/g, '‹›')
    .replace(/\d+/g, 'N')
    .slice(0, 120);
}

function ruleOf(message: string, code?: string): string {
  if (code !== undefined) return code.slice(1, -1);
  const flag = GCC_FLAG.exec(message);
  if (flag) return flag[1] as string;
  const lint = JAVAC_LINT.exec(message);
  if (lint) return lint[1] as string;
  return messageShape(message);
}

interface Start {
  severity: Severity;
  rule: string;
  position: string;
  message: string;
  /** A stylish row is one line; the others own the lines under them. */
  block: 'lines' | 'row';
}

function startOf(line: string, next: string): Start | undefined {
  const row = STYLISH_ROW.exec(line);
  if (row) return { severity: row[2] as Severity, rule: row[4] as string, position: row[1] as string, message: `${row[3] as string} ${row[4] as string}`, block: 'row' };
  const rustc = RUSTC.exec(line);
  if (rustc) return { severity: rustc[1] as Severity, rule: ruleOf(rustc[3] as string, rustc[2]), position: RUSTC_LOCATION.exec(next)?.[1] ?? '', message: line, block: 'lines' };
  const match = PAREN.exec(line) ?? COLON.exec(line);
  if (match) {
    const message = match[3] as string;
    const code = /^ ?(TS\d+):/.exec(message);
    return { severity: match[2] as Severity, rule: code ? (code[1] as string) : ruleOf(message), position: match[1] as string, message: `${match[2] as string}: ${message.trim()}`, block: 'lines' };
  }
  return undefined;
}

export function parseDiagnostics(lines: readonly string[]): Diagnostics {
  const diagnostics: Diagnostic[] = [];
  const context = new Set<number>();
  const summaries: number[] = [];
  let open: (Diagnostic & { block: Start['block'] }) | undefined;
  let fileLine: number | undefined;
  const close = (end: number) => {
    if (open === undefined) return;
    const { block: _block, ...diagnostic } = open;
    // javac names what it could not find on a line of its own: part of what the error says.
    let message = diagnostic.message;
    for (let i = diagnostic.start + 1; i < end; i++) if (JAVAC_SYMBOL.test(lines[i] ?? '')) message += ` ${(lines[i] ?? '').trim()}`;
    diagnostics.push({ ...diagnostic, message, end });
    open = undefined;
  };
  // Context lines wait for what follows them: before a new diagnostic they are its context;
  // inside an error's chain through system headers they are part of that error.
  let pending: number[] = [];
  const settle = (end: number) => {
    close(pending[0] ?? end);
    for (const index of pending) context.add(index);
    pending = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (BUILD_SUMMARY.test(line)) {
      settle(i);
      summaries.push(i);
      continue;
    }
    const start = startOf(line, lines[i + 1] ?? '');
    if (start !== undefined && open !== undefined && SYSTEM_PATH.test(start.position)) {
      // g++ reporting inside the standard library what an error of the caller's code set off.
      pending = [];
      continue;
    }
    if (start !== undefined) {
      settle(i);
      const file = start.block === 'row' && fileLine !== undefined ? { fileLine, message: `${fileLine} ${start.message}` } : {};
      open = { start: i, end: i + 1, severity: start.severity, rule: start.rule, position: start.position, message: start.message, block: start.block, ...file };
      if (start.block === 'row') close(i + 1);
      continue;
    }
    if (CONTEXT.test(line)) {
      pending.push(i);
      continue;
    }
    if (STYLISH_FILE.test(line)) {
      settle(i);
      fileLine = i;
      continue;
    }
    // A blank line ends a diagnostic's lines (a rustc block's, a tsc --pretty frame's).
    if (line.trim() === '') settle(i);
    else if (open !== undefined) pending = [];
  }
  settle(lines.length);
  return { diagnostics, context, summaries };
}
