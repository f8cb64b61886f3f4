import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { publicMessage } from '../errors.js';

/** A tool error the model can act on; unexpected errors are logged to stderr, never shown. */
export function errorResult(error: unknown): CallToolResult {
  const { message, expected } = publicMessage(error);
  if (!expected) console.error('[headroom] internal error:', error);
  return { content: [{ type: 'text', text: message }], isError: true };
}
