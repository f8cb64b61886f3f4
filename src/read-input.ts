import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from './errors.js';

const MB = 1024 * 1024;

function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/**
 * Bytes -> text, refusing what is not UTF-8 text, because the original must round-trip
 * byte for byte. A byte-order mark is kept as part of the content.
 */
export function decodeText(bytes: Uint8Array, what: string): string {
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) {
    throw new InputError('binary_input', `${what} looks binary (it contains NUL bytes); headroom compresses text only.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError('not_utf8', `${what} is not valid UTF-8 text; convert it first (for example with iconv -t UTF-8).`);
  }
}

/** Throws when `text` is over the input cap. */
export function checkInputSize(bytes: number, maxBytes: number, what: string): void {
  if (bytes > maxBytes) {
    throw new InputError('too_large', `${what} is ${formatMb(bytes)}; the limit is ${formatMb(maxBytes)} (HEADROOM_MAX_INPUT_BYTES). Split it, or filter it first (grep, tail).`);
  }
}

function within(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function realRoots(roots: readonly string[]): Promise<string[]> {
  const resolved = await Promise.all(roots.map((root) => realpath(root).catch(() => undefined)));
  return resolved.filter((root): root is string => root !== undefined);
}

/**
 * Reads a text file for `headroom_compress {path}`: symlinks resolved, confined to `roots`,
 * regular files only (no devices or FIFOs: opened non-blocking and checked on the open
 * descriptor), at most `maxBytes`.
 */
export async function readAllowedFile(path: string, roots: readonly string[], maxBytes: number): Promise<string> {
  if (path.trim() === '' || path.includes('\0')) throw new InputError('bad_path', 'path must be a non-empty file path.');
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('bad_path', code === 'ENOENT' ? `No such file: ${path}. Check the path, or pass the text as content.` : `Cannot resolve ${path} (${code ?? 'error'}).`);
  }
  const allowed = await realRoots(roots);
  if (!allowed.some((root) => within(root, real))) {
    throw new InputError(
      'path_not_allowed',
      `${path} is outside the allowed roots (${allowed.join(', ')}). Save the output under one of them, or add its directory to HEADROOM_ALLOWED_ROOTS.`,
    );
  }
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError('bad_path', `Cannot open ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const what = info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device';
      throw new InputError('not_a_file', `${path} is ${what}; give the path of a regular file.`);
    }
    checkInputSize(info.size, maxBytes, path);
    return decodeText(await handle.readFile(), path);
  } finally {
    await handle.close();
  }
}

/** Reads a whole stream (stdin, a pipe) as text, refusing more than `maxBytes`. */
export async function readStream(stream: AsyncIterable<Buffer | string>, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    checkInputSize(total, maxBytes, what);
    chunks.push(bytes);
  }
  return decodeText(Buffer.concat(chunks), what);
}
