/** A usage mistake on a command an agent runs (`run`, `wrap`), said in one line. */
export class UsageError extends Error {}

/** `--min-tokens` and `--max-tokens`, as `run` and `wrap` take them. */
export const LIMIT_OPTIONS = {
  'min-tokens': { type: 'string' },
  'max-tokens': { type: 'string', short: 'm' },
} as const;

/** A positive whole number option, or undefined when it was not given. */
export function positiveCount(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--${name} must be a positive whole number; got "${raw}".`);
  return value;
}
