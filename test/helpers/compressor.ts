import { readFileSync } from 'node:fs';
import type { CompressOutcome, CompressRequest, Compressor } from '../../src/compressors/types.js';
import { NO_DEADLINE } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';

/** A real captured output from `fixtures/`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
}

/** Calls one compressor the way the pipeline does: detected input, no deadline, `budgetTokens` unless overridden. */
export function runner(compressor: Compressor, budgetTokens: number) {
  return (input: string, options: Partial<CompressRequest> = {}): CompressOutcome =>
    compressor.compress({ text: input, detected: detect(input), budgetTokens, lossless: false, deadline: NO_DEADLINE, ...options });
}

/** The view of an outcome that must be `compressed`. */
export function view(outcome: CompressOutcome): Extract<CompressOutcome, { status: 'compressed' }> {
  if (outcome.status !== 'compressed') throw new Error(`expected a view, got skipped: ${outcome.reason}`);
  return outcome;
}
