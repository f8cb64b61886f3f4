import { isOwnTool, objectOf as record } from './event.js';
import { textOfBlocks } from './mcp-output.js';
import { rewrittenInput } from './shell-rewrite.js';
import type { Viewer } from './viewer.js';

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
    const updated = rewrittenInput(input.tool_input, self);
    return updated === undefined ? {} : { updated_input: updated };
  }
  if (input?.hook_event_name === 'postToolUse' && tool.startsWith('MCP:') && !isOwnTool(tool)) {
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
