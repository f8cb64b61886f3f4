import type { ContentKind, ContentTypeOption } from './kinds.js';
import { splitLines } from './lines.js';
import { type Segment, segment } from './compressors/mixed/segment.js';
import { OPTION_LINE } from './compressors/reference.js';

/** The result of looking at the input once; downstream parts never re-sniff or re-parse. */
export type Detected =
  | { kind: 'json'; value: unknown; format: 'json' | 'ndjson' }
  | { kind: 'mixed'; segments: Segment[] }
  | { kind: Exclude<ContentKind, 'json' | 'mixed'> };

type TextKind = Exclude<ContentKind, 'json' | 'mixed'>;
// Kinds whose structure spans the whole output (a test run's summary names the failures above
// it; a diff's hunks belong to its file headers; a source file's data literal is still source):
// such an output is not cut into parts.
const WHOLE: ReadonlySet<ContentKind> = new Set(['test', 'build', 'diff', 'html', 'code']);

const SAMPLE_LINES = 400;
const SAMPLE_CHARS = 64 * 1024;

const TEST_PATTERNS = [
  /^\s*(?:✓|✔|✗|✘|×|√)\s+\S/,
  /^\s*Test Files\s+\d+/,
  /^\s*Tests:?\s+\d+\s+(?:passed|failed)/,
  /^(?:PASS|FAIL)\s+\S+\.(?:[jt]sx?|py)\b/,
  /^=+ .*\b(?:passed|failed|error)\b.* in [\d.]+s/,
  /^--- (?:PASS|FAIL): /,
  /^(?:not )?ok \d+ /,
  /^test result: (?:ok|FAILED)\./,
  /^Tests run: \d+, Failures: \d+/,
  /^\s*\d+ (?:passing|failing|pending)\b/,
];
const BUILD_PATTERNS = [
  /\berror TS\d{4,5}:/,
  /^\S+\(\d+,\d+\): (?:error|warning)\b/,
  /^\S+:\d+:\d+: (?:fatal )?(?:error|warning)\b/,
  /^\S+\.\w+:\d+: (?:error|warning): /,
  /^(?:error|warning)(?:\[E\d{4}\])?: /,
  /^npm (?:ERR!|error|warn)\b/,
  /^\s*✖ \d+ problems?\b/,
  /^\s+\d+:\d+\s+(?:error|warning)\s+/,
];
const LOG_LINE =
  /^(?:npm (?:verbose|info|http|timing|sill|silly|notice|warn|error)\b)|^\W{0,3}(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}|\[\d+(?:\.\d+)?\])|\b(?:TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL|CRITICAL)\b/;
// path:line: or path-line- (context); the path has a letter, dot or slash, and an ISO
// timestamp (2026-11-20T13:00:01) is not a path even though it has a letter and colons.
const SEARCH_LINE = /^(?!\W{0,3}\d{4}-\d{2}-\d{2}[T ]\d)(?=[^\s:]*[A-Za-z_./])[^\s:]{1,300}[:-]\d+[:-]/;
const HEADING_ROW = /^\d+[:-]/;
// git diff --stat: ` src/a.ts | 12 ++++--` and the closing ` 3 files changed, ...`.
const DIFF_STAT_LINE = /^ \S.*\|\s+(?:\d+ [+-]*|Bin \d+ -> \d+ bytes)$|^ \d+ files? changed\b/;
const GIT_COMMIT = /^commit [0-9a-f]{40}\b/;
// npm ls, tree: box-drawing branches.
const TREE_LINE = /^[│├└|`\s-]*(?:├──|└──|├─┬|└─┬|\+--|\\--|`--|\|--) /;
const LS_LINE = /^[-dlcbps][rwxsStT-]{9}[.@+]?\s+\d+/;
const PATH_LINE = /^(?:\.{0,2}\/|[\w@.-]+\/)[^\s]*$/;
const CODE_LINE =
  /[;{]\s*$|^\s*(?:\/\/|\/\*|\*\s|\*\/|#\s|@\w+|(?:elif|else|try|except|finally|with|async|await|raise|yield|self\.|this\.)\b|(?:if|for|while|def|class)\b.*:\s*$)|^\s*(?:import\s|export\s|from\s+\S+\s+import\s|def\s+\w+\(|class\s+\w+|function\b|const\s+\w+\s*=|let\s+\w+|var\s+\w+|package\s+[\w.]+;?$|#include\s|use\s+[\w:]+;|fn\s+\w+|pub\s+(?:fn|struct|enum)|public\s|private\s|return\b|if\s*\(|for\s*\(|}\s*$|\w+\s*\(.*\)\s*[{;]\s*$)/;
// A field of a record stanza (`dpkg -s`, `apt-cache show`): `Installed-Size: 686`.
const RECORD_FIELD = /^[A-Za-z][\w.-]*(?: [\w.-]+)?:(?:\s|$)/;
// A node of a PostgreSQL plan: `Seq Scan on orders  (cost=0.00..23929.00 rows=11275 width=14)`.
const PLAN_NODE = /\(cost=[\d.]+\.\.[\d.]+ rows=\d+ width=\d+\)/;
// A line of pretty-printed JSON (`"key": {`): it ends like code but is data.
const JSON_LINE = /^\s*"(?:[^"\\]|\\.)*"\s*:/;
const MARKDOWN_LINE = /^(?:#{1,6}\s+\S|```|\s*[-*+]\s+\S|\s*\d+\.\s+\S|>\s|\|.*\|\s*$)|\[[^\]]+\]\([^)]+\)/;

function fraction(lines: readonly string[], pattern: RegExp): number {
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const line of lines) if (pattern.test(line)) hits++;
  return hits / lines.length;
}

