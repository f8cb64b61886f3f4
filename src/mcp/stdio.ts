import type { Headroom } from '../headroom.js';
import { LineTransport } from './line-transport.js';
import { createServer } from './server.js';

// JSON escaping can grow content (newlines become \n); leave room so a message within the
// input cap reaches our own size check instead of the SDK's buffer limit, which drops the connection.
const ESCAPING_ALLOWANCE = 4;

/**
 * Serves MCP over stdin/stdout until the client goes away or a signal arrives, then closes
 * the store cleanly. Nothing but protocol is written to stdout.
 */
export async function runStdioServer(headroom: Headroom): Promise<void> {
  const server = createServer(headroom);
  const transport = new LineTransport(process.stdin, process.stdout, headroom.config.maxInputBytes * ESCAPING_ALLOWANCE + 1024 * 1024);
  await new Promise<void>((resolve) => {
    let closing = false;
    // Closing the server closes the transport, which calls back here: the flag is set first.
    const shutdown = () => {
      if (closing) return;
      closing = true;
      void server
        .close()
        .catch(() => {})
        .then(() => headroom.close())
        .then(resolve);
    };
    transport.onclose = shutdown;
    process.stdin.on('end', shutdown);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, shutdown);
    void server.connect(transport);
  });
}
