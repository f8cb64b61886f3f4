import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { countTokens } from '../../src/tokens.js';
import type { BenchContext, Section } from '../context.js';
import { median, timeAsync } from '../measure.js';
import { markdownTable, ms, percent } from '../table.js';

const FILESYSTEM = 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js';

interface Call {
  label: string;
  tool: string;
  args: (root: string) => Record<string, unknown>;
}

/** Real calls an agent makes, on this package's own files and the machine's /usr/bin. */
const CALLS: readonly Call[] = [
  { label: 'read_text_file fixtures/app-log.txt (dpkg log)', tool: 'read_text_file', args: (root) => ({ path: join(root, 'fixtures/app-log.txt') }) },
  { label: 'read_text_file fixtures/source-express-response.js', tool: 'read_text_file', args: (root) => ({ path: join(root, 'fixtures/source-express-response.js') }) },
  { label: 'read_text_file fixtures/npm-ls.json', tool: 'read_text_file', args: (root) => ({ path: join(root, 'fixtures/npm-ls.json') }) },
  { label: 'read_text_file README.md', tool: 'read_text_file', args: (root) => ({ path: join(root, 'README.md') }) },
  { label: 'directory_tree src', tool: 'directory_tree', args: (root) => ({ path: join(root, 'src') }) },
  { label: 'list_directory /usr/bin', tool: 'list_directory', args: () => ({ path: '/usr/bin' }) },
  { label: 'read_text_file package.json (small)', tool: 'read_text_file', args: (root) => ({ path: join(root, 'package.json') }) },
];

interface ToolAnswer {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: unknown;
}

/** What Claude Code and Codex show the model of a result: its structuredContent when it has one, else its text. */
function shown(answer: ToolAnswer): string {
  if (answer.structuredContent !== undefined) return JSON.stringify(answer.structuredContent);
  return (answer.content ?? []).map((block) => block.text ?? '').join('\n');
}

async function connect(command: string, args: string[], env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'headroom-bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, env, stderr: 'ignore' }));
  return client;
}

/**
 * `headroom wrap` in front of the reference filesystem server: the tokens the model is shown
 * for real reads and listings with and without it, and what the relay adds to a call.
 */
export async function wrapSection(context: BenchContext): Promise<Section> {
  const server = join(context.root, FILESYSTEM);
  if (!existsSync(server)) return { title: 'headroom wrap', body: `Not run: ${FILESYSTEM} is a devDependency and is not installed.` };
  const bin = join(context.root, 'dist', 'src', 'cli', 'main.js');
  const home = mkdtempSync(join(tmpdir(), 'headroom-bench-wrap-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home };
  const roots = [context.root, '/usr/bin'];
  const direct = await connect(process.execPath, [server, ...roots], env);
  const wrapped = await connect(process.execPath, [bin, 'wrap', '--', process.execPath, server, ...roots], env);
  try {
    const rows: Array<Array<string | number>> = [];
    let before = 0;
    let after = 0;
    for (const call of CALLS) {
      context.progress(`wrap: ${call.label}`);
      const request = { name: call.tool, arguments: call.args(context.root) };
      const plain = countTokens(shown((await direct.callTool(request)) as ToolAnswer));
      const viewed = countTokens(shown((await wrapped.callTool(request)) as ToolAnswer));
      before += plain;
      after += viewed;
      rows.push([`\`${call.label}\``, plain, viewed, percent(viewed, plain)]);
    }
    rows.push(['**all**', before, after, percent(after, before)]);

    const runs = context.quick ? 5 : 20;
    const timing = async (client: Client, call: Call) => median(await timeAsync(() => client.callTool({ name: call.tool, arguments: call.args(context.root) }), runs));
    const small = CALLS[CALLS.length - 1] as Call;
    const large = CALLS[0] as Call;
    const latency: Array<Array<string>> = [];
    for (const [label, call] of [
      ['small result (package.json, passes unchanged)', small],
      ['large result (app-log.txt, compressed)', large],
    ] as const) {
      context.progress(`wrap: timing ${label}`);
      const plainMs = await timing(direct, call);
      const wrappedMs = await timing(wrapped, call);
      latency.push([label, ms(plainMs), ms(wrappedMs), ms(wrappedMs - plainMs)]);
    }
    const body = [
      'The reference filesystem server (`@modelcontextprotocol/server-filesystem`, a devDependency) reading this package\'s own files, called directly and through `headroom wrap`. Tokens (o200k) are of what Claude Code and Codex show the model: the result\'s `structuredContent` as JSON (this server gives every tool an outputSchema), with the wrapper\'s view in place of the text.',
      '',
      markdownTable(['call', 'tokens direct', 'tokens wrapped', 'saved'], rows),
      '',
      `Time per call over MCP stdio, median of ${runs} after one warm-up (the wrapper's store and compressors already loaded):`,
      '',
      markdownTable(['call', 'direct', 'wrapped', 'added'], latency),
    ].join('\n');
    return { title: 'headroom wrap', body };
  } finally {
    await Promise.allSettled([direct.close(), wrapped.close()]);
    rmSync(home, { recursive: true, force: true });
  }
}
