import { formatCount } from './marker.js';
import { countTokens } from './tokens.js';

/**
 * The most a client takes in one result. Past it the client does worse than any cut of ours:
 * Claude Code replaces an MCP result over 25,000 tokens with an error and Bash output over
 * 30,000 characters with a 2 KB preview; Codex keeps about 12,000 characters of a tool result.
 */
export interface Ceiling {
  /** o200k tokens. */
  tokens?: number;
  /** UTF-8 bytes. */
  bytes?: number;
}

// Of the room under the ceiling, the head gets this share and the tail the rest (less the marker):
// a run's first lines say what it was, its last lines how it ended.
const HEAD_SHARE = 0.6;
const MARKER_ROOM = 60;

export function overCeiling(text: string, tokens: number, ceiling: Ceiling): boolean {
  return (ceiling.tokens !== undefined && tokens > ceiling.tokens) || (ceiling.bytes !== undefined && Buffer.byteLength(text) > ceiling.bytes);
}

/** Whole lines from one end of `lines` while they fit both limits. */
function takeLines(lines: readonly string[], fromEnd: boolean, tokens: number, bytes: number, stopAt: number): number {
  let count = 0;
  let usedTokens = 0;
  let usedBytes = 0;
  while (count < stopAt) {
    const line = lines[fromEnd ? lines.length - 1 - count : count] ?? '';
    const lineTokens = countTokens(`${line}\n`);
    const lineBytes = Buffer.byteLength(line) + 1;
    if (usedTokens + lineTokens > tokens || usedBytes + lineBytes > bytes) break;
    usedTokens += lineTokens;
    usedBytes += lineBytes;
    count++;
  }
  return count;
}

/**
 * `body` cut to fit under `ceiling` (with room left for a footer of `footerTokens`): its first
 * and last lines, and one marker in between that says how many lines of the view were left out
 * and where to find them. Counts only the lines it keeps, so a huge body costs little.
 */
export function cutToCeiling(body: string, ceiling: Ceiling, footerTokens: number, hash: string): { text: string; omittedLines: number } {
  const lines = body.split('\n');
  const room = (ceiling.tokens ?? Number.POSITIVE_INFINITY) - footerTokens - MARKER_ROOM;
  const roomBytes = (ceiling.bytes ?? Number.POSITIVE_INFINITY) - footerTokens * 8 - MARKER_ROOM * 4;
  const head = takeLines(lines, false, room * HEAD_SHARE, roomBytes * HEAD_SHARE, lines.length);
  const tail = takeLines(lines, true, room * (1 - HEAD_SHARE), roomBytes * (1 - HEAD_SHARE), lines.length - head);
  const omitted = lines.length - head - tail;
  const marker = `[... ${formatCount(omitted)} lines of this view omitted (view lines ${formatCount(head + 1)}-${formatCount(head + omitted)}) to fit the client's limit; search them: headroom_retrieve hash=${hash} query=<words> ...]`;
  return { text: [...lines.slice(0, head), marker, ...lines.slice(lines.length - tail)].join('\n'), omittedLines: omitted };
}
