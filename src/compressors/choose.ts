import { createDeadline } from '../deadline.js';
import { footer, unstoredNote } from '../marker.js';
import { countTokens } from '../tokens.js';
import type { Router } from './router.js';
import type { CompressRequest } from './types.js';

/** What choosing a view needs: plain data, so it can cross to a worker thread. */
export interface ChooseInput {
  request: Omit<CompressRequest, 'deadline'>;
  /** Time left for the compressors, in ms. */
  deadlineMs: number;
  /** The id the footer names. */
  id: string;
  /** Why the original could not be stored, when it could not: a note then takes the footer's place. */
  unstored?: string;
  originalTokens: number;
  /** Under the small-input floor: lossless rewrites only, without a footer. */
  small: boolean;
  /** The input had terminal colour codes, which the compressors did not see. */
  recoloured: boolean;
}

export interface Chosen {
  view?: { text: string; strategy: string; lossless: boolean; compressedTokens: number };
  /** Why there is no view (the last compressor's reason), for the passthrough's strategy. */
  reason: string;
}

/**
 * Runs the compressors for the input's kind in order and takes the first view that is smaller
 * than the input, footer included; otherwise says why none was.
 */
export async function chooseView(router: Router, input: ChooseInput): Promise<Chosen> {
  const { small, recoloured, originalTokens, unstored, id } = input;
  const request: CompressRequest = { ...input.request, deadline: createDeadline(input.deadlineMs) };
  let reason = 'small input';
  // Without its colour codes a view is no longer the input verbatim, so a small input stays as it is.
  const compressors = small && recoloured ? [] : router.route(request.detected.kind);
  for (const compressor of compressors) await compressor.prepare?.(request);
  for (const compressor of compressors) {
    const outcome = compressor.compress(request);
    if (outcome.status === 'skipped') {
      reason = small ? 'small input' : outcome.reason;
      if (request.deadline.expired()) break;
      continue;
    }
    const lossless = outcome.lossless && !recoloured;
    const omitted = [outcome.omitted, recoloured ? 'colour codes removed' : undefined].filter((part) => part !== undefined).join(', ');
    const end = unstored === undefined ? footer({ id, ...(omitted === '' ? {} : { omitted }) }) : unstoredNote(unstored);
    const text = small && lossless && unstored === undefined ? outcome.text : `${outcome.text}\n${end}`;
    const compressedTokens = countTokens(text);
    if (compressedTokens >= originalTokens) {
      reason = small ? 'small input' : 'not smaller';
      continue;
    }
    return { view: { text, strategy: outcome.strategy, lossless, compressedTokens }, reason };
  }
  return { reason };
}
