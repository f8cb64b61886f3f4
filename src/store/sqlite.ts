import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { StoreError } from '../errors.js';
import type { EncodedOriginal } from './codec.js';
import { isDamage, moveAside, notAFile } from './damaged.js';
import { createKeyvOriginalStore } from './keyv-store.js';
import { readSqliteHeader } from './sqlite-header.js';
import { ReadOnlySqlite } from './read-only-sqlite.js';
import { createSqliteTermIndex, type Query, TERM_INDEX_SCHEMA } from './sqlite-terms.js';
import type { Forgotten, OriginalMeta, Storage, UsageLedger, UsageTotals } from './types.js';
import { addInto, emptyTotals } from './usage.js';

export const STORE_FILE = 'store.sqlite';

export interface SqliteStorageOptions {
  /** Directory holding `store.sqlite`; created 0700 when missing. */
  home: string;
  ttlMs: number;
  maxStoreBytes: number;
  now?: () => number;
}

/** The keyv table: blobs, metadata and tombstones, keyed `blob:ID`, `meta:ID`, `tomb:ID`. */
export const KV_TABLE = 'headroom_kv';
const USAGE_TABLE = 'headroom_usage';
// Writers from several processes wait for each other this long before giving up.
const BUSY_TIMEOUT_MS = 15_000;

const BUSY_RETRIES = 40;
const BUSY_RETRY_DELAY_MS = 50;

/** Retries `action` while SQLite answers BUSY without waiting (set-up races between processes). */
async function withBusyRetry<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAY_MS));
    }
  }
}

/** Whether `file` is a store this process can at least read. */
function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * One statement at a time on a connection. node-sqlite3 hands each statement to a libuv pool
 * thread (4 of them), where it waits for the connection's mutex: 50 concurrent calls queued
 * enough statements on two connections that every pool thread sat waiting there, among them
 * one in SQLite's busy wait for the write lock, while the statement that would release that
 * lock (the index's COMMIT, on another connection) had no thread to run on. Each wait ended
 * only at the 15 s busy timeout, and the server stopped answering. Queued here, a connection
 * holds at most one pool thread.
 */
function oneAtATime(query: Query): Query {
  let tail: Promise<unknown> = Promise.resolve();
  return (sql, ...parameters) => {
    const run = tail.then(() => query(sql, ...parameters));
    tail = run.catch(() => {});
    return run;
  };
}

function prepareFiles(home: string): string {
  const created = !existsSync(home);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (created) chmodSync(home, 0o700);
  const file = join(home, STORE_FILE);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return file;
}

/**
 * A file cut short (a copy that stopped) still opens, and fails only when a read reaches the
 * missing pages. Its header says how many pages it holds: with no WAL beside it, a file shorter
 * than that is damaged, and is reported as SQLite would. With a WAL the pages may still be in
 * it (a checkpoint that a full disk stopped half way leaves the header ahead of the file), so
 * then the file is left to SQLite.
 */
function checkLength(file: string): void {
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) return;
  // A new, empty file has no header yet; SQLite writes one with the first table.
  const header = readSqliteHeader(file);
  if (header?.pages === undefined) return;
  if (statSync(file).size < header.pages * header.pageSize) throw Object.assign(new Error(`${file} is shorter than its header says`), { code: 'SQLITE_CORRUPT' });
}

