import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ToolBackend } from '../src/mcp/backend.js';
import type { ClientLimits } from '../src/mcp/client-limits.js';
import { errorResult } from '../src/mcp/tool-result.js';
import { MAX_QUERY_CHARS } from './compress.js';
import { META_KEY } from './result-meta.js';

const whole = () => z.number().int().min(1).optional();

const inputSchema = {
  hash: z.string().max(64).optional().describe('Id from a headroom footer.'),
  query: z.string().max(MAX_QUERY_CHARS).optional().describe('Words to search for; without hash, searches all originals.'),
  offset: whole().describe('First line to return (1-based).'),
  limit: whole().describe('Lines to return; with query, number of hits.'),
  char_offset: whole().describe('First character of line offset, as a page note gives it.'),
};

function pageLimits(limits: ClientLimits): { pageTokens: number; pageBytes?: number } {
  return { pageTokens: limits.pageTokens, ...(limits.pageBytes === undefined ? {} : { pageBytes: limits.pageBytes }) };
}

export function registerRetrieveTool(server: McpServer, headroom: ToolBackend, limits: () => ClientLimits): void {
  server.registerTool(
    'headroom_retrieve',
    {
      description:
        'Get back what a headroom view omitted: the original by hash (paged with offset/limit), the lines matching a query within it, or, with only a query, matches across all stored originals.',
      inputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const answer = await headroom.retrieve({
          ...(args.hash === undefined ? {} : { hash: args.hash.trim() }),
          ...(args.query === undefined ? {} : { query: args.query }),
          ...(args.offset === undefined ? {} : { offset: args.offset }),
          ...(args.limit === undefined ? {} : { limit: args.limit }),
          ...(args.char_offset === undefined ? {} : { charOffset: args.char_offset }),
          ...pageLimits(limits()),
        });
        return {
          content: answer.blocks.map((text) => ({ type: 'text' as const, text })),
          _meta: { [META_KEY]: { ...answer.structured } },
        };
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}
