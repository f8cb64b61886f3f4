import type { CompressResult } from './pipeline.js';

/**
 * A compress result as the doors publish it (MCP `_meta`, `headroom compress --json`): the
 * snake_case names of the tool contract, so every door reads the same.
 */
export interface CompressFields {
  hash: string;
  content_type: string;
  strategy: string;
  original_tokens: number;
  compressed_tokens: number;
  saved_percent: number;
  lossless: boolean;
  expires_at: string;
  /** Present, and false, when the original could not be stored. */
  stored?: false;
}

export function compressFields(result: CompressResult): CompressFields {
  return {
    hash: result.hash,
    content_type: result.contentType,
    strategy: result.strategy,
    original_tokens: result.originalTokens,
    compressed_tokens: result.compressedTokens,
    saved_percent: result.savedPercent,
    lossless: result.lossless,
    expires_at: result.expiresAt,
    ...(result.stored === false ? { stored: false as const } : {}),
  };
}
