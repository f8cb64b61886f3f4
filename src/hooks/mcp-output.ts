/** An MCP text content block. */
export interface TextBlock {
  type: 'text';
  text: string;
}

// Our own tools, under whatever name the user gave our server: their results are views or
// originals already, and must reach the model as they are.
const OWN_TOOL = /^mcp__.+__headroom_(?:compress|retrieve|stats)$/;

export function isOwnTool(toolName: string): boolean {
  return OWN_TOOL.test(toolName);
}

/**
 * The text of an MCP tool result given as its content blocks (an array, or a result object
 * with `content`), or undefined when it holds anything but text (images, audio, resources:
 * those are left alone) or is an error.
 */
export function textOfBlocks(response: unknown): string | undefined {
  const result = response !== null && typeof response === 'object' && !Array.isArray(response) ? (response as Record<string, unknown>) : undefined;
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
