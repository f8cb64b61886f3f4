import { countTokens } from '../src/tokens.js';

/** Token counts of lossless re-encodings of a JSON value, for comparison with our views. */
export interface PeerTokens {
  compact: number;
  /** Undefined when `@toon-format/toon` (a devDependency) is not installed. */
  toon: number | undefined;
}

type ToonEncode = (value: unknown) => string;

/** Loads TOON's encoder if it is installed; the bench runs without it and says so. */
export async function loadToon(): Promise<ToonEncode | undefined> {
  try {
    const toon = (await import('@toon-format/toon')) as { encode: ToonEncode };
    return toon.encode;
  } catch {
    return undefined;
  }
}

/** Compact JSON and TOON tokens of `text` when it parses as JSON, else undefined. */
export function peerTokens(text: string, toon: ToonEncode | undefined): PeerTokens | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return { compact: countTokens(JSON.stringify(value)), toon: toon === undefined ? undefined : countTokens(toon(value)) };
}
