import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Headroom } from '../headroom.js';
import { createServer } from './server.js';

/**
 * Serves MCP over stdin/stdout until the client goes away or a signal arrives, then closes
 * the store cleanly. Nothing but protocol is written to stdout.
 */
export async function runStdioServer(headroom: Headroom): Promise<void> {
  const server = createServer(headroom);
  const transport = new StdioServerTransport();
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      await server.close().catch(() => {});
      await headroom.close();
    })());
  await new Promise<void>((resolve) => {
    transport.onclose = () => void shutdown().then(resolve);
    process.stdin.on('end', () => void shutdown().then(resolve));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown().then(resolve));
    void server.connect(transport);
  });
}
