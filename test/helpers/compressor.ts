import { readFileSync } from 'node:fs';
import type { CompressOutcome, CompressRequest, Compressor } from '../../src/compressors/types.js';
import { NO_DEADLINE } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';

/** A real captured output from `fixtures/`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
}

/** A request as the pipeline builds it: detected input, no deadline. */
export function requestFor(input: string, budgetTokens: number, options: Partial<CompressRequest> = {}): CompressRequest {
  return { text: input, detected: detect(input), budgetTokens, lossless: false, deadline: NO_DEADLINE, ...options };
}

/** Calls one compressor the way the pipeline does, with `budgetTokens` unless overridden. */
export function runner(compressor: Compressor, budgetTokens: number) {
  return (input: string, options: Partial<CompressRequest> = {}): CompressOutcome => compressor.compress(requestFor(input, budgetTokens, options));
}

/** The view of an outcome that must be `compressed`. */
export function view(outcome: CompressOutcome): Extract<CompressOutcome, { status: 'compressed' }> {
  if (outcome.status !== 'compressed') throw new Error(`expected a view, got skipped: ${outcome.reason}`);
  return outcome;
}
