import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { compressFields } from '../compress-fields.js';
import { agentShellLimits } from './agent-shell.js';
import { languageOfPath } from '../compressors/code/languages.js';
import { JSON_FORMATS, type JsonFormat } from '../compressors/types.js';
import { InputError, publicMessage } from '../errors.js';
import type { Headroom } from '../headroom.js';
import { CONTENT_TYPE_OPTIONS, type ContentTypeOption } from '../kinds.js';
import { resolveConfig } from '../config.js';
import { applyPlan } from '../install/apply.js';
import { describePlan, planInstall } from '../install/install.js';
import { INSTRUCTIONS } from '../install/instructions.js';
import { CLIENTS, type ClientName, placesFrom, presentClients, SCOPES, type Scope } from '../install/targets.js';
import { readStream } from '../read-input.js';
import { VERSION } from '../version.js';
import { COMMANDS, type Command, HELP } from './help.js';
import { installWrap, wrapUsageError } from './install-wrap.js';

/** Exit codes: 0 success, 1 not found or store trouble, 2 bad input. */
const EXIT_BAD_INPUT = 2;
const EXIT_FAILURE = 1;
const DEFAULT_PORT = 3333;

const OPTIONS = {
  query: { type: 'string', short: 'q' },
  type: { type: 'string', short: 't' },
  'max-tokens': { type: 'string', short: 'm' },
  offset: { type: 'string', short: 'o' },
  'char-offset': { type: 'string' },
  limit: { type: 'string', short: 'l' },
  lossless: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  language: { type: 'string' },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  transport: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  quick: { type: 'boolean' },
  scope: { type: 'string' },
  'dry-run': { type: 'boolean' },
  uninstall: { type: 'boolean' },
  wrap: { type: 'boolean' },
  unwrap: { type: 'boolean' },
  'no-instructions': { type: 'boolean' },
  'no-hooks': { type: 'boolean' },
  'print-instructions': { type: 'boolean' },
  repair: { type: 'boolean' },
  only: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new InputError('bad_option', `--${name} must be a positive whole number; got "${raw}".`);
  return value;
}

function jsonFormat(raw: string | undefined): JsonFormat | undefined {
  if (raw === undefined) return undefined;
  if (!(JSON_FORMATS as readonly string[]).includes(raw)) throw new InputError('bad_option', `--format must be one of ${JSON_FORMATS.join(', ')}; got "${raw}".`);
  return raw as JsonFormat;
}

function contentType(raw: string | undefined): ContentTypeOption | undefined {
  if (raw === undefined) return undefined;
  if (!(CONTENT_TYPE_OPTIONS as readonly string[]).includes(raw)) {
    throw new InputError('bad_option', `--type must be one of ${CONTENT_TYPE_OPTIONS.join(', ')}; got "${raw}".`);
  }
  return raw as ContentTypeOption;
}

