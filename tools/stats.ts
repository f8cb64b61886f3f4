import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolBackend } from '../src/mcp/backend.js';
import { errorResult } from '../src/mcp/tool-result.js';
import type { UsageFigures } from '../src/stats.js';
import { META_KEY } from './result-meta.js';

function line(label: string, f: UsageFigures): string {
  return `${label}: ${f.compress_calls} compress calls, ${f.tokens_in} -> ${f.tokens_out} tokens (${f.tokens_saved} saved), ${f.tokens_retrieved} retrieved back in ${f.retrieve_calls} calls, net ${f.net_saved} saved (${f.net_saved_percent}%)`;
}

export function registerStatsTool(server: McpServer, headroom: ToolBackend): void {
  server.registerTool(
    'headroom_stats',
    {
      description: 'Tokens saved by headroom this session and all time, net of what was retrieved back, with store size.',
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const report = await headroom.stats();
        const text = [
          line('session', report.session),
          line('all time', report.all_time),
          ...Object.entries(report.by_type).map(([kind, row]) => `  ${kind}: ${row.calls} calls, ${row.tokens_in} -> ${row.tokens_out} tokens (${row.saved_percent}% saved)`),
          `store: ${report.store.backend}, ${report.store.entries} originals, ${report.store.bytes} bytes; tokenizer ${report.tokenizer}`,
        ].join('\n');
        return { content: [{ type: 'text', text }], _meta: { [META_KEY]: { ...report } } };
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}
