import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const CALLS = 50;
const ROUNDS = 3;

const output = (round: number, call: number) => Array.from({ length: 4_000 }, (_, line) => `round ${round} call ${call} line ${line} value=${(line * 7_919 + call) % 10_007}`).join('\n');

describe('many concurrent calls on one server and its SQLite store', () => {
  it(`answers ${ROUNDS} rounds of ${CALLS} concurrent 200 KB compress calls, every original stored`, async () => {
    // Before statements were queued per connection, the second or third round stalled for
    // good: node-sqlite3's pool threads all waited on a lock whose holder had no thread left.
    const home = tempDir();
    const client = new Client({ name: 'concurrency-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, stderr: 'pipe' }));
    try {
      const hashes: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const results = await Promise.all(
          Array.from({ length: CALLS }, (_, call) => client.callTool({ name: 'headroom_compress', arguments: { content: output(round, call) } }, undefined, { timeout: 30_000 }) as Promise<CallToolResult>),
        );
        for (const result of results) {
          expect(result.isError).toBeFalsy();
          hashes.push((result._meta?.headroom as { hash: string }).hash);
        }
      }
      expect(new Set(hashes).size).toBe(ROUNDS * CALLS);
      const stats = (await client.callTool({ name: 'headroom_stats', arguments: {} })) as CallToolResult;
      // No count was lost to a failed write either.
      expect(stats.content[0]?.type === 'text' ? stats.content[0].text : '').toContain(`all time: ${ROUNDS * CALLS} compress calls`);
      expect(stats.content[0]?.type === 'text' ? stats.content[0].text : '').toContain(`${ROUNDS * CALLS} originals`);
      const back = (await client.callTool({ name: 'headroom_retrieve', arguments: { hash: hashes[75] ?? '', offset: 3_999, limit: 2 } })) as CallToolResult;
      expect(back.content[0]?.type === 'text' ? back.content[0].text : '').toBe(`${output(1, 25).split('\n').slice(3_998).join('\n')}`);
    } finally {
      await client.close();
    }
  });
});
