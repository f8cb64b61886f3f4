import { TOKENIZER } from './tokens.js';
import type { OriginalStore, UsageDelta, UsageLedger, UsageTotals } from './store/types.js';
import { addInto, emptyTotals } from './store/usage.js';

/** Figures for one scope (this session, or all time), in o200k tokens. */
export interface UsageFigures {
  compress_calls: number;
  tokens_in: number;
  tokens_out: number;
  tokens_saved: number;
  retrieve_calls: number;
  /** Tokens handed back by headroom_retrieve; they count against the savings. */
  tokens_retrieved: number;
  net_saved: number;
  /** net_saved as a share of tokens_in. */
  net_saved_percent: number;
}

export type KindFigures = Record<string, { calls: number; tokens_in: number; tokens_out: number; saved_percent: number }>;

export interface StatsReport {
  tokenizer: string;
  session: UsageFigures;
  all_time: UsageFigures;
  /** All-time figures per content type. */
  by_type: KindFigures;
  store: { backend: string; entries: number; bytes: number };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

function figures(totals: UsageTotals): UsageFigures {
  const saved = totals.tokensIn - totals.tokensOut;
  const net = saved - totals.tokensRetrieved;
  return {
    compress_calls: totals.calls,
    tokens_in: totals.tokensIn,
    tokens_out: totals.tokensOut,
    tokens_saved: saved,
    retrieve_calls: totals.retrieveCalls,
    tokens_retrieved: totals.tokensRetrieved,
    net_saved: net,
    net_saved_percent: percent(net, totals.tokensIn),
  };
}

function kindFigures(totals: UsageTotals): KindFigures {
  return Object.fromEntries(
    Object.entries(totals.byKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, row]) => [kind, { calls: row.calls, tokens_in: row.tokensIn, tokens_out: row.tokensOut, saved_percent: percent(row.tokensIn - row.tokensOut, row.tokensIn) }]),
  );
}

export interface Stats {
  record(delta: UsageDelta): Promise<void>;
  report(): Promise<StatsReport>;
}

/** Session figures live in this process; all-time figures in the ledger every process shares. */
export function createStats(ledger: UsageLedger, originals: OriginalStore, backend: string): Stats {
  const session = emptyTotals();
  return {
    async record(delta) {
      addInto(session, delta);
      await ledger.add(delta);
    },
    async report() {
      const live = await originals.list();
      const allTime = await ledger.totals();
      return {
        tokenizer: TOKENIZER,
        session: figures(session),
        all_time: figures(allTime),
        by_type: kindFigures(allTime),
        store: { backend, entries: live.length, bytes: live.reduce((sum, meta) => sum + meta.storedBytes, 0) },
      };
    },
  };
}
