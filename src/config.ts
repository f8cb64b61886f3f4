import { homedir, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from './errors.js';

export const STORE_BACKENDS = ['sqlite', 'memory'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;

/** Everything configurable, with units in the names and the defaults documented in the README. */
export const configSchema = z.object({
  /** Directory of the store file. Default `~/.headroom`. */
  home: z.string().min(1),
  /** `sqlite` (shared by every process, survives restarts) or `memory` (this process only). */
  store: z.enum(STORE_BACKENDS),
  /** How long an original lives after its last read. Default 24 h. */
  ttlMs: z.number().int().positive(),
  /** Total size of stored originals before least-recently-used ones are evicted. Default 512 MB. */
  maxStoreBytes: z.number().int().positive(),
  /** Largest input accepted by `compress` (content, file or stdin). Default 32 MB. */
  maxInputBytes: z.number().int().positive(),
  /** Directories `path` may read from, besides MCP roots. Default: the working directory and the OS temp dir. */
  allowedRoots: z.array(z.string()),
  /** Per-call compression deadline; past it the input is returned unchanged. Default 5000 ms. */
  deadlineMs: z.number().int().positive(),
});

export type ResolvedConfig = z.infer<typeof configSchema>;
export type ConfigOverrides = Partial<ResolvedConfig>;

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: MB, m: MB, gb: 1024 * MB, g: 1024 * MB };

/** `3600` (seconds), `90m`, `24h`, `7d`, `500ms` -> milliseconds. */
export function parseDuration(name: string, raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(raw);
  const unit = DURATION_UNITS_MS[(match?.[2] ?? 's').toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new InputError('bad_config', `${name} must be a duration such as 3600 (seconds), 90m, 24h or 7d; got "${raw}".`);
  }
  return Math.round(Number(match[1]) * unit);
}

/** `1048576`, `512MB`, `2g` -> bytes. */
export function parseSize(name: string, raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)?\s*$/i.exec(raw);
  const unit = SIZE_UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new InputError('bad_config', `${name} must be a size such as 512MB, 64kb or 1048576 (bytes); got "${raw}".`);
  }
  return Math.round(Number(match[1]) * unit);
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Reads `HEADROOM_*` variables, applies defaults and explicit overrides, and validates.
 * Throws {@link InputError} naming the variable when a value is malformed.
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): ResolvedConfig {
  const store = envValue(env, 'HEADROOM_STORE') ?? 'sqlite';
  if (!(STORE_BACKENDS as readonly string[]).includes(store)) {
    throw new InputError('bad_config', `HEADROOM_STORE must be "sqlite" or "memory"; got "${store}".`);
  }
  const ttl = envValue(env, 'HEADROOM_TTL');
  const maxStore = envValue(env, 'HEADROOM_MAX_STORE_BYTES');
  const maxInput = envValue(env, 'HEADROOM_MAX_INPUT_BYTES');
  const deadline = envValue(env, 'HEADROOM_DEADLINE_MS');
  const roots = envValue(env, 'HEADROOM_ALLOWED_ROOTS');
  const home = envValue(env, 'HEADROOM_HOME');

  const candidate = {
    home: resolve(home ?? join(homedir(), '.headroom')),
    store,
    ttlMs: ttl === undefined ? 24 * HOUR_MS : parseDuration('HEADROOM_TTL', ttl),
    maxStoreBytes: maxStore === undefined ? 512 * MB : parseSize('HEADROOM_MAX_STORE_BYTES', maxStore),
    maxInputBytes: maxInput === undefined ? 32 * MB : parseSize('HEADROOM_MAX_INPUT_BYTES', maxInput),
    allowedRoots: [
      process.cwd(),
      tmpdir(),
      ...(roots === undefined ? [] : roots.split(delimiter).filter((root) => root.trim() !== '')),
    ].map((root) => resolve(root)),
    deadlineMs: deadline === undefined ? 5000 : parseDuration('HEADROOM_DEADLINE_MS', `${deadline}ms`),
    ...overrides,
  };
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError('bad_config', `Invalid configuration at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown'}.`);
  }
  return parsed.data;
}