async function readInput(file: string | undefined, maxBytes: number): Promise<string> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY) throw new InputError('no_input', 'Nothing to compress: pipe output in (some-command | headroom compress) or give a FILE.');
    return readStream(process.stdin, maxBytes, 'standard input');
  }
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new InputError('bad_path', error.code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${error.code ?? 'error'}).`);
  });
  if (info.isDirectory()) throw new InputError('not_a_file', `${file} is a directory; give a file.`);
  // Streams, so pipes and process substitution (<(cmd)) work as well as regular files.
  return readStream(createReadStream(file), maxBytes, file);
}

/** Room kept under an agent shell's ceiling for the page notes printed after a page. */
const PAGE_NOTE_BYTES = 400;

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function helpFor(topic: string | undefined): string {
  return HELP[(COMMANDS as readonly string[]).includes(topic ?? '') ? (topic as Command) : 'overview'];
}

async function run(command: Exclude<Command, 'help' | 'bench' | 'install' | 'doctor' | 'run' | 'hook' | 'wrap'>, positionals: string[], values: Values, headroom: Headroom): Promise<void> {
  switch (command) {
    case 'compress': {
      if (positionals.length > 1) throw new InputError('bad_usage', 'compress takes one FILE (or - for standard input).');
      const text = await readInput(positionals[0], headroom.config.maxInputBytes);
      const type = contentType(values.type);
      const format = jsonFormat(values.format);
      // A FILE's extension names its language, as a path given to the MCP tool does.
      const language = values.language ?? (positionals[0] === undefined ? undefined : languageOfPath(positionals[0]));
      const maxTokens = positiveInt('max-tokens', values['max-tokens']);
      // Inside an agent's shell the view must fit what that agent passes on to its model.
      const agent = agentShellLimits(process.env);
      const result = await headroom.compress({
        ...(agent === undefined ? {} : { ceiling: agent.ceiling }),
        ...(agent?.viewTokens === undefined ? {} : { budgetCap: agent.viewTokens }),
        content: text,
        source: positionals[0] === undefined || positionals[0] === '-' ? 'cli' : 'cli:file',
        ...(values.query === undefined ? {} : { query: values.query }),
        ...(type === undefined ? {} : { contentType: type }),
        ...(maxTokens === undefined ? {} : { maxTokens }),
        ...(values.lossless ? { lossless: true } : {}),
        ...(format === undefined ? {} : { jsonFormat: format }),
        ...(language === undefined ? {} : { language }),
        ...(language !== undefined && type === undefined && positionals[0] !== undefined ? { contentType: 'code' as const } : {}),
      });
      if (values.json) print(JSON.stringify({ ...compressFields(result), view: result.text }, null, 2));
      else print(result.text);
      return;
    }
    case 'retrieve':
    case 'search': {
      const [first, ...rest] = positionals;
      if (first === undefined || rest.length > 0) throw new InputError('bad_usage', command === 'retrieve' ? 'retrieve takes one HASH.' : 'search takes one QUERY (quote it if it has spaces).');
      const offset = positiveInt('offset', values.offset);
      const limit = positiveInt('limit', values.limit);
      const charOffset = positiveInt('char-offset', values['char-offset']);
      // A terminal or a file takes the whole original; an agent's shell takes a page that fits
      // what it passes on (the rest of its ceiling is room for the page note).
      const agentBytes = agentShellLimits(process.env)?.ceiling.bytes;
      const answer = await headroom.retrieve({
        ...(command === 'retrieve' ? { hash: first } : { query: first }),
        ...(command === 'retrieve' && values.query !== undefined ? { query: values.query } : {}),
        ...(offset === undefined ? {} : { offset }),
        ...(limit === undefined ? {} : { limit }),
        ...(charOffset === undefined ? {} : { charOffset }),
        pageTokens: Number.MAX_SAFE_INTEGER,
        ...(agentBytes === undefined ? {} : { pageBytes: agentBytes - PAGE_NOTE_BYTES }),
      });
      if (values.json) {
        print(JSON.stringify({ ...answer.structured, text: answer.blocks }, null, 2));
      } else if (answer.structured.mode === 'original' || answer.structured.mode === 'page') {
        // The original goes to stdout byte for byte; page notes go to stderr.
        process.stdout.write(answer.blocks[0] ?? '');
        for (const note of answer.blocks.slice(1)) process.stderr.write(`${note}\n`);
        const { next_offset: next, next_char_offset: column } = answer.structured;
        if (next !== undefined) process.stderr.write(`[headroom: in a shell: headroom retrieve ${first} --offset ${next}${column === undefined ? '' : ` --char-offset ${column}`}]\n`);
      } else {
        print(answer.blocks.join('\n'));
      }
      return;
    }
    case 'stats': {
      const report = await headroom.stats();
      if (values.json) return print(JSON.stringify(report, null, 2));
      const rows = (label: string, f: typeof report.session) =>
        `${label.padEnd(9)} ${String(f.compress_calls).padStart(6)} calls  ${String(f.tokens_in).padStart(10)} in  ${String(f.tokens_out).padStart(9)} out  ${String(f.tokens_retrieved).padStart(8)} retrieved  net ${f.net_saved} saved (${f.net_saved_percent}%)`;
      const kinds = Object.entries(report.by_type).map(([kind, row]) => `  ${kind.padEnd(9)} ${String(row.calls).padStart(6)} calls  ${String(row.tokens_in).padStart(10)} in  ${String(row.tokens_out).padStart(9)} out  (${row.saved_percent}% saved)`);
      print([rows('session', report.session), rows('all time', report.all_time), ...kinds, `store     ${report.store.backend}, ${report.store.entries} originals, ${report.store.bytes} bytes`, `tokenizer ${report.tokenizer}`].join('\n'));
      return;
    }
    case 'purge': {
      if (!values.yes) throw new InputError('bad_usage', 'purge deletes every stored original; run "headroom purge --yes" to confirm.');
      print(`Deleted ${await headroom.purge()} originals.`);
      return;
    }
    case 'mcp': {
      const transport = values.transport ?? 'stdio';
      if (transport !== 'http') throw new InputError('bad_option', `--transport must be stdio or http; got "${transport}".`);
      const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InputError('bad_option', `--port must be a port number (0-65535); got "${values.port}".`);
      const token = process.env.HEADROOM_TOKEN;
      const tokensFile = process.env.HEADROOM_TOKENS_FILE;
      const { startHttpServer } = await import('../mcp/http.js');
      const { readTokensFile } = await import('../mcp/spaces.js');
      const { createHeadroom } = await import('../headroom.js');
      const spaces = tokensFile ? readTokensFile(tokensFile) : [];
      // A space's store sits in its own directory under the home, with its own stats.
      const openSpace = (space: string) => createHeadroom({ config: { home: join(headroom.config.home, 'spaces', space) }, indexInBackground: true });
      const server = await startHttpServer(headroom, { host: values.host ?? '127.0.0.1', port, ...(token ? { token } : {}), spaces, openSpace });
      const generated = server.token !== undefined && !token ? `headroom: bearer token ${server.token} (send Authorization: Bearer <token>; set HEADROOM_TOKEN to choose it)\n` : '';
      const spaced = spaces.length > 0 ? `headroom: ${spaces.length} space(s) from ${tokensFile}, each with its own store under ${join(headroom.config.home, 'spaces')}\n` : '';
      process.stderr.write(`${generated}${spaced}headroom: MCP over HTTP at ${server.url}/mcp (Streamable HTTP) and ${server.url}/sse (legacy SSE)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('headroom: shutting down\n');
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return;
    }
  }
}

