import { closeSync, openSync, readSync } from 'node:fs';

/** What a SQLite file's 100-byte header says of its length. */
export interface SqliteHeader {
  pageSize: number;
  /** Pages the file should hold, when the header's count is valid; undefined otherwise. */
  pages: number | undefined;
}

/** The header of the SQLite file at `file`, or undefined when the file is shorter than one. */
export function readSqliteHeader(file: string): SqliteHeader | undefined {
  const header = Buffer.alloc(100);
  const descriptor = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(descriptor, header, 0, 100, 0);
  } finally {
    closeSync(descriptor);
  }
  if (read < 100) return undefined;
  const pageSize = header.readUInt16BE(16) === 1 ? 65_536 : header.readUInt16BE(16);
  // The page count is valid only when the "version-valid-for" number matches the change counter.
  const valid = header.readUInt32BE(92) === header.readUInt32BE(24) && pageSize >= 512 && (pageSize & (pageSize - 1)) === 0;
  return { pageSize, pages: valid ? header.readUInt32BE(28) : undefined };
}
