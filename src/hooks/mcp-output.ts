import { objectOf } from './event.js';

/** An MCP text content block. */
export interface TextBlock {
  type: 'text';
  text: string;
}

/**
 * The text of an MCP tool result given as its content blocks (an array, or a result object
 * with `content`), or undefined when it holds anything but text (images, audio, resources:
 * those are left alone) or is an error.
 */
export function textOfBlocks(response: unknown): string | undefined {
  const result = objectOf(response);
  if (result?.isError === true) return undefined;
  const blocks = Array.isArray(response) ? response : result?.content;
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const texts: string[] = [];
  for (const block of blocks) {
    if (block === null || typeof block !== 'object' || (block as { type?: unknown }).type !== 'text') return undefined;
    const text = (block as { text?: unknown }).text;
    if (typeof text !== 'string') return undefined;
    texts.push(text);
  }
  return texts.join('\n');
}
