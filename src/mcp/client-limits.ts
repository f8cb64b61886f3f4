import type { Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { Ceiling } from '../ceiling.js';
import { DEFAULT_PAGE_TOKENS } from '../page-size.js';

/** What one MCP client lets through to its model, so every result fits it. */
export interface ClientLimits {
  /** Largest retrieve page, in o200k tokens. */
  pageTokens: number;
  /** Largest retrieve page in UTF-8 bytes, where the client cuts by size. */
  pageBytes?: number;
  /** Largest default view, in o200k tokens (an explicit max_tokens still wins). */
  viewTokens?: number;
  /** The most one compress result may hold; past it the view is cut around a marker. */
  ceiling: Ceiling;
}

// Measured with the real clients (test/clients records them and fails when they change):
// - Claude Code replaces an MCP result over 25,000 tokens with a "saved to a file" error, so
//   pages stay well below it, leaving room for the note and the client's own counting.
// - Codex keeps about 12,000 characters of any tool result (head and tail) for a model it does
//   not know, so pages there stop at 10,000 bytes, and default views at 2,000 tokens.
const BY_CLIENT: ReadonlyArray<{ name: RegExp; limits: ClientLimits }> = [
  { name: /^claude-code$/i, limits: { pageTokens: 20_000, ceiling: { tokens: 20_000 } } },
  { name: /^codex/i, limits: { pageTokens: 10_000, pageBytes: 10_000, viewTokens: 2_000, ceiling: { bytes: 10_000 } } },
];

/** The limits for the client that sent `initialize`; a conservative default for others. */
export function limitsFor(client: Implementation | undefined): ClientLimits {
  const known = BY_CLIENT.find((entry) => client !== undefined && entry.name.test(client.name));
  return known?.limits ?? { pageTokens: DEFAULT_PAGE_TOKENS, ceiling: { tokens: 20_000 } };
}
