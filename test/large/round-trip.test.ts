import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countTokens } from '../../src/tokens.js';
import { readOriginal } from '../helpers/pages.js';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const SIZE = 20 * 1024 * 1024;
// Generous: the calls take seconds; this only stops a hung server from hanging the suite.
const CALL_TIMEOUT_MS = 300_000;

let client: Client;

beforeEach(async () => {
  const home = tempDir();
  client = new Client({ name: 'large-round-trip', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, stderr: 'pipe' }));
});

afterEach(async () => {
  await client.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS })) as CallToolResult;

async function roundTrip(original: string): Promise<void> {
  const compressed = await call('headroom_compress', { content: original });
  expect(compressed.isError, JSON.stringify(compressed.content).slice(0, 500)).toBeFalsy();
  const { hash } = compressed._meta?.headroom as { hash: string };
  const { text, pages } = await readOriginal(call, hash);
  // A plain comparison: toBe on a 20 MB string builds a diff first.
  expect(text.length).toBe(original.length);
  expect(text === original).toBe(true);
  // One line longer than a page: paged by character offset, each page under the token cap.
  expect(pages.length).toBeGreaterThan(100);
  for (const page of pages.slice(0, 5)) {
    const body = page.content[0];
    expect(countTokens(body?.type === 'text' ? body.text : '')).toBeLessThanOrEqual(10_000);
  }
}

describe('20 MB single-line originals come back byte for byte through MCP', () => {
  it('20 MB of one letter on one line', async () => {
    await roundTrip('x'.repeat(SIZE));
  });

  it('20 MB of random base64 on one line', async () => {
    await roundTrip(randomBytes((SIZE / 4) * 3).toString('base64'));
  });
});
