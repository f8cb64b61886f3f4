import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Headroom } from '../src/headroom.js';
import { errorResult } from '../src/mcp/tool-result.js';
import type { UsageFigures } from '../src/stats.js';

// Figures are flat number maps (field names in the README) to keep the schema small.
const figures = z.record(z.string(), z.number());

const outputSchema = {
  tokenizer: z.string(),
  session: figures,
  all_time: figures,
  by_type: z.record(z.string(), figures),
  store: z.object({ backend: z.string(), entries: z.number(), bytes: z.number() }),
};

function line(label: string, f: UsageFigures): string {
  return `${label}: ${f.compress_calls} compress calls, ${f.tokens_in} -> ${f.tokens_out} tokens (${f.tokens_saved} saved), ${f.tokens_retrieved} retrieved back in ${f.retrieve_calls} calls, net ${f.net_saved} saved (${f.net_saved_percent}%)`;
}

export function registerStatsTool(server: McpServer, headroom: Headroom): void {
  server.registerTool(
    'headroom_stats',
    {
      description: 'Tokens saved by headroom this session and all time, net of what was retrieved back, with store size.',
      inputSchema: {},
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const report = await headroom.stats();
        const text = [
          line('session', report.session),
          line('all time', report.all_time),
          `store: ${report.store.backend}, ${report.store.entries} originals, ${report.store.bytes} bytes; tokenizer ${report.tokenizer}`,
        ].join('\n');
        return { content: [{ type: 'text', text }], structuredContent: { ...report } };
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}
