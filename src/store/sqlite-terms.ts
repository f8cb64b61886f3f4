import type { TermIndex, TermPosting } from './types.js';

/** A statement runner on one SQLite connection (keyv's adapter `query`). */
export type Query = (sql: string, ...parameters: unknown[]) => Promise<Array<Record<string, unknown>>>;

const DOCS = 'headroom_search_docs';
const TERMS = 'headroom_search_terms';

/** The statements that create the index's tables; run once by whoever sets the file up. */
export const TERM_INDEX_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ${DOCS} (doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, length INTEGER NOT NULL)`,
  // Clustered by term, so a lookup reads only the rows of the query's terms.
  `CREATE TABLE IF NOT EXISTS ${TERMS} (term TEXT NOT NULL, doc INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS ${TERMS}_doc ON ${TERMS} (doc)`,
];

const IDS_PER_DELETE = 500;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(',');
}

/**
 * The term index in the SQLite store file, on a connection of its own so that its
 * transactions never take in another part's writes. Writes from this process run one at a
 * time; other processes wait on SQLite's busy timeout.
 */
export function createSqliteTermIndex(query: Query): TermIndex {
  let queue: Promise<unknown> = Promise.resolve();

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  }

  async function transaction(work: () => Promise<void>): Promise<void> {
    await query('BEGIN IMMEDIATE');
    try {
      await work();
      await query('COMMIT');
    } catch (error) {
      await query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async function removeIds(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += IDS_PER_DELETE) {
      const slice = ids.slice(start, start + IDS_PER_DELETE);
      const marks = placeholders(slice.length);
      await query(`DELETE FROM ${TERMS} WHERE doc IN (SELECT doc FROM ${DOCS} WHERE id IN (${marks}))`, slice);
      await query(`DELETE FROM ${DOCS} WHERE id IN (${marks})`, slice);
    }
  }

  return {
    async indexed() {
      const rows = await query(`SELECT id, version FROM ${DOCS}`);
      return new Map(rows.map((row) => [String(row.id), Number(row.version)]));
    },

    add: (entry) =>
      serial(() =>
        transaction(async () => {
          await removeIds([entry.id]);
          const [row] = await query(`INSERT INTO ${DOCS} (id, version, length) VALUES (?, ?, ?) RETURNING doc`, [entry.id, entry.version, entry.length]);
          const doc = Number(row?.doc);
          // One statement: SQLite unpacks the counts from JSON itself, far faster than bound rows.
          await query(`INSERT INTO ${TERMS} (term, doc, count) SELECT key, ?, value FROM json_each(?)`, [doc, JSON.stringify(Object.fromEntries(entry.counts))]);
        }),
      ),

    remove: (ids) => serial(() => transaction(() => removeIds(ids))),

    clear: () =>
      serial(() =>
        transaction(async () => {
          await query(`DELETE FROM ${TERMS}`);
          await query(`DELETE FROM ${DOCS}`);
        }),
      ),

    async postings(terms) {
      const unique = [...new Set(terms)];
      if (unique.length === 0) return [];
      const rows = await query(`SELECT t.term AS term, d.id AS id, t.count AS count, d.length AS length FROM ${TERMS} t JOIN ${DOCS} d ON d.doc = t.doc WHERE t.term IN (${placeholders(unique.length)})`, unique);
      return rows.map((row): TermPosting => ({ id: String(row.id), term: String(row.term), count: Number(row.count), length: Number(row.length) }));
    },

    async vocabulary(prefix, minLength, maxLength) {
      const rows = await query(`SELECT DISTINCT term FROM ${TERMS} WHERE (term >= ? AND term < ?) OR length(term) BETWEEN ? AND ?`, [prefix, `${prefix}\uffff`, minLength, maxLength]);
      return rows.map((row) => String(row.term));
    },

    async totals() {
      const [row] = await query(`SELECT count(*) AS documents, coalesce(sum(length), 0) AS length FROM ${DOCS}`);
      return { documents: Number(row?.documents ?? 0), length: Number(row?.length ?? 0) };
    },
  };
}
