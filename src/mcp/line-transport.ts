import type { Readable, Writable } from 'node:stream';
import { deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineSplitter } from './line-splitter.js';

/**
 * MCP's stdio framing (one JSON-RPC message a line) over a readable and a writable stream.
 * The SDK's own stdio transport joins the buffer with every chunk it reads, which is
 * quadratic: a 20 MB `headroom_compress` argument took 13 s of copying before it was parsed.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly lines: LineSplitter;
  private started = false;
  private drained: Promise<void> | undefined;
  private closed = false;

  private readonly input: Readable;
  private readonly output: Writable;
  /** A line longer than this is refused, and the connection closed, as the SDK's transport does. */
  private readonly maxLineBytes: number;

  constructor(input: Readable, output: Writable, maxLineBytes: number) {
    this.input = input;
    this.output = output;
    this.maxLineBytes = maxLineBytes;
    this.lines = new LineSplitter(maxLineBytes);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('LineTransport already started');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onStreamError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.output.write(serializeMessage(message))) return;
    // Many answers at once share one wait, rather than one 'drain' listener each.
    this.drained ??= new Promise<void>((resolve) =>
      this.output.once('drain', () => {
        this.drained = undefined;
        resolve();
      }),
    );
    await this.drained;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onStreamError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.lines.clear();
    this.onclose?.();
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onData = (chunk: Buffer | string): void => {
    const fits = this.lines.push(chunk, (line) => {
      this.deliver(line.replace(/\r$/, ''));
      return !this.closed;
    });
    if (fits) return;
    this.onerror?.(new Error(`A message over ${this.maxLineBytes} bytes arrived; the connection is closed.`));
    void this.close();
  };

  private deliver(line: string): void {
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch (error) {
      // A line that is not a JSON-RPC message is reported and skipped; the connection stays.
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onmessage?.(message);
  }
}