function createSqliteLedger(query: Query): UsageLedger {
  const upsert = (rows: number) => `INSERT INTO ${USAGE_TABLE} (kind, calls, tokens_in, tokens_out, retrieve_calls, tokens_retrieved)
    VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}
    ON CONFLICT(kind) DO UPDATE SET calls = calls + excluded.calls, tokens_in = tokens_in + excluded.tokens_in,
      tokens_out = tokens_out + excluded.tokens_out, retrieve_calls = retrieve_calls + excluded.retrieve_calls,
      tokens_retrieved = tokens_retrieved + excluded.tokens_retrieved`;
  return {
    async add(delta) {
      // '*' holds the totals; one row per kind holds that kind's share. Each UPSERT is atomic,
      // so concurrent processes never lose each other's counts.
      const calls = delta.calls ?? 0;
      const tokensIn = delta.tokensIn ?? 0;
      const tokensOut = delta.tokensOut ?? 0;
      const total = ['*', calls, tokensIn, tokensOut, delta.retrieveCalls ?? 0, delta.tokensRetrieved ?? 0];
      // Both rows in one statement: one commit per call, not two.
      if (delta.kind === undefined) await query(upsert(1), ...total);
      else await query(upsert(2), ...total, delta.kind, calls, tokensIn, tokensOut, 0, 0);
    },
    async totals(): Promise<UsageTotals> {
      const totals = emptyTotals();
      const rows = await query(`SELECT * FROM ${USAGE_TABLE}`);
      for (const row of rows) {
        const figures = {
          calls: Number(row.calls),
          tokensIn: Number(row.tokens_in),
          tokensOut: Number(row.tokens_out),
        };
        if (row.kind === '*') {
          addInto(totals, { ...figures, retrieveCalls: Number(row.retrieve_calls), tokensRetrieved: Number(row.tokens_retrieved) });
        } else {
          totals.byKind[String(row.kind)] = figures;
        }
      }
      return totals;
    },
  };
}

/**
 * Opens (creating when needed) the shared SQLite store: one file under `home`, WAL so that
 * MCP servers of several clients and CLI pipes can read and write it at the same time.
 */
export async function openSqliteStorage(options: SqliteStorageOptions): Promise<Storage> {
  const file = join(options.home, STORE_FILE);
  let aside: string | undefined;
  let cause = '';
  if (notAFile(file)) {
    aside = moveAside(file);
    cause = 'it was not a file';
  }
  try {
    return await openFile(options, aside === undefined ? undefined : notice(file, aside, cause));
  } catch (error) {
    if (aside !== undefined || !(error instanceof StoreError) || !isDamage(error.cause)) throw error;
    // Garbage, or a file cut short: keep it for whoever wants to look, and start a new store.
    aside = moveAside(file);
    return openFile(options, notice(file, aside, `SQLite says ${(error.cause as { code?: string }).code}`));
  }
}

function notice(file: string, aside: string, cause: string): string {
  return `the store ${file} could not be read (${cause}); it was moved to ${aside}, and a new, empty store was started. "headroom doctor --repair" copies what can still be read from it into the new one.`;
}

