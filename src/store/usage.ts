import type { UsageDelta, UsageLedger, UsageTotals } from './types.js';

export function emptyTotals(): UsageTotals {
  return { calls: 0, tokensIn: 0, tokensOut: 0, retrieveCalls: 0, tokensRetrieved: 0, byKind: {} };
}

/** Adds `delta` into `totals` in place; the one place that knows how figures combine. */
export function addInto(totals: UsageTotals, delta: UsageDelta): void {
  totals.calls += delta.calls ?? 0;
  totals.tokensIn += delta.tokensIn ?? 0;
  totals.tokensOut += delta.tokensOut ?? 0;
  totals.retrieveCalls += delta.retrieveCalls ?? 0;
  totals.tokensRetrieved += delta.tokensRetrieved ?? 0;
  if (delta.kind !== undefined) {
    const row = (totals.byKind[delta.kind] ??= { calls: 0, tokensIn: 0, tokensOut: 0 });
    row.calls += delta.calls ?? 0;
    row.tokensIn += delta.tokensIn ?? 0;
    row.tokensOut += delta.tokensOut ?? 0;
  }
}

/** A ledger that lives as long as the process (`HEADROOM_STORE=memory`, and session figures). */
export function createMemoryLedger(): UsageLedger {
  const totals = emptyTotals();
  return {
    add: async (delta) => addInto(totals, delta),
    totals: async () => structuredClone(totals),
  };
}
