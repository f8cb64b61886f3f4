import { EventEmitter } from 'node:events';
import sqlite3 from 'sqlite3';
import type { Query } from './sqlite-terms.js';

/**
 * A keyv store over a SQLite file that this process may only read (a read-only file system,
 * a directory it cannot write). `@keyv/sqlite` always opens read-write, and a store in WAL
 * mode cannot be read that way without creating its `-shm` file beside it, which such a
 * directory refuses. This opens the file as `immutable`, so SQLite reads its pages as they
 * are and writes nothing; every write answers `SQLITE_READONLY`, which the pipeline takes as
 * "not stored". Pages still in a WAL (never checkpointed) are not seen.
 */
export class ReadOnlySqlite extends EventEmitter {
  // keyv iterates a store whose dialect it knows.
  readonly opts: { dialect: 'sqlite'; url: string; table: string };
  namespace?: string;
  query: Query;
  private readonly database: Promise<sqlite3.Database>;

  constructor(file: string, table: string) {
    super();
    this.opts = { dialect: 'sqlite', url: `sqlite://${file}`, table };
    const uri = `file:${encodeURI(file).replace(/\?/g, '%3F').replace(/#/g, '%23')}?immutable=1`;
    this.database = new Promise((resolve, reject) => {
      const database = new sqlite3.Database(uri, sqlite3.OPEN_READONLY | sqlite3.OPEN_URI, (error) => (error ? reject(error) : resolve(database)));
    });
    this.database.catch(() => {});
    this.query = async (sql, ...parameters) => {
      const database = await this.database;
      return new Promise((resolve, reject) => {
        database.all(sql, parameters.flat(), (error: Error | null, rows: Array<Record<string, unknown>>) => (error ? reject(error) : resolve(rows)));
      });
    };
  }

  async get(key: string): Promise<unknown> {
    const rows = await this.query(`SELECT value FROM ${this.opts.table} WHERE key = ?`, key);
    return rows[0]?.value;
  }

  async has(key: string): Promise<boolean> {
    return (await this.query(`SELECT 1 FROM ${this.opts.table} WHERE key = ?`, key)).length > 0;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.query(`INSERT INTO ${this.opts.table} (key, value) VALUES (?, ?)`, key, value);
  }

  async delete(key: string): Promise<boolean> {
    if (!(await this.has(key))) return false;
    await this.query(`DELETE FROM ${this.opts.table} WHERE key = ?`, key);
    return true;
  }

  async clear(): Promise<void> {
    await this.query(`DELETE FROM ${this.opts.table} WHERE key LIKE ?`, this.namespace === undefined ? '%' : `${this.namespace}:%`);
  }

  async *iterator(namespace?: string): AsyncGenerator<[string, unknown]> {
    const rows = await this.query(`SELECT key, value FROM ${this.opts.table} WHERE key LIKE ?`, namespace === undefined ? '%' : `${namespace}:%`);
    for (const row of rows) yield [String(row.key), row.value];
  }

  async disconnect(): Promise<void> {
    const database = await this.database.catch(() => undefined);
    if (database === undefined) return;
    await new Promise<void>((resolve) => database.close(() => resolve()));
  }
}
