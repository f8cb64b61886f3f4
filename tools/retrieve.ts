import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Headroom } from '../src/headroom.js';
import { errorResult } from '../src/mcp/tool-result.js';
import { MATCH_MODES } from '../src/search/searcher.js';
import { MAX_QUERY_CHARS } from './compress.js';

const inputSchema = {
  hash: z.string().max(64).optional().describe('Id from a headroom footer.'),
  query: z.string().max(MAX_QUERY_CHARS).optional().describe('Words to search for; without hash, searches all originals.'),
  offset: z.number().min(1).optional().describe('First line to return (1-based).'),
  limit: z.number().min(1).optional().describe('Lines to return; with query, number of hits.'),
};

const match = z.object({ hash: z.string(), location: z.string(), line: z.number() });
const outputSchema = {
  mode: z.enum(['original', 'page', 'search', 'search_all']),
  hash: z.string().optional(),
  total_lines: z.number().optional(),
  first_line: z.number().optional(),
  last_line: z.number().optional(),
  next_offset: z.number().optional(),
  match_mode: z.enum(MATCH_MODES).optional(),
  total_matches: z.number().optional(),
  matches: z.array(match).optional(),
  expires_at: z.string().optional(),
};

export function registerRetrieveTool(server: McpServer, headroom: Headroom): void {
  server.registerTool(
    'headroom_retrieve',
    {
      description:
        'Get back what a headroom view omitted: the original by hash (paged with offset/limit), the lines matching a query within it, or, with only a query, matches across all stored originals.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const answer = await headroom.retrieve({
          ...(args.hash === undefined ? {} : { hash: args.hash.trim() }),
          ...(args.query === undefined ? {} : { query: args.query }),
          ...(args.offset === undefined ? {} : { offset: args.offset }),
          ...(args.limit === undefined ? {} : { limit: args.limit }),
        });
        return {
          content: answer.blocks.map((text) => ({ type: 'text' as const, text })),
          structuredContent: { ...answer.structured },
        };
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}
