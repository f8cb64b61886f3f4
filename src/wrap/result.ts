import type { Viewer } from '../hooks/viewer.js';
import type { ShellViewOptions } from '../shell-view.js';

/** A JSON-RPC message as it came, parsed; we read only the fields we need. */
type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function isText(block: unknown): block is { type: 'text'; text: string } {
  const value = record(block);
  return value?.type === 'text' && typeof value.text === 'string';
}

// How deep into `structuredContent` a copy of the text is looked for.
const MAX_DEPTH = 8;

/**
 * `value` with every string equal to `original` replaced by `view`, and how many were; the
 * rest is the same objects. A structured result often repeats the text in a string field
 * (`{"content": "<the file>"}` from the reference filesystem server): that copy must become
 * the view too, since Claude Code and Codex show the model the structured value, not the text.
 */
function replaced(value: unknown, original: string, view: string, depth = 0): { value: unknown; count: number } {
  if (value === original) return { value: view, count: 1 };
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return { value, count: 0 };
  let count = 0;
  const swap = (item: unknown) => {
    const next = replaced(item, original, view, depth + 1);
    count += next.count;
    return next.value;
  };
  const copy = Array.isArray(value) ? value.map(swap) : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, swap(item)]));
  return count === 0 ? { value, count } : { value: copy, count };
}

// A view the client shows inside the structured value's JSON grows by its escapes (\n, \").
const JSON_ESCAPE_ROOM = 0.85;

function inJson(options: ShellViewOptions): ShellViewOptions {
  const bytes = options.ceiling?.bytes;
  return bytes === undefined ? options : { ...options, ceiling: { ...options.ceiling, bytes: Math.floor(bytes * JSON_ESCAPE_ROOM) } };
}

/**
 * A `tools/call` result with its text blocks replaced by our view, or undefined when it is
 * to reach the client as it came: an error, no text, a view already, or small enough. The
 * text blocks are compressed together as one output (joined by newlines); the view takes the
 * first one's place, and images, audio and resources keep theirs. A `structuredContent` that
 * holds the text as a string gets the view in its place (the shape its outputSchema asks for
 * is kept); one that holds it any other way (the text is its JSON, or another rendering)
 * leaves the whole result as it came, as the structured value is what the client shows.
 */
export async function compressedResult(result: unknown, options: ShellViewOptions, view: Viewer): Promise<Json | undefined> {
  const value = record(result);
  if (value === undefined || value.isError === true || !Array.isArray(value.content)) return undefined;
  const texts = value.content.filter(isText);
  if (texts.length === 0) return undefined;
  const output = texts.map((block) => block.text).join('\n');
  const structured = value.structuredContent;
  if (structured !== undefined && replaced(structured, output, output).count === 0) return undefined;
  const text = await view(output, structured === undefined ? options : inJson(options));
  if (text === undefined) return undefined;
  const first = value.content.findIndex(isText);
  const content: unknown[] = [];
  value.content.forEach((block, index) => {
    if (index === first) content.push({ ...(block as Json), text });
    else if (!isText(block)) content.push(block);
  });
  return { ...value, content, ...(structured === undefined ? {} : { structuredContent: replaced(structured, output, text).value }) };
}
