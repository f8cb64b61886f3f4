import { textOfBlocks } from './mcp-output.js';
import { shouldWrap, wrappedCommandLine } from './shell-rewrite.js';
import type { Viewer } from './viewer.js';

// Our own tools as Cursor names them (MCP:<tool>): their results reach the model as they are.
const OWN_TOOL = /^MCP:headroom_(?:compress|retrieve|stats)$/;

const record = (value: unknown): Record<string, unknown> | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/**
 * Cursor's hooks (cursor.com/docs/hooks): `preToolUse` for its Shell tool rewrites the
 * command to run through `headroom run` (Shell output cannot be replaced after it ran);
 * `postToolUse` for MCP tools replaces a large text result with our view. Cursor blocks a
 * pre-tool call whose hook prints no valid JSON, so the answer is `{}` when nothing changes,
 * never nothing; and no `permission` is set, so nothing is approved that would have been asked.
 */
export async function cursorHook(event: unknown, view: Viewer, self: readonly string[]): Promise<object> {
  const input = record(event);
  const tool = typeof input?.tool_name === 'string' ? input.tool_name : '';
  if (input?.hook_event_name === 'preToolUse' && tool === 'Shell') {
    const toolInput = record(input.tool_input);
    const command = toolInput?.command;
    if (typeof command !== 'string' || !shouldWrap(command)) return {};
    return { updated_input: { ...toolInput, command: wrappedCommandLine(command, self) } };
  }
  if (input?.hook_event_name === 'postToolUse' && tool.startsWith('MCP:') && !OWN_TOOL.test(tool)) {
    // tool_output is the result as a JSON string.
    let result: unknown = input.tool_output;
    if (typeof result === 'string') {
      try {
        result = JSON.parse(result);
      } catch {
        return {};
      }
    }
    const text = textOfBlocks(result);
    if (text === undefined) return {};
    const shown = await view(text, { source: `cursor hook: ${tool}` });
    return shown === undefined ? {} : { updated_mcp_tool_output: { content: [{ type: 'text', text: shown }] } };
  }
  return {};
}