async function openFile({ home, ttlMs, maxStoreBytes, now = Date.now }: SqliteStorageOptions, recovered: string | undefined): Promise<Storage> {
  let file = join(home, STORE_FILE);
  // Set when the home cannot be written: the store is then opened to read what it holds.
  let readOnly: string | undefined;
  try {
    file = prepareFiles(home);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (!readable(file)) throw new StoreError('store_unavailable', `Cannot create the headroom store directory (${code}). Set HEADROOM_HOME to a writable directory, or HEADROOM_STORE=memory.`, { cause: error });
    readOnly = code;
  }
  const adapterOptions = { uri: `sqlite://${file}`, table: KV_TABLE, busyTimeout: BUSY_TIMEOUT_MS, iterationLimit: 1000 };
  type Adapter = KeyvSqlite | ReadOnlySqlite;
  const adapters: Adapter[] = [];
  const connect = async () => {
    const adapter = readOnly === undefined ? new KeyvSqlite(adapterOptions) : new ReadOnlySqlite(file, KV_TABLE);
    adapter.on('error', () => {});
    // keyv's adapter runs every statement through its `query`, so all of them are queued.
    adapter.query = oneAtATime(adapter.query as Query);
    try {
      await adapter.query('SELECT 1');
      // In WAL mode NORMAL is safe against a crash of the process (what is committed stays);
      // only a power cut can lose the last commits. FULL syncs the disk on every commit.
      if (readOnly === undefined) await adapter.query('PRAGMA synchronous=NORMAL');
    } catch (error) {
      await adapter.disconnect().catch(() => {});
      throw error;
    }
    adapters.push(adapter);
    return adapter;
  };
  let metaAdapter: Adapter;
  let blobAdapter: Adapter;
  let tombAdapter: Adapter;
  let termAdapter: Adapter;
  try {
    // One connection sets the file up before the others open: switching to WAL needs the
    // file to itself, and SQLite reports BUSY at once (no waiting) when that races.
    metaAdapter = await withBusyRetry(connect);
    const setupQuery = metaAdapter.query as Query;
    if (readOnly === undefined) {
      await withBusyRetry(() => setupQuery('PRAGMA journal_mode=WAL'));
      await withBusyRetry(() =>
        setupQuery(`CREATE TABLE IF NOT EXISTS ${USAGE_TABLE} (kind TEXT PRIMARY KEY, calls INTEGER NOT NULL DEFAULT 0,
        tokens_in INTEGER NOT NULL DEFAULT 0, tokens_out INTEGER NOT NULL DEFAULT 0,
        retrieve_calls INTEGER NOT NULL DEFAULT 0, tokens_retrieved INTEGER NOT NULL DEFAULT 0)`),
      );
      for (const statement of TERM_INDEX_SCHEMA) await withBusyRetry(() => setupQuery(statement));
    } else {
      // Reading what the file holds is the test that it is a store at all.
      await setupQuery(`SELECT count(*) FROM ${KV_TABLE}`);
    }
    checkLength(file);
    blobAdapter = await withBusyRetry(connect);
    tombAdapter = await withBusyRetry(connect);
    termAdapter = await withBusyRetry(connect);
  } catch (error) {
    await Promise.allSettled(adapters.map((adapter) => adapter.disconnect()));
    throw new StoreError('store_unavailable', `Cannot open the headroom store (${(error as { code?: string }).code ?? 'error'}). Check that HEADROOM_HOME is writable, or set HEADROOM_STORE=memory.`, { cause: error });
  }
  const blobs = new Keyv<EncodedOriginal>({ store: blobAdapter, namespace: 'blob', throwOnErrors: true });
  const metas = new Keyv<OriginalMeta>({ store: metaAdapter, namespace: 'meta', throwOnErrors: true });
  const tombstones = new Keyv<Forgotten>({ store: tombAdapter, namespace: 'tomb', throwOnErrors: true });
  // Errors surface as rejections (throwOnErrors); the listeners only stop keyv's emitter from crashing the process.
  for (const emitter of [blobs, metas, tombstones]) emitter.on('error', () => {});
  const query = metaAdapter.query as Query;
  const blobQuery = blobAdapter.query as Query;
  // One statement is atomic: the blob and its metadata are stored together or not at all.
  const putTogether = async (id: string, blob: EncodedOriginal, meta: OriginalMeta) => {
    const rows = [await blobs.serialize?.({ value: blob }), await metas.serialize?.({ value: meta })];
    await blobQuery(`INSERT INTO ${KV_TABLE} (key, value) VALUES (?, ?), (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, `blob:${id}`, rows[0], `meta:${id}`, rows[1]);
  };
  const dropOrphans = async () => {
    const gone = await blobQuery(
      `DELETE FROM ${KV_TABLE} WHERE key >= 'blob:' AND key < 'blob;' AND NOT EXISTS (SELECT 1 FROM ${KV_TABLE} AS m WHERE m.key = 'meta:' || substr(${KV_TABLE}.key, 6)) RETURNING key`,
    );
    return gone.length;
  };
  const notices = [recovered, readOnly === undefined ? undefined : `${home} cannot be written (${readOnly}): originals stored there can be retrieved and searched, new ones are not kept (views leave nothing out).`].filter((line) => line !== undefined);
  return {
    backend: 'sqlite',
    originals: createKeyvOriginalStore({ blobs, metas, tombstones, ttlMs, maxStoreBytes, now, putTogether, dropOrphans }),
    usage: createSqliteLedger(query),
    terms: createSqliteTermIndex(termAdapter.query as Query),
    ...(notices.length === 0 ? {} : { notice: notices.join(' ') }),
    close: async () => {
      // One after another: the last connection to close checkpoints the WAL into the file and
      // removes it; closed all at once, each saw the others open and none did.
      for (const adapter of adapters) await adapter.disconnect().catch(() => {});
    },
  };
}
