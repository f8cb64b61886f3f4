/**
 * What invariant 3 protects, recognised line by line: errors and their stack traces,
 * warnings, summaries. Shared by every line-oriented compressor.
 */
export const SALIENCE = ['error', 'warning', 'summary', 'plain'] as const;
export type Salience = (typeof SALIENCE)[number];

const ERROR =
  /\b(?:errors?|err!|exceptions?|fatal|panic(?:ked)?|fail(?:ed|ure|ures|ing)?|traceback|segmentation fault|core dumped|abort(?:ed)?|critical|crash(?:ed)?|denied|refused|unhandled|uncaught|timed out|timeout|assert(?:ion)?(?:error)?)\b|\bE\d{4}\b|✗|✘|×/i;
// Phrases that name an error word without reporting one ("0 errors", "error: null").
const NOT_AN_ERROR =
  /\b(?:0|no|zero|without)\s+(?:errors?|failures?|failed|exceptions?|problems?)\b|\b(?:errors?|failures?|failed|error_count|exceptions?)["']?\s*[:=]\s*(?:0|null|none|false|\[\]|\{\})(?![\w.])/gi;
const WARNING = /\b(?:warn(?:ing)?s?|deprecat(?:ed|ion)|notice)\b/i;
const SUMMARY =
  /\b\d+\s+(?:passed|failed|passing|failing|pending|skipped|errors?|warnings?|tests?|suites?|problems?|packages?|files?|vulnerabilit(?:y|ies))\b|\b(?:summary|total)\b|\b(?:done|finished|completed) in \d|\bexit(?:ed)?\s+(?:with\s+)?(?:code|status)\s+-?\d+/i;
// Continuation lines of a stack trace or multi-line error (Python, JS/Node, Java, Go, Rust).
const CONTINUATION =
  /^\s+(?:at\s|File\s"|\.\.\.\s\d+\s(?:more|common)|[\w./-]+\.(?:go|rs|py|js|ts|java):\d+)|^(?:Caused by|Traceback|goroutine \d+|\s*\d+:\s+0x)|^\s*(?:[|^~]+\s*$|-->\s)|^\s{4,}\S/;

export function salienceOf(line: string): Salience {
  const cleaned = line.replace(NOT_AN_ERROR, ' ');
  if (ERROR.test(cleaned)) return 'error';
  if (WARNING.test(line)) return 'warning';
  if (SUMMARY.test(line)) return 'summary';
  return 'plain';
}

/** Whether `line` continues the error or trace on the line(s) before it. */
export function continuesTrace(line: string): boolean {
  return CONTINUATION.test(line);
}

// The start of a new record (timestamp or level first): an error's own lines end there.
const RECORD_START = /^\W{0,3}(?:\d{4}-\d{2}-\d{2}[T ]\d|\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:|(?:TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL)\b)/;

export function startsRecord(line: string): boolean {
  return RECORD_START.test(line);
}
