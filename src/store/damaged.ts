import { existsSync, renameSync, statSync } from 'node:fs';

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

/**
 * Moves a damaged store file (and its WAL and shared-memory files) aside, never deleting it,
 * so a new store can start in its place; returns where it went.
 */
export function moveAside(file: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let aside = `${file}.damaged-${stamp}`;
  for (let attempt = 2; existsSync(aside); attempt++) aside = `${file}.damaged-${stamp}-${attempt}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${aside}${suffix}`);
  return aside;
}
