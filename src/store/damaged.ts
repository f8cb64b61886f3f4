import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// SQLite's answers for a file that is not a database, or one whose pages no longer add up.
const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** Whether opening the store failed because the file itself is damaged (not busy, not a permission). */
export function isDamage(error: unknown): boolean {
  return DAMAGED_CODES.has((error as { code?: string }).code ?? '');
}

/** Whether something that is not a file stands where the store file should be (a directory). */
export function notAFile(file: string): boolean {
  return existsSync(file) && !statSync(file).isFile();
}

const asideName = (file: string) => `${file}.damaged-`;

/** The damaged copies of `file` moved aside beside it (their `-wal` / `-shm` companions not listed). */
export function movedAside(file: string): string[] {
  const prefix = basename(asideName(file));
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  return names.filter((name) => name.startsWith(prefix) && !/-(?:wal|shm)$/.test(name)).sort().map((name) => join(dirname(file), name));
}

/**
 * Moves a damaged store file (and its WAL and shared-memory files) aside, never deleting it,
 * so a new store can start in its place; returns where it went.
 */
export function moveAside(file: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let aside = `${asideName(file)}${stamp}`;
  for (let attempt = 2; existsSync(aside); attempt++) aside = `${asideName(file)}${stamp}-${attempt}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${aside}${suffix}`);
  return aside;
}