function install(positionals: string[], values: Values): number {
  if (values['print-instructions']) {
    print(INSTRUCTIONS);
    return 0;
  }
  const scope = values.scope ?? 'user';
  if (!(SCOPES as readonly string[]).includes(scope)) throw new InputError('bad_option', `--scope must be user or project; got "${scope}".`);
  if (values.wrap || values.unwrap) {
    const refused = wrapUsageError(values);
    if (refused !== undefined) throw refused;
    return installWrap(positionals, { scope: scope as Scope, unwrap: values.unwrap ?? false, dryRun: values['dry-run'] ?? false }, print);
  }
  const places = placesFrom(process.env, homedir(), process.cwd());
  const named = positionals.length === 0 ? ['all'] : positionals;
  const unknown = named.find((client) => client !== 'all' && !(CLIENTS as readonly string[]).includes(client));
  if (unknown !== undefined) throw new InputError('bad_usage', `unknown client "${unknown}"; choose from ${CLIENTS.join(', ')} or all.`);
  const clients = named.includes('all') ? presentClients(places) : (named as ClientName[]);
  if (clients.length === 0) throw new InputError('no_client', 'No MCP client found (Claude Code, Cursor, Codex); name one, e.g. "headroom install claude".');
  const config = resolveConfig(process.env, {});
  const plan = planInstall({ clients, scope: scope as Scope, uninstall: values.uninstall ?? false, instructions: !values['no-instructions'], hooks: !values['no-hooks'], home: config.home, places });
  if (values['dry-run']) {
    print(describePlan(plan));
    return 0;
  }
  const done = applyPlan(plan);
  for (const note of plan.notes) process.stderr.write(`headroom: ${note}\n`);
  print(done.length === 0 ? `Nothing to change: headroom is already ${values.uninstall ? 'out of' : 'in'} ${clients.join(', ')}.` : `${values.uninstall ? 'Removed from' : 'Installed in'} ${clients.join(', ')}: ${done.join(', ')}. Restart the client to pick it up.`);
  return 0;
}

async function doctor(values: Values): Promise<number> {
  const { repairStore, runDoctor } = await import('../install/doctor.js');
  if (values.repair) {
    await repairStore(resolveConfig(process.env, {}), print);
    return 0;
  }
  const checks = await runDoctor(resolveConfig(process.env, {}), placesFrom(process.env, homedir(), process.cwd()));
  print(checks.map((check) => (check.ok ? `ok    ${check.what}` : `FIX   ${check.what}\n      -> ${check.fix ?? ''}`)).join('\n'));
  return checks.every((check) => check.ok) ? 0 : EXIT_FAILURE;
}

