import type { TermCounts, TermIndex, TermPosting } from './types.js';

/** The term index for `HEADROOM_STORE=memory`: this process only, like the originals. */
export function createMemoryTermIndex(): TermIndex {
  const entries = new Map<string, TermCounts>();
  const byTerm = new Map<string, Set<string>>();

  function drop(id: string): void {
    const entry = entries.get(id);
    if (entry === undefined) return;
    for (const term of entry.counts.keys()) {
      const ids = byTerm.get(term);
      ids?.delete(id);
      if (ids?.size === 0) byTerm.delete(term);
    }
    entries.delete(id);
  }

  return {
    indexed: async () => new Map([...entries.values()].map((entry) => [entry.id, entry.version])),
    async add(entry) {
      drop(entry.id);
      entries.set(entry.id, { ...entry, counts: new Map(entry.counts) });
      for (const term of entry.counts.keys()) {
        const ids = byTerm.get(term) ?? new Set<string>();
        ids.add(entry.id);
        byTerm.set(term, ids);
      }
    },
    async remove(ids) {
      for (const id of ids) drop(id);
    },
    async clear() {
      entries.clear();
      byTerm.clear();
    },
    async postings(terms) {
      const found: TermPosting[] = [];
      for (const term of new Set(terms)) {
        for (const id of byTerm.get(term) ?? []) {
          const entry = entries.get(id);
          if (entry !== undefined) found.push({ id, term, count: entry.counts.get(term) ?? 0, length: entry.length });
        }
      }
      return found;
    },
    async vocabulary(prefix, minLength, maxLength) {
      return [...byTerm.keys()].filter((term) => term.startsWith(prefix) || (term.length >= minLength && term.length <= maxLength));
    },
    async totals() {
      let length = 0;
      for (const entry of entries.values()) length += entry.length;
      return { documents: entries.size, length };
    },
  };
}
