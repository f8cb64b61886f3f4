import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idFor } from '../marker.js';
import { countTokens } from '../tokens.js';
import { decodeOriginal, type EncodedOriginal } from './codec.js';
import { ReadOnlySqlite } from './read-only-sqlite.js';
import { KV_TABLE } from './sqlite.js';
import { readSqliteHeader } from './sqlite-header.js';
import type { Query } from './sqlite-terms.js';
import type { OriginalMeta, OriginalStore } from './types.js';

// Unreadable row numbers are stepped over one by one this many times, then in doubling steps
// (a lost interior page hides a long run of rows) until a step reaches past any real store.
const SINGLE_STEPS = 64;
const DOUBLING_STEPS = 40;

/** What one damaged file gave back. */
export interface Salvaged {
  file: string;
  /** Originals whose bytes were read whole and whose hash matched. */
  recovered: number;
  /** Originals named in the file whose bytes could not be read or did not match their hash. */
  lost: number;
  /** Set when nothing in the file could be read at all (not a SQLite file, say). */
  unreadable?: string;
}

/**
 * A copy of `file` SQLite will open: a file cut short still says in its header how many pages
 * it had, and SQLite then refuses even its first page. The copy is padded with zeros to that
 * length: the pages that are really there read as before, the missing ones fail one by one.
 */
function readableCopy(file: string, directory: string): string {
  const copy = join(directory, 'copy.sqlite');
  copyFileSync(file, copy);
  const header = readSqliteHeader(copy);
  if (header?.pages !== undefined && statSync(copy).size < header.pages * header.pageSize) truncateSync(copy, header.pages * header.pageSize);
  return copy;
}

/** Row numbers and keys in table order, stepping over the rows whose pages are gone. */
async function* rowKeys(query: Query): AsyncGenerator<{ at: number; key: string }> {
  // The last row number, when the page that holds it is still there.
  const last = await query(`SELECT max(rowid) AS last FROM ${KV_TABLE}`).then(([row]) => Number(row?.last ?? 0), () => Number.POSITIVE_INFINITY);
  let after = 0;
  let misses = 0;
  while (misses < SINGLE_STEPS + DOUBLING_STEPS && after < last) {
    let row: Record<string, unknown> | undefined;
    try {
      [row] = await query(`SELECT rowid AS at, key FROM ${KV_TABLE} WHERE rowid > ? ORDER BY rowid LIMIT 1`, after);
    } catch {
      after += misses < SINGLE_STEPS ? 1 : 2 ** (misses - SINGLE_STEPS + 1);
      misses++;
      continue;
    }
    if (row === undefined) return;
    misses = 0;
    after = Number(row.at);
    yield { at: after, key: String(row.key) };
  }
}

async function valueAt(query: Query, at: number): Promise<unknown> {
  try {
    const [row] = await query(`SELECT value FROM ${KV_TABLE} WHERE rowid = ?`, at);
    return row === undefined ? undefined : JSON.parse(String(row.value))?.value;
  } catch {
    return undefined;
  }
}

function decoded(value: unknown): string | undefined {
  const encoded = value as Partial<EncodedOriginal> | undefined;
  if (typeof encoded?.data !== 'string' || (encoded.encoding !== 'utf8+deflate' && encoded.encoding !== 'utf16le+deflate')) return undefined;
  try {
    return decodeOriginal(encoded as EncodedOriginal);
  } catch {
    return undefined;
  }
}

/**
 * Reads what can still be read from a damaged store file and puts each original whose bytes
 * hash to its id (so it is exactly what was stored) into `into`. The file is only read: the
 * work is done on a temporary copy.
 */
export async function salvage(file: string, into: OriginalStore): Promise<Salvaged> {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-repair-'));
  let database: ReadOnlySqlite | undefined;
  try {
    try {
      database = new ReadOnlySqlite(readableCopy(file, directory), KV_TABLE);
      await database.query('SELECT count(*) FROM sqlite_schema');
    } catch (error) {
      return { file, recovered: 0, lost: 0, unreadable: (error as { code?: string }).code ?? 'error' };
    }
    const metas = new Map<string, number>();
    const blobs = new Map<string, number>();
    for await (const { at, key } of rowKeys(database.query)) {
      if (key.startsWith('meta:')) metas.set(key.slice(5), at);
      else if (key.startsWith('blob:')) blobs.set(key.slice(5), at);
    }
    let recovered = 0;
    let lost = 0;
    for (const id of new Set([...blobs.keys(), ...metas.keys()])) {
      const blobAt = blobs.get(id);
      const content = blobAt === undefined ? undefined : decoded(await valueAt(database.query, blobAt));
      if (content === undefined || idFor(content) !== id) {
        lost++;
        continue;
      }
      const metaAt = metas.get(id);
      const meta = (metaAt === undefined ? undefined : await valueAt(database.query, metaAt)) as Partial<OriginalMeta> | undefined;
      await into.put({ content, kind: meta?.kind ?? 'text', tokens: meta?.tokens ?? countTokens(content), source: meta?.source ?? 'repair' });
      recovered++;
    }
    return { file, recovered, lost };
  } finally {
    await database?.disconnect();
    rmSync(directory, { recursive: true, force: true });
  }
}
