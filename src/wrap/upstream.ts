import { type ChildProcess, spawn } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineSplitter } from '../mcp/line-splitter.js';

/** One message as it travelled: its line exactly (when it came as a line) and its parse. */
export interface Line {
  /** The bytes as they came, for relaying unchanged; undefined for messages that came parsed. */
  raw: string | undefined;
  /** The parsed message; undefined when the line is not JSON. */
  message: Record<string, unknown> | undefined;
}

/** The server we wrap, over whatever it speaks. */
export interface Upstream {
  /** What the server is, for messages and for the source of what we store. */
  readonly label: string;
  onmessage?: (line: Line) => void;
  /** Called once when the server is gone, with the exit code to leave with. */
  onclose?: (code: number) => void;
  start(): Promise<void>;
  send(line: Line): Promise<void>;
  /** Asks the server to finish: its input is closed, and it is stopped if it lingers. */
  close(): Promise<void>;
}

/** A parsed line, or `message: undefined` when it is not a JSON object. */
export function parseLine(raw: string): Line {
  try {
    const value: unknown = JSON.parse(raw);
    return { raw, message: value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined };
  } catch {
    return { raw, message: undefined };
  }
}

// Messages from the server are relayed whatever their size; past this one is not held.
const MAX_LINE_BYTES = 512 * 1024 * 1024;
// How long a server whose input was closed may take to exit before it is sent SIGTERM.
const EXIT_GRACE_MS = 2_000;

/** A stdio server: our child, its stderr passed through to ours. */
export function stdioUpstream(command: string, args: readonly string[]): Upstream {
  let child: ChildProcess | undefined;
  let closed = false;
  const lines = new LineSplitter(MAX_LINE_BYTES);
  const upstream: Upstream = {
    label: command,
    async start() {
      child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'inherit'] });
      const finish = (code: number) => {
        if (closed) return;
        closed = true;
        upstream.onclose?.(code);
      };
      child.on('error', (error) => {
        process.stderr.write(`headroom wrap: cannot run ${command}: ${error.message}\n`);
        finish(127);
      });
      child.on('exit', (code, signal) => finish(code ?? (signal === null ? 1 : 128 + signalNumber(signal))));
      // A server that exits while we write to it: its exit is what we report.
      child.stdin?.on('error', () => {});
      child.stdout?.on('data', (chunk: Buffer) => {
        const fits = lines.push(chunk, (raw) => {
          if (raw.trim() !== '') upstream.onmessage?.(parseLine(raw));
          return true;
        });
        if (!fits) {
          process.stderr.write(`headroom wrap: ${command} sent a message over ${MAX_LINE_BYTES} bytes; stopping it.\n`);
          child?.kill('SIGTERM');
        }
      });
    },
    async send(line) {
      const stdin = child?.stdin;
      if (stdin === undefined || stdin === null || stdin.destroyed) return;
      const text = `${line.raw ?? JSON.stringify(line.message)}\n`;
      if (!stdin.write(text)) await new Promise<void>((resolve) => stdin.once('drain', resolve));
    },
    async close() {
      if (child === undefined || closed) return;
      child.stdin?.end();
      const timer = setTimeout(() => child?.kill('SIGTERM'), EXIT_GRACE_MS);
      timer.unref();
      await new Promise<void>((resolve) => (closed ? resolve() : child?.once('exit', () => resolve())));
      clearTimeout(timer);
    },
  };
  return upstream;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function signalNumber(signal: NodeJS.Signals): number {
  return SIGNALS[signal] ?? 15;
}

export interface HttpOptions {
  url: URL;
  headers: Record<string, string>;
  /** Use the old HTTP+SSE transport from the start; otherwise it is tried when Streamable HTTP is refused. */
  sse: boolean;
}

// Statuses that mean "this is not a Streamable HTTP endpoint": try the old SSE transport.
const NOT_STREAMABLE = new Set([400, 404, 405]);

/**
 * A server over Streamable HTTP (or the old HTTP+SSE transport), through the SDK's client
 * transports. Messages arrive parsed, so they are relayed as JSON with the same values.
 */
export function httpUpstream(options: HttpOptions): Upstream {
  let transport: Transport | undefined;
  let closed = false;
  const requestInit: RequestInit = { headers: options.headers };
  const finish = (code: number) => {
    if (closed) return;
    closed = true;
    upstream.onclose?.(code);
  };
  async function open(sse: boolean): Promise<Transport> {
    const next = sse
      ? new (await import('@modelcontextprotocol/sdk/client/sse.js')).SSEClientTransport(options.url, { requestInit })
      : new (await import('@modelcontextprotocol/sdk/client/streamableHttp.js')).StreamableHTTPClientTransport(options.url, { requestInit });
    next.onmessage = (message: JSONRPCMessage) => {
      // The version the two sides agreed goes in a header on every later request.
      const result = (message as { result?: { protocolVersion?: unknown } }).result;
      if (typeof result?.protocolVersion === 'string') next.setProtocolVersion?.(result.protocolVersion);
      upstream.onmessage?.({ raw: undefined, message: message as unknown as Record<string, unknown> });
    };
    next.onerror = (error: Error) => {
      if (process.env.HEADROOM_DEBUG) process.stderr.write(`headroom wrap: ${options.url.origin}: ${error.message}\n`);
    };
    next.onclose = () => {
      if (transport === next) finish(0);
    };
    await next.start();
    return next;
  }
  const upstream: Upstream = {
    label: options.url.host,
    async start() {
      transport = await open(options.sse);
    },
    async send(line) {
      if (transport === undefined || line.message === undefined) return;
      const message = line.message as unknown as JSONRPCMessage;
      try {
        await transport.send(message);
      } catch (error) {
        const status = (error as { code?: unknown }).code;
        // The first request (initialize) finds out which transport the server speaks.
        if (!options.sse && line.message.method === 'initialize' && typeof status === 'number' && NOT_STREAMABLE.has(status)) {
          const old = transport;
          transport = await open(true);
          void old.close().catch(() => {});
          await transport.send(message);
          return;
        }
        throw error;
      }
    },
    async close() {
      const current = transport;
      transport = undefined;
      await current?.close().catch(() => {});
      finish(0);
    },
  };
  return upstream;
}