/** Share of `lines` that look like source code and not like pretty-printed JSON. */
function codeFraction(lines: readonly string[]): number {
  let hits = 0;
  for (const line of lines) if (CODE_LINE.test(line) && !JSON_LINE.test(line)) hits++;
  return lines.length === 0 ? 0 : hits / lines.length;
}

function countMatching(lines: readonly string[], patterns: readonly RegExp[]): number {
  let hits = 0;
  for (const line of lines) if (patterns.some((p) => p.test(line))) hits++;
  return hits;
}

function parseJson(text: string): Detected | undefined {
  const trimmed = text.trim();
  const first = trimmed[0];
  if (first === '{' || first === '[') {
    try {
      return { kind: 'json', value: JSON.parse(trimmed) as unknown, format: 'json' };
    } catch {
      // fall through: may be NDJSON
    }
  }
  if (first !== '{') return undefined;
  const rows = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (rows.length < 2) return undefined;
  try {
    return { kind: 'json', value: rows.map((row) => JSON.parse(row) as unknown), format: 'ndjson' };
  } catch {
    return undefined;
  }
}

/** Stanzas of `Key: value` fields (with indented continuations), at least three, separated by blank lines. */
function looksLikeRecords(sample: string, lines: readonly string[]): boolean {
  if (fraction(lines, RECORD_FIELD) < 0.5) return false;
  let fieldsOrContinued = 0;
  for (const line of lines) if (RECORD_FIELD.test(line) || /^\s/.test(line)) fieldsOrContinued++;
  return fieldsOrContinued >= lines.length * 0.9 && sample.split(/\n[ \t]*\n/, 4).length >= 3;
}

function looksTabular(lines: readonly string[]): boolean {
  if (lines.length < 3) return false;
  for (const separator of [',', '\t', ';', '|']) {
    const counts = lines.map((line) => line.split(separator).length - 1);
    const head = counts[0] ?? 0;
    if (head < 1) continue;
    if (counts.filter((c) => c === head).length / counts.length >= 0.9) return true;
  }
  return false;
}

function detectText(text: string): TextKind {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const lines = sample
    .split(/\r?\n/, SAMPLE_LINES)
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) return 'text';

  if (/^\s*(?:<!doctype html|<html[\s>])/i.test(sample) || fraction(lines, /<\/?(?:div|p|span|a|li|td|body|head)\b[^>]*>/i) > 0.3) {
    return 'html';
  }
  if (lines.some((line) => line.startsWith('diff --git ')) || (/^--- \S/m.test(sample) && /^\+\+\+ \S/m.test(sample) && /^@@ -\d+/m.test(sample))) {
    return 'diff';
  }
  // A dependency tree first: npm ls ends with `npm error` lines when something is missing.
  if (fraction(lines, TREE_LINE) >= 0.5) return 'listing';
  if (lines.some((line) => line.trim() === 'QUERY PLAN') && countMatching(lines, [PLAN_NODE]) >= 2) return 'plan';
  if (countMatching(lines, TEST_PATTERNS) >= Math.max(2, lines.length * 0.05)) return 'test';
  if (countMatching(lines, BUILD_PATTERNS) >= Math.max(1, lines.length * 0.05)) return 'build';
  if (fraction(lines, SEARCH_LINE) >= 0.6) return 'search';
  // rg --heading: a path alone, then `12:text` lines under it.
  if (fraction(lines, HEADING_ROW) >= 0.6 && lines.some((line) => PATH_LINE.test(line))) return 'search';
  if (fraction(lines, DIFF_STAT_LINE) >= 0.5) return 'diff';
  if (lines.some((line) => GIT_COMMIT.test(line)) && lines.some((line) => line.startsWith('Author: '))) return 'log';
  if (looksLikeRecords(sample, lines)) return 'records';
  if (fraction(lines, LS_LINE) >= 0.5 || fraction(lines, PATH_LINE) >= 0.8) return 'listing';
  if (fraction(lines, OPTION_LINE) >= 0.25) return 'reference';
  if (fraction(lines, LOG_LINE) >= 0.3) return 'log';
  if (codeFraction(lines) >= 0.25) return 'code';
  if (fraction(lines, MARKDOWN_LINE) >= 0.15) return 'markdown';
  if (looksTabular(lines)) return 'table';
  return 'text';
}

/**
 * Decides what the content is, once. An explicit `contentType` wins; `json` that does not
 * parse is treated as text rather than rejected (truncated JSON is common in tool output).
 */
export function detect(text: string, contentType: ContentTypeOption = 'auto'): Detected {
  if (contentType === 'json') return parseJson(text) ?? { kind: 'text' };
  if (contentType === 'mixed') return mixed(text) ?? { kind: 'text' };
  if (contentType !== 'auto') return { kind: contentType };
  const json = parseJson(text);
  if (json?.kind === 'json' && json.format === 'ndjson' && isRipgrepJson(json.value)) return { kind: 'search' };
  if (json !== undefined) return json;
  const kind = detectText(text);
  return (WHOLE.has(kind) ? undefined : mixed(text)) ?? { kind };
}

/** The input as parts of several kinds, when it holds several outputs (see segment.ts). */
function mixed(text: string): Detected | undefined {
  const segments = segment(text, splitLines(text).lines, detectText);
  return segments === undefined ? undefined : { kind: 'mixed', segments };
}

/** `rg --json` prints one event per line, starting with `{"type":"begin","data":{"path":...}}`: search results, not data. */
function isRipgrepJson(rows: unknown): boolean {
  const first = Array.isArray(rows) ? (rows[0] as { type?: unknown; data?: { path?: unknown } } | undefined) : undefined;
  return first?.type === 'begin' && typeof first.data?.path === 'object';
}
