import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCompressTool } from '../../tools/compress.js';
import { registerRetrieveTool } from '../../tools/retrieve.js';
import { registerStatsTool } from '../../tools/stats.js';
import type { ToolBackend } from './backend.js';
import { VERSION } from '../version.js';
import { limitsFor } from './client-limits.js';
import { createRootsTracker } from './roots.js';

const INSTRUCTIONS =
  'Large tool output costs context. Save it to a file and call headroom_compress {path, query}, or pipe it through `headroom compress`. Views end with a footer naming a hash; headroom_retrieve with that hash (and a query, or offset/limit) returns anything omitted.';

/** An MCP server with the three headroom tools; the caller connects a transport. */
export function createServer(headroom: ToolBackend): McpServer {
  const server = new McpServer({ name: 'headroom', version: VERSION }, { instructions: INSTRUCTIONS });
  const roots = createRootsTracker(server.server);
  const limits = () => limitsFor(server.server.getClientVersion());
  registerCompressTool(server, headroom, roots, limits);
  registerRetrieveTool(server, headroom, limits);
  registerStatsTool(server, headroom);
  return server;
}
