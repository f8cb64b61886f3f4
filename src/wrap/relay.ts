import type { Readable, Writable } from 'node:stream';
import type { Viewer } from '../hooks/viewer.js';
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';
import { limitsFor } from '../mcp/client-limits.js';
import { LineSplitter } from '../mcp/line-splitter.js';
import { compressedResult } from './result.js';
import { type Line, parseLine, type Upstream } from './upstream.js';

// Our own server's name in its `initialize` answer: its results are views already.
const OWN_SERVER = 'headroom';
// Messages from the client are requests and answers to the server's requests; one this big is refused.
const MAX_CLIENT_LINE_BYTES = 512 * 1024 * 1024;

export interface RelayOptions {
  upstream: Upstream;
  /** Turns a tool's text into our view (the original stored), or undefined to leave it. */
  view: Viewer;
  /** Called at the first `tools/call`, so the store can load while the server works. */
  warm?: () => void;
  /** A result whose compression takes longer than this reaches the client as it came. */
  deadlineMs: number;
  /** The client's side: stdin and stdout, or streams in tests. */
  input: Readable;
  output: Writable;
  /** Errors that never change what the client receives (compression failures). */
  debug?: (message: string) => void;
}

// JSON-RPC ids are strings or numbers; 1 and "1" are different requests.
function idKey(id: unknown): string {
  return JSON.stringify(id);
}

function text(line: Line): string {
  return `${line.raw ?? JSON.stringify(line.message)}\n`;
}

/**
 * Relays MCP between a client (on `input`/`output`, one message a line) and the upstream
 * server, message for message and in order, each as it came, except the results of
 * `tools/call` that {@link compressedResult} turns into views. Resolves with the exit code
 * once either side has gone: the server's own code when it exits.
 */
export function relay(options: RelayOptions): Promise<number> {
  const { upstream, output } = options;
  // Requests from the client still waiting for an answer: tools/call (by tool name) and initialize.
  const calls = new Map<string, string>();
  const initializing = new Set<string>();
  let server = upstream.label;
  let ownServer = false;
  // Who the client is (its initialize request), for what it lets through to its model.
  let client: Implementation | undefined;
  // Everything bound for the client goes through this chain, so a result being compressed
  // keeps its place: nothing the server sent after it overtakes it.
  let toClient: Promise<void> = Promise.resolve();

  const write = (chunk: string): Promise<void> =>
    new Promise<void>((resolve) => {
      if (output.write(chunk)) resolve();
      else output.once('drain', resolve);
    });
  const enqueue = (next: Promise<string> | string): void => {
    toClient = toClient.then(async () => write(await next));
  };

  async function rewritten(line: Line, message: Record<string, unknown>, tool: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => {
          options.debug?.(`${tool}: compression took over ${options.deadlineMs} ms; the result passed through`);
          resolve(undefined);
        }, options.deadlineMs);
      });
      const limits = limitsFor(client);
      const viewOptions = { source: `wrap: ${server}: ${tool}`, ceiling: limits.ceiling, ...(limits.viewTokens === undefined ? {} : { budgetCap: limits.viewTokens }) };
      const result = await Promise.race([compressedResult(message.result, viewOptions, options.view), late]);
      return result === undefined ? text(line) : `${JSON.stringify({ ...message, result })}\n`;
    } catch (error) {
      options.debug?.(`${tool}: ${(error as Error).message}; the result passed through`);
      return text(line);
    } finally {
      clearTimeout(timer);
    }
  }

  function fromServer(line: Line): void {
    const message = line.message;
    // Answers carry an id and no method; the server's own requests (sampling, elicitation,
    // roots) and notifications carry a method and pass as they came.
    if (message === undefined || 'method' in message || !('id' in message)) return enqueue(text(line));
    const key = idKey(message.id);
    if (initializing.delete(key)) {
      const info = (message.result as { serverInfo?: { name?: unknown } } | undefined)?.serverInfo;
      if (typeof info?.name === 'string' && info.name !== '') server = info.name;
      ownServer = server === OWN_SERVER;
    }
    const tool = calls.get(key);
    if (tool === undefined) return enqueue(text(line));
    calls.delete(key);
    if (ownServer || !('result' in message)) return enqueue(text(line));
    enqueue(rewritten(line, message, tool));
  }

  async function fromClient(line: Line): Promise<void> {
    const message = line.message;
    const method = message?.method;
    const request = message !== undefined && 'id' in message && typeof method === 'string';
    if (request && method === 'tools/call') {
      const name = (message.params as { name?: unknown } | undefined)?.name;
      calls.set(idKey(message.id), typeof name === 'string' ? name : '');
      options.warm?.();
    }
    if (request && method === 'initialize') {
      initializing.add(idKey(message.id));
      const info = (message.params as { clientInfo?: Implementation } | undefined)?.clientInfo;
      if (typeof info?.name === 'string') client = info;
    }
    try {
      await upstream.send(line);
    } catch (error) {
      process.stderr.write(`headroom wrap: cannot reach ${upstream.label}: ${(error as Error).message}\n`);
      // The answer the client is waiting for, so it does not wait for its own timeout.
      if (request) enqueue(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: `${upstream.label} could not be reached: ${(error as Error).message}` } })}\n`);
    }
  }

  return new Promise<number>((resolve) => {
    let clientGone = false;
    upstream.onmessage = fromServer;
    upstream.onclose = (code) => {
      void toClient.then(() => resolve(code));
    };
    const lines = new LineSplitter(MAX_CLIENT_LINE_BYTES);
    // Messages to the server are sent one after another, in the order the client wrote them,
    // once it has started.
    let toServer: Promise<void> = upstream.start().catch((error: unknown) => {
      process.stderr.write(`headroom wrap: cannot start ${upstream.label}: ${(error as Error).message}\n`);
      resolve(1);
    });
    const leave = () => {
      if (clientGone) return;
      clientGone = true;
      void toServer.then(() => upstream.close());
    };
    options.input.on('data', (chunk: Buffer) => {
      const fits = lines.push(chunk, (raw) => {
        if (raw.trim() !== '') {
          const line = parseLine(raw);
          toServer = toServer.then(() => fromClient(line));
        }
        return true;
      });
      if (!fits) {
        process.stderr.write(`headroom wrap: the client sent a message over ${MAX_CLIENT_LINE_BYTES} bytes; closing.\n`);
        leave();
      }
    });
    options.input.on('end', leave);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, leave);
  });
}
