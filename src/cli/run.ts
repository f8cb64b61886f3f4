import { parseArgs } from 'node:util';
import type { ResolvedConfig } from '../config.js';
import { shellQuote } from '../run/shell-quote.js';
import { capture, type Captured } from '../run/capture.js';
import { DEFAULT_MIN_TOKENS, surelySmall } from '../shell-threshold.js';
import { agentShellLimits } from './agent-shell.js';
import { LIMIT_OPTIONS, positiveCount, UsageError } from './usage.js';

const EXIT_BAD_INPUT = 2;
// As a shell reports a command it cannot execute.
const EXIT_CANNOT_START = 126;
// The longest command line recorded as an original's source.
const MAX_SOURCE_CHARS = 200;
// What `run` holds for compressing when HEADROOM_MAX_INPUT_BYTES is not set (its default).
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;


const OPTIONS = LIMIT_OPTIONS;

interface RunRequest {
  command: { argv: string[] } | { shell: string };
  minTokens?: number;
  maxTokens?: number;
}

/** `[OPTIONS] -- CMD ARGS…` runs CMD itself; `[OPTIONS] 'CMD LINE'` runs the line through /bin/sh. */
export function parseRun(args: readonly string[]): RunRequest {
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  const { values, positionals } = parseArgs({ args: [...own], options: OPTIONS, allowPositionals: true, strict: true });
  const minTokens = positiveCount('min-tokens', values['min-tokens']);
  const maxTokens = positiveCount('max-tokens', values['max-tokens']);
  const limits = { ...(minTokens === undefined ? {} : { minTokens }), ...(maxTokens === undefined ? {} : { maxTokens }) };
  if (dashes >= 0) {
    const argv = args.slice(dashes + 1);
    if (positionals.length > 0 || argv.length === 0) throw new UsageError('run takes the command after "--": headroom run -- npm test');
    return { command: { argv }, ...limits };
  }
  if (positionals.length === 0) throw new UsageError("run needs a command: headroom run -- npm test, or headroom run 'npm test 2>&1 | tail'");
  // Several words without "--" are a command and its arguments; one is a shell command line.
  return { command: positionals.length === 1 ? { shell: positionals[0] as string } : { argv: positionals }, ...limits };
}

function commandLine(command: RunRequest['command']): string {
  const text = 'shell' in command ? command.shell : command.argv.map(shellQuote).join(' ');
  return text.length > MAX_SOURCE_CHARS ? `${text.slice(0, MAX_SOURCE_CHARS)}…` : text;
}

function passThrough(captured: Captured): void {
  for (const data of captured.output) process.stdout.write(data);
}

/**
 * `headroom run`: the command's output (stderr joined to stdout, in order) verbatim when it is
 * small, else our view with its footer (the original stored, the command line as its source). Exits with the command's
 * status. Anything that goes wrong after the command ran lets its output through unchanged.
 */
export async function runCommand(args: readonly string[]): Promise<number> {
  let request: RunRequest;
  try {
    request = parseRun(args);
  } catch (error) {
    process.stderr.write(`headroom: ${(error as Error).message.split('\n')[0]} (see headroom help run)\n`);
    return EXIT_BAD_INPUT;
  }
  // The configuration (and its validation) loads only when it matters: a size limit was set,
  // or the output is big enough to compress.
  let config: ResolvedConfig | undefined;
  const loadConfig = async () => {
    const { resolveConfig } = await import('../config.js');
    config ??= resolveConfig(process.env, {});
    return config;
  };
  let maxBytes = DEFAULT_MAX_BYTES;
  if (process.env.HEADROOM_MAX_INPUT_BYTES !== undefined) maxBytes = await loadConfig().then((loaded) => loaded.maxInputBytes, () => DEFAULT_MAX_BYTES);
  let captured: Captured;
  try {
    captured = await capture(request.command, { maxBytes });
  } catch (error) {
    process.stderr.write(`headroom run: cannot start /bin/sh (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return EXIT_CANNOT_START;
  }
  if (captured.overflowed) return captured.status;
  let view: string | undefined;
  try {
    const output = Buffer.concat(captured.output).toString('utf8');
    const agent = agentShellLimits(process.env);
    if (!surelySmall(output, request.minTokens ?? DEFAULT_MIN_TOKENS, agent?.ceiling)) {
      const [{ createHeadroom }, { shellView }] = await Promise.all([import('../headroom.js'), import('../shell-view.js')]);
      const headroom = await createHeadroom({ config: await loadConfig() });
      try {
        view = await shellView(headroom, output, {
          source: `run: ${commandLine(request.command)}`,
          ...(request.minTokens === undefined ? {} : { minTokens: request.minTokens }),
          ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
          ...(agent === undefined ? {} : { ceiling: agent.ceiling }),
          ...(agent?.viewTokens === undefined ? {} : { budgetCap: agent.viewTokens }),
        });
      } finally {
        await headroom.close();
      }
    }
  } catch {
    // The store or the compressor failed: the output is still the command's to show.
    view = undefined;
  }
  if (view === undefined) passThrough(captured);
  else process.stdout.write(view.endsWith('\n') ? view : `${view}\n`);
  return captured.status;
}
