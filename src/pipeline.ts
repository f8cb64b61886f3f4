import { type Ceiling, cutToCeiling, overCeiling } from './ceiling.js';
import { stripAnsi } from './ansi.js';
import { detect } from './detect.js';
import type { ContentKind, ContentTypeOption } from './kinds.js';
import { footer, idFor, unstoredNote } from './marker.js';
import { type ChooseInput, type Chosen, chooseView } from './compressors/choose.js';
import type { OffThread } from './compressors/off-thread.js';
import type { Router } from './compressors/router.js';
import type { JsonFormat } from './compressors/types.js';
import type { Stats } from './stats.js';
import type { OriginalStore } from './store/types.js';
import { countTokens } from './tokens.js';
import type { ProgressStage } from './progress.js';

/** Inputs under this many tokens pass through: compressing them saves less than the footer costs. */
export const SMALL_INPUT_TOKENS = 200;

export interface CompressOptions {
  /** What the caller is looking for; matching lines are kept verbatim. */
  query?: string;
  /** Force a content kind instead of detecting it. Default `auto`. */
  contentType?: ContentTypeOption;
  /** Target size of the view in o200k tokens. Default: see {@link defaultBudget}. */
  maxTokens?: number;
  /** Largest default budget in o200k tokens, for a client that cuts results (an explicit `maxTokens` wins). Default none. */
  budgetCap?: number;
  /**
   * The most the client takes in one result. A view (or a passthrough) over it keeps its first
   * and last lines around a marker, even what invariant 3 would keep: past this the client
   * would show the model an error or a preview instead. Default none.
   */
  ceiling?: Ceiling;
  /** Only lossless transforms. Default false. */
  lossless?: boolean;
  /** How JSON views are written: `table`, `json` (valid JSON) or `auto` (the smaller). Default `auto`. */
  jsonFormat?: JsonFormat;
  /** Language of source code (`typescript`, `python`, `go`...); default: from the text. */
  language?: string;
  /** Told when a stage is done, for progress reports on long inputs. */
  onProgress?: (stage: ProgressStage) => void;
  /** Recorded with the original: `mcp`, `cli`, `library`... */
  source?: string;
  /** The client gave up on the call (MCP cancellation): compression stops, and the input comes back unchanged. */
  signal?: AbortSignal;
}

export interface CompressResult {
  /** Id of the stored original, for headroom_retrieve. */
  hash: string;
  contentType: ContentKind;
  /** What was done: `passthrough`, `fold`, `fold+select`... */
  strategy: string;
  originalTokens: number;
  compressedTokens: number;
  savedPercent: number;
  /** Whether the view loses nothing (passthrough and lossless folds). */
  lossless: boolean;
  /** When the stored original expires unless read again (ISO 8601). */
  expiresAt: string;
  /** The view the model reads: compressed text plus a footer, or the input unchanged. */
  text: string;
  /** False when the store could not keep the original (a full disk): the view is then lossless and `hash` names nothing retrievable. */
  stored?: false;
}

/**
 * Default view size for an input of `tokens` tokens of `kind`, in tokens:
 * - JSON: 7% of it, between 500 and 2,000 (rows repeat their structure, and the rows that
 *   matter are kept past the budget anyway);
 * - search results and listings: 10%, between 500 and 2,000 (hits and entries are
 *   independent; the rest is one retrieve query away);
 * - build and lint output, query plans, option lists, mixed outputs: 15%, between 1,000 and 3,000 (every
 *   error, every plan's top and costly nodes, each part's protected lines are kept past it;
 *   the budget decides what more is shown);
 * - other kinds: a quarter, between 1,000 and 3,000.
 * Inputs under twice the floor keep at least their floor (under it, their own size): only
 * lossless transforms apply there.
 */
export function defaultBudget(tokens: number, kind: ContentKind = 'text'): number {
  const [share, floor, cap] = BUDGETS[kind] ?? DEFAULT_SHARE;
  if (tokens <= floor * 2) return Math.min(tokens, Math.max(floor, Math.round(tokens * share)));
  return Math.min(cap, Math.max(floor, Math.round(tokens * share)));
}

type BudgetRule = readonly [share: number, floor: number, cap: number];
const DEFAULT_SHARE: BudgetRule = [0.25, 1000, 3000];
const BUDGETS: Partial<Record<ContentKind, BudgetRule>> = { json: [0.07, 500, 2000], search: [0.1, 500, 2000], listing: [0.1, 500, 2000], build: [0.15, 1000, 3000], plan: [0.15, 1000, 3000], mixed: [0.15, 1000, 3000], reference: [0.15, 1000, 3000] };

export interface PipelineDeps {
  originals: OriginalStore;
  router: Router;
  stats: Stats;
  /** The whole call's time limit, from the moment the input is in hand. */
  deadlineMs: number;
  /** Where large inputs are compressed, so that a call past its deadline can be stopped. */
  offThread?: OffThread;
}

// Inputs at least this long are compressed on the worker thread (when there is one): below it
// compressing takes milliseconds, less than handing the text over would.
const OFF_THREAD_CHARS = 64 * 1024;
// Time the worker is given past the deadline to answer for itself (its compressors check the
// deadline too) before it is stopped.
const STOP_GRACE_MS = 250;

export interface Pipeline {
  compress(text: string, options?: CompressOptions): Promise<CompressResult>;
}

/**
 * The result cut to fit a client's ceiling: the view's body (its footer set aside) keeps its
 * first and last lines around one marker, and a new footer says the view was cut.
 */
