import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { LineTransport } from '../../src/mcp/line-transport.js';

function open(maxLineBytes = 1024 * 1024) {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new LineTransport(input, output, maxLineBytes);
  const messages: JSONRPCMessage[] = [];
  const errors: Error[] = [];
  let closed = false;
  transport.onmessage = (message) => messages.push(message);
  transport.onerror = (error) => errors.push(error);
  transport.onclose = () => {
    closed = true;
  };
  return { input, output, transport, messages, errors, isClosed: () => closed };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the stdio line transport', () => {
  it('reads messages split across chunks and several in one chunk, in order', async () => {
    const { input, transport, messages } = open();
    await transport.start();
    const big = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'headroom_compress', arguments: { content: 'é'.repeat(200_000) } } };
    const wire = Buffer.from(`${JSON.stringify(big)}\n`, 'utf8');
    // Chunks of 1,000 bytes cut through the two-byte characters.
    for (let start = 0; start < wire.length; start += 1_000) input.write(wire.subarray(start, start + 1_000));
    input.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\r\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await turn();
    expect(messages).toEqual([big, { jsonrpc: '2.0', method: 'notifications/initialized' }, { jsonrpc: '2.0', id: 2, method: 'ping' }]);
  });

  it('reports a line that is not JSON-RPC and keeps reading', async () => {
    const { input, transport, messages, errors, isClosed } = open();
    await transport.start();
    input.write('not json\n{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    await turn();
    expect(errors).toHaveLength(1);
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 3, method: 'ping' }]);
    expect(isClosed()).toBe(false);
  });

  it('closes the connection on a line over its limit, saying why', async () => {
    const { input, transport, errors, isClosed } = open(10_000);
    await transport.start();
    input.write('x'.repeat(6_000));
    input.write('x'.repeat(6_000));
    await turn();
    expect(errors[0]?.message).toMatch(/over 10000 bytes/);
    expect(isClosed()).toBe(true);
  });

  it('writes each message as one line', async () => {
    const { output, transport } = open();
    await transport.send({ jsonrpc: '2.0', id: 4, result: {} });
    expect(output.read()?.toString()).toBe('{"jsonrpc":"2.0","id":4,"result":{}}\n');
  });
});
