import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

describe('headroom mcp on stdio starts before its store', () => {
  it('initializes and lists its tools with a store that cannot open, and each call says why', async () => {
    const root = tempDir();
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const home = join(blocker, 'home');
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: root, HEADROOM_HOME: home }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'start-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['headroom_compress', 'headroom_retrieve', 'headroom_stats']);
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = (await client.callTool({ name: 'headroom_compress', arguments: { content: 'hello\n' } })) as CallToolResult;
        expect(result.isError).toBe(true);
        expect(result.content[0]?.type === 'text' ? result.content[0].text : '').toContain('Set HEADROOM_HOME to a writable directory');
      }
      expect(stderr).toContain('headroom: Cannot create the headroom store directory');
    } finally {
      await client.close();
    }
  });
});
