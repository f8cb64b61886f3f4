import { parseArgs } from 'node:util';
import type { Headroom } from '../headroom.js';
import type { Viewer } from '../hooks/viewer.js';
import { DEFAULT_MIN_TOKENS, surelySmall } from '../shell-threshold.js';
import { relay } from '../wrap/relay.js';
import { httpUpstream, stdioUpstream, type Upstream } from '../wrap/upstream.js';
import { LIMIT_OPTIONS, positiveCount, UsageError } from './usage.js';

const EXIT_BAD_INPUT = 2;
// HEADROOM_DEADLINE_MS's default, for when the configuration cannot be read.
const DEFAULT_DEADLINE_MS = 5_000;

const OPTIONS = {
  url: { type: 'string' },
  header: { type: 'string', multiple: true },
  sse: { type: 'boolean' },
  ...LIMIT_OPTIONS,
} as const;


export interface WrapRequest {
  upstream: { argv: string[] } | { url: URL; headers: Record<string, string>; sse: boolean };
  minTokens: number;
  maxTokens?: number;
}

function headers(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of raw) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header takes "Name: value"; got "${header}".`);
    out[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  return out;
}

/** `[OPTIONS] -- CMD ARGS…` wraps a stdio server; `--url URL [--header 'K: V']… [--sse]` an HTTP one. */
export function parseWrap(args: readonly string[]): WrapRequest {
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  const { values, positionals } = parseArgs({ args: [...own], options: OPTIONS, allowPositionals: true, strict: true });
  const minTokens = positiveCount('min-tokens', values['min-tokens']) ?? DEFAULT_MIN_TOKENS;
  const maxTokens = positiveCount('max-tokens', values['max-tokens']);
  const limits = { minTokens, ...(maxTokens === undefined ? {} : { maxTokens }) };
  if (positionals.length > 0) throw new UsageError(`wrap takes the server's command after "--": headroom wrap -- npx -y @modelcontextprotocol/server-filesystem ~/src (got "${positionals[0]}")`);
  if (values.url !== undefined) {
    if (dashes >= 0) throw new UsageError('wrap takes either --url URL or a command after "--", not both.');
    let url: URL;
    try {
      url = new URL(values.url);
    } catch {
      throw new UsageError(`--url must be an http(s) URL; got "${values.url}".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL; got "${values.url}".`);
    return { upstream: { url, headers: headers(values.header ?? []), sse: values.sse ?? false }, ...limits };
  }
  if (values.header !== undefined || values.sse === true) throw new UsageError('--header and --sse go with --url.');
  const argv = dashes < 0 ? [] : args.slice(dashes + 1);
  if (argv.length === 0) throw new UsageError('wrap needs a server to run: headroom wrap -- CMD ARGS…, or headroom wrap --url URL');
  return { upstream: { argv }, ...limits };
}

/**
 * `headroom wrap`: serves MCP on stdin/stdout as the wrapped server would, relaying every
 * message unchanged except large tool results, which become views (originals in the store).
 * The store and the compressors load only when a result is big enough to need them.
 */
export async function runWrap(args: readonly string[]): Promise<number> {
  let request: WrapRequest;
  try {
    request = parseWrap(args);
  } catch (error) {
    process.stderr.write(`headroom: ${(error as Error).message.split('\n')[0]} (see headroom help wrap)\n`);
    return EXIT_BAD_INPUT;
  }
  const debug = process.env.HEADROOM_DEBUG ? (message: string) => process.stderr.write(`headroom wrap: ${message}\n`) : undefined;
  let deadlineMs = DEFAULT_DEADLINE_MS;
  let loading: Promise<Headroom> | undefined;
  const load = (): Promise<Headroom> => {
    if (loading === undefined) {
      loading = Promise.all([import('../headroom.js'), import('../config.js')]).then(([{ createHeadroom }, { resolveConfig }]) => createHeadroom({ config: resolveConfig(process.env, {}) }));
      // A store that cannot open is said once; every result then passes through.
      loading.catch((error: unknown) => process.stderr.write(`headroom wrap: results pass through uncompressed: ${(error as Error).message.split('\n')[0]}\n`));
    }
    return loading;
  };
  try {
    deadlineMs = (await import('../config.js')).resolveConfig(process.env, {}).deadlineMs;
  } catch (error) {
    process.stderr.write(`headroom wrap: ${(error as Error).message.split('\n')[0]}; results pass through uncompressed.\n`);
    loading = Promise.reject(error);
    loading.catch(() => {});
  }
  const view: Viewer = async (output, options) => {
    if (surelySmall(output, request.minTokens, undefined)) return undefined;
    const [headroom, { shellView }] = await Promise.all([load(), import('../shell-view.js')]);
    return shellView(headroom, output, { ...options, minTokens: request.minTokens, ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }) });
  };
  const target = request.upstream;
  const upstream: Upstream = 'argv' in target ? stdioUpstream(target.argv[0] as string, target.argv.slice(1)) : httpUpstream(target);
  const code = await relay({
    upstream,
    view,
    warm: () => void load().catch(() => {}),
    deadlineMs,
    input: process.stdin,
    output: process.stdout,
    ...(debug === undefined ? {} : { debug }),
  });
  if (loading !== undefined) await loading.then((headroom) => headroom.close()).catch(() => {});
  // The client may still hold our stdin open; nothing more is read from it.
  process.stdin.destroy();
  return code;
}
