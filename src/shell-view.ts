import type { Ceiling } from './ceiling.js';
import type { Headroom } from './headroom.js';
import { DEFAULT_MIN_TOKENS, surelySmall } from './shell-threshold.js';
import { countTokens } from './tokens.js';

// Our footer, as a view ends with it: output that has one is a view already.
const OUR_FOOTER = /\[headroom: [^\]\n]*headroom_retrieve hash=hr_[0-9a-f]{16}\]\s*$/;

export interface ShellViewOptions {
  /** Recorded with the original, e.g. `run: npm test` or `claude hook: Bash`. */
  source: string;
  /** Output under this many tokens is left alone. Default {@link DEFAULT_MIN_TOKENS}. */
  minTokens?: number;
  /** What the agent passes on to its model; output over it is compressed whatever its tokens. */
  ceiling?: Ceiling;
  /** Largest default view, in tokens, for an agent that cuts what it reads. */
  budgetCap?: number;
  /** Target size of the view in tokens (an explicit choice). */
  maxTokens?: number;
}

/** Whether `text` already ends with a headroom footer (never compress a view twice). */
export function isView(text: string): boolean {
  return OUR_FOOTER.test(text.slice(-400));
}

/**
 * The view an agent should read instead of a command's output, or undefined when the output
 * should reach it unchanged: it is small, it is a view already, or compressing saved nothing.
 * The original is stored first, so the view's footer can always be redeemed.
 */
export async function shellView(headroom: Headroom, output: string, options: ShellViewOptions): Promise<string | undefined> {
  if (output.trim() === '' || isView(output)) return undefined;
  const floor = options.minTokens ?? DEFAULT_MIN_TOKENS;
  if (surelySmall(output, floor, options.ceiling)) return undefined;
  const overCeiling = options.ceiling?.bytes !== undefined && Buffer.byteLength(output, 'utf8') > options.ceiling.bytes;
  if (!overCeiling && countTokens(output) < floor) return undefined;
  const result = await headroom.compress({
    content: output,
    source: options.source,
    ...(options.ceiling === undefined ? {} : { ceiling: options.ceiling }),
    ...(options.budgetCap === undefined ? {} : { budgetCap: options.budgetCap }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
  });
  if (result.strategy.startsWith('passthrough') && !overCeiling) return undefined;
  return result.text;
}
