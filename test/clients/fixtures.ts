import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './paths.js';

/** 72 KB of real `ls -la /usr/bin` output (about 31,000 o200k tokens). */
export const LISTING = join(REPO, 'fixtures', 'ls-la.txt');

export function copyListing(dir: string): string {
  const target = join(dir, 'ls-la.txt');
  copyFileSync(LISTING, target);
  return target;
}

export function listingText(): string {
  return readFileSync(LISTING, 'utf8');
}

// Few salient lines, so the view stays small and a test is about paging, not the log compressor.
const QUIET = ['INFO', 'INFO', 'INFO', 'DEBUG'];
/** A third warnings and errors: what invariant 3 keeps is then far past any client's limit. */
export const ALARMING = ['INFO', 'WARN', 'ERROR', 'INFO', 'DEBUG', 'INFO'];

/**
 * A deterministic application log of about `bytes` bytes: varied enough that it does not
 * fold to nothing, with a few long lines so pages may have to cut inside a line.
 */
export function generatedLog(bytes: number, levels: readonly string[] = QUIET): string {
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  const words = ['request', 'cache', 'upstream', 'retry', 'session', 'payload', 'worker', 'queue', 'shard', 'lease', 'token', 'socket'];
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n += 1) {
    const pick = () => words[Math.floor(random() * words.length)] ?? 'x';
    const level = levels[Math.floor(random() * levels.length)] ?? 'INFO';
    const ms = String(Math.floor(random() * 1000)).padStart(3, '0');
    let line = `2026-11-30T12:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.${ms}Z ${level} ${pick()}-${Math.floor(random() * 9999)} ${pick()} ${pick()} id=${Math.floor(random() * 1e9).toString(16)} took=${Math.floor(random() * 5000)}ms`;
    if (n % 997 === 500) line += ` dump=${Array.from({ length: 300 }, () => Math.floor(random() * 1e6).toString(36)).join(',')}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

export function writeGeneratedLog(dir: string, bytes: number, levels: readonly string[] = QUIET, name = 'service.log'): { path: string; text: string } {
  const text = generatedLog(bytes, levels);
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, text };
}
