import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Byte-exact encoding of an original for storage. Well-formed strings go as deflated UTF-8;
 * strings with lone surrogates (legal in JSON, impossible in UTF-8) go as deflated UTF-16LE
 * code units, so every JS string round-trips exactly.
 */
export interface EncodedOriginal {
  encoding: 'utf8+deflate' | 'utf16le+deflate';
  /** base64 */
  data: string;
}

export function encodeOriginal(content: string): EncodedOriginal {
  const encoding = content.isWellFormed() ? 'utf8+deflate' : 'utf16le+deflate';
  const bytes = Buffer.from(content, encoding === 'utf8+deflate' ? 'utf8' : 'utf16le');
  return { encoding, data: deflateRawSync(bytes, { level: 1 }).toString('base64') };
}

export function decodeOriginal(encoded: EncodedOriginal): string {
  const bytes = inflateRawSync(Buffer.from(encoded.data, 'base64'));
  return bytes.toString(encoded.encoding === 'utf8+deflate' ? 'utf8' : 'utf16le');
}
