#!/usr/bin/env node
// A stdio MCP server whose results differ only in where their text sits (content,
// structuredContent, _meta), so the suite can record which of them reaches the model.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const empty = { type: 'object', properties: {} };
const tools = [
  { name: 'probe_struct', description: 'A result with a text block and structuredContent.', inputSchema: empty, outputSchema: { type: 'object', properties: { marker: { type: 'string' } }, required: ['marker'] } },
  { name: 'probe_text', description: 'A result with a text block only.', inputSchema: empty },
  { name: 'probe_meta', description: 'A result with a text block and _meta.', inputSchema: empty },
  { name: 'probe_blocks', description: 'A result with two text blocks.', inputSchema: empty },
  { name: 'probe_whoami', description: 'The clientInfo the client sent in initialize.', inputSchema: empty },
  { name: 'probe_big', description: 'A text result of `chars` characters.', inputSchema: { type: 'object', properties: { chars: { type: 'number' } }, required: ['chars'] } },
];

/** `chars` characters of numbered lines, so a cut shows where it happened. */
function big(chars) {
  let text = '';
  for (let line = 1; text.length < chars; line += 1) text += `probe line ${String(line).padStart(6, '0')} ${'abcdefghij'.repeat(5)}\n`;
  return text.slice(0, chars);
}

const results = {
  probe_struct: () => ({ content: [{ type: 'text', text: 'TEXT-PART' }], structuredContent: { marker: 'STRUCT-PART' } }),
  probe_text: () => ({ content: [{ type: 'text', text: 'TEXT-ONLY-PART' }] }),
  probe_meta: () => ({ content: [{ type: 'text', text: 'META-TEXT-PART' }], _meta: { marker: 'META-PART' } }),
  probe_blocks: () => ({ content: [{ type: 'text', text: 'BLOCK-ONE' }, { type: 'text', text: 'BLOCK-TWO' }] }),
  probe_whoami: () => ({ content: [{ type: 'text', text: JSON.stringify(server.getClientVersion() ?? null) }] }),
  probe_big: (args) => ({ content: [{ type: 'text', text: big(Number(args.chars)) }] }),
};

const server = new Server({ name: 'probe', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const make = results[request.params.name];
  if (make === undefined) return { content: [{ type: 'text', text: `no tool ${request.params.name}` }], isError: true };
  return make(request.params.arguments ?? {});
});
await server.connect(new StdioServerTransport());
