import type { ToolBackend } from './backend.js';
import { LineTransport } from './line-transport.js';
import { createServer } from './server.js';

// JSON escaping can grow content (newlines become \n); leave room so a message within the
// input cap reaches our own size check instead of the SDK's buffer limit, which drops the connection.
const ESCAPING_ALLOWANCE = 4;

export interface StdioOptions {
  /** The input cap, in bytes: messages up to what it allows once escaped are read. */
  maxInputBytes: number;
  /** Called once the client has finished initializing. */
  onInitialized?: () => void;
  /** Closes the store; called once the client has gone. */
  close(): Promise<void>;
}

/**
 * Serves MCP over stdin/stdout until the client goes away or a signal arrives, then closes
 * the store cleanly. Nothing but protocol is written to stdout.
 */
export async function runStdioServer(backend: ToolBackend, options: StdioOptions): Promise<void> {
  const server = createServer(backend);
  if (options.onInitialized !== undefined) server.server.oninitialized = options.onInitialized;
  const transport = new LineTransport(process.stdin, process.stdout, options.maxInputBytes * ESCAPING_ALLOWANCE + 1024 * 1024);
  await new Promise<void>((resolve) => {
    let closing = false;
    // Closing the server closes the transport, which calls back here: the flag is set first.
    const shutdown = () => {
      if (closing) return;
      closing = true;
      void server
        .close()
        .catch(() => {})
        .then(() => options.close())
        .then(resolve);
    };
    transport.onclose = shutdown;
    process.stdin.on('end', shutdown);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, shutdown);
    void server.connect(transport);
  });
}