function underCeiling(result: CompressResult, ceiling: Ceiling, originalTokens: number): CompressResult {
  const passthrough = result.strategy.startsWith('passthrough');
  const lines = result.text.split('\n');
  const body = passthrough ? result.text : lines.slice(0, -1).join('\n');
  const end = footer({ id: result.hash, omitted: 'view cut to fit the client' });
  const cut = cutToCeiling(body, ceiling, countTokens(end), result.hash);
  const text = `${cut.text}\n${passthrough ? end : (lines[lines.length - 1] ?? end)}`;
  const compressedTokens = countTokens(text);
  return {
    ...result,
    strategy: `${passthrough ? 'head+tail' : result.strategy}+ceiling`,
    compressedTokens,
    savedPercent: Math.round((1 - compressedTokens / originalTokens) * 1000) / 10,
    lossless: false,
    text,
  };
}

// What a store that cannot write says (SQLite's codes, the file system's): a reason to answer
// without storing, not a bug.
const STORE_FAILURE = /^(?:SQLITE_(?:FULL|IOERR\w*|READONLY\w*|CANTOPEN|BUSY|LOCKED|PERM)|ENOSPC|EDQUOT|EROFS|EACCES|EPERM|EIO)$/;
const STORE_FAILURE_CAUSE: Record<string, string> = { SQLITE_FULL: 'the disk is full', ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up', EROFS: 'the store is on a read-only file system', SQLITE_READONLY: 'the store is read-only' };

/** `CODE: what it means` when `error` is a store that could not write, else undefined. */
function storeFailure(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code ?? ((error as { cause?: { code?: unknown } }).cause?.code);
  if (typeof code !== 'string' || !STORE_FAILURE.test(code)) return undefined;
  return `${code}: ${STORE_FAILURE_CAUSE[code] ?? 'the store could not write'}`;
}

/** detect -> store -> compress -> guard -> footer -> ceiling -> stats. */
export function createPipeline({ originals, router, stats, deadlineMs, offThread }: PipelineDeps): Pipeline {
  return {
    async compress(text, options = {}) {
      const started = performance.now();
      const left = () => deadlineMs - (performance.now() - started);
      // Compressors see the text without terminal colour codes; the store keeps it as it came.
      const visible = stripAnsi(text);
      const recoloured = visible !== text;
      const detected = detect(visible, options.contentType ?? 'auto');
      const originalTokens = countTokens(text);
      // Stored before any view exists: every marker we hand out is redeemable. A store that
      // cannot take it (a full disk, a read-only one) still gets an answer, but only a lossless
      // one, with a note in place of the footer: nothing is left out without a way back.
      let unstored: string | undefined;
      const meta = await originals.put({ content: text, kind: detected.kind, tokens: originalTokens, source: options.source ?? 'library' }).catch((error: unknown) => {
        unstored = storeFailure(error);
        if (unstored === undefined) throw error;
        return undefined;
      });
      options.onProgress?.('stored');
      const id = meta?.id ?? idFor(text);
      const base = { hash: id, contentType: detected.kind, originalTokens, expiresAt: new Date(meta?.expiresAt ?? Date.now()).toISOString(), ...(meta === undefined ? { stored: false as const } : {}) };
      const passthrough = (reason: string): CompressResult => ({
        ...base,
        strategy: `passthrough (${reason})`,
        compressedTokens: originalTokens,
        savedPercent: 0,
        lossless: true,
        text,
      });

      // Under the floor only lossless rewrites apply, and they come without a footer: a footer
      // would cost more than they save, and the view already says everything the input says.
      const small = originalTokens < SMALL_INPUT_TOKENS;
      const input: ChooseInput = {
        request: {
          text: visible,
          detected,
          budgetTokens: options.maxTokens ?? Math.min(defaultBudget(originalTokens, detected.kind), options.budgetCap ?? Number.POSITIVE_INFINITY),
          lossless: small || unstored !== undefined || (options.lossless ?? false),
          ...(options.query === undefined ? {} : { query: options.query }),
          ...(options.jsonFormat === undefined ? {} : { jsonFormat: options.jsonFormat }),
          ...(options.language === undefined ? {} : { language: options.language }),
        },
        deadlineMs: left(),
        id,
        ...(unstored === undefined ? {} : { unstored }),
        originalTokens,
        small,
        recoloured,
      };
      // A worker that fails (out of memory, say) fails open: the input comes back as it is.
      const chosen =
        offThread !== undefined && visible.length >= OFF_THREAD_CHARS
          ? await offThread.choose(input, left() + STOP_GRACE_MS, options.signal).catch((): Chosen => ({ reason: 'the compressor failed' }))
          : await chooseView(router, input);
      let result: CompressResult | undefined =
        chosen === 'stopped' || chosen.view === undefined
          ? undefined
          : { ...base, ...chosen.view, savedPercent: Math.round((1 - chosen.view.compressedTokens / originalTokens) * 1000) / 10 };
      const reason = chosen === 'stopped' ? (options.signal?.aborted === true ? 'cancelled' : 'deadline') : chosen.reason;
      if (unstored !== undefined) result ??= { ...passthrough('original not stored'), text: `${text}${text.endsWith('\n') ? '' : '\n'}${unstoredNote(unstored)}` };
      result ??= passthrough(reason);
      // Cutting to the ceiling drops lines: only a view whose original is stored may be cut.
      if (unstored === undefined && options.ceiling !== undefined && overCeiling(result.text, result.compressedTokens, options.ceiling)) result = underCeiling(result, options.ceiling, originalTokens);
      options.onProgress?.('compressed');
      // The counts go to the same store; one that cannot write them (a full disk) still gets its answer.
      await stats.record({ kind: result.contentType, calls: 1, tokensIn: originalTokens, tokensOut: result.compressedTokens }).catch(() => {});
      return result;
    },
  };
}