/**
 * `headroom mcp` on stdio: the server answers `initialize` before the library has loaded (about
 * a second: the store, the compressors, the tokenizer), and loads it as the client finishes
 * initializing. A store that will not open fails each tool call with its message.
 */
async function serveStdio(): Promise<number> {
  let config;
  try {
    config = resolveConfig(process.env, {});
  } catch (error) {
    process.stderr.write(`headroom: ${publicMessage(error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  const [{ deferredBackend }, { runStdioServer }] = await Promise.all([import('../mcp/backend.js'), import('../mcp/stdio.js')]);
  const backend = deferredBackend(async () => {
    const { createHeadroom } = await import('../headroom.js');
    const headroom = await createHeadroom({ indexInBackground: true, warmWorker: true });
    if (headroom.storage.notice !== undefined) process.stderr.write(`headroom: ${headroom.storage.notice}\n`);
    return headroom;
  });
  const load = () => void backend.start().catch((error: unknown) => process.stderr.write(`headroom: ${publicMessage(error).message}\n`));
  await runStdioServer(backend, {
    maxInputBytes: config.maxInputBytes,
    onInitialized: load,
    close: async () => {
      const headroom = await backend.started()?.catch(() => undefined);
      await headroom?.close();
    },
  });
  return 0;
}

/** The benchmark opens no store of the user's, so it runs outside the usual set-up. */
async function bench(positionals: string[], values: Values): Promise<number> {
  // Loaded on demand: the bench pulls in workload generators nobody else needs.
  const { isBenchSection, runBench, BENCH_SECTIONS } = await import('../../bench/run.js');
  const only = values.only?.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = only?.filter((name) => !isBenchSection(name)) ?? [];
  if (positionals.length > 0 || unknown.length > 0) {
    const what = positionals.length > 0 ? `bench takes no arguments; got "${positionals[0]}"` : `unknown section "${unknown[0]}"`;
    process.stderr.write(`headroom: ${what}; sections: ${Object.keys(BENCH_SECTIONS).join(', ')} (see headroom help bench)\n`);
    return EXIT_BAD_INPUT;
  }
  await runBench({
    quick: values.quick ?? false,
    ...(only === undefined ? {} : { only: only.filter(isBenchSection) }),
    ...(values.out === undefined ? {} : { out: values.out }),
  });
  return 0;
}

/** Every command but `run`, `hook` and `wrap` (see main.ts); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`headroom: ${(error as Error).message.split('\n')[0]} (see headroom --help)\n`);
    return EXIT_BAD_INPUT;
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.version) {
    print(VERSION);
    return 0;
  }
  if (name === undefined || name === 'help' || values.help) {
    print(helpFor(name === 'help' ? rest[0] : name));
    // A bare "headroom" is a usage mistake; asking for help is not.
    return name === undefined && !values.help ? EXIT_BAD_INPUT : 0;
  }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    process.stderr.write(`headroom: unknown command "${name}"; commands: ${COMMANDS.join(', ')} (see headroom --help)\n`);
    return EXIT_BAD_INPUT;
  }
  if (name === 'bench') return bench(rest, values);
  if (name === 'install' || name === 'doctor') {
    try {
      return name === 'install' ? install(rest, values) : await doctor(values);
    } catch (error) {
      process.stderr.write(`headroom: ${(error as Error).message}\n`);
      return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }
  }
  if (name === 'mcp' && (values.transport ?? 'stdio') === 'stdio') return serveStdio();
  let headroom: Headroom | undefined;
  try {
    // Loaded here, not at the top: help, install and doctor need none of the store or the compressors.
    const { createHeadroom } = await import('../headroom.js');
    headroom = await createHeadroom({ indexInBackground: name === 'mcp', warmWorker: name === 'mcp' });
    if (headroom.storage.notice !== undefined) process.stderr.write(`headroom: ${headroom.storage.notice}\n`);
    await run(name as Exclude<Command, 'help' | 'bench' | 'install' | 'doctor' | 'run' | 'hook' | 'wrap'>, rest, values, headroom);
    return 0;
  } catch (error) {
    const { message, expected } = publicMessage(error);
    if (!expected) console.error(error);
    process.stderr.write(`headroom: ${message}\n`);
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
  } finally {
    // The servers close the store themselves when they stop.
    if (name !== 'mcp') await headroom?.close();
  }
}

