import type { Deadline } from '../deadline.js';
import type { Detected } from '../detect.js';

/** How JSON views are written: `table` (the compact form), `json` (valid JSON), or `auto` (the smaller). */
export const JSON_FORMATS = ['auto', 'table', 'json'] as const;
export type JsonFormat = (typeof JSON_FORMATS)[number];

/** Everything a compressor may use; it reads nothing else (no store, no clock, no I/O). */
export interface CompressRequest {
  text: string;
  detected: Detected;
  /** What the caller is looking for; lines matching it are kept. */
  query?: string;
  /** Target size of the view in o200k tokens. Content invariant 3 protects is kept past it. */
  budgetTokens: number;
  /** Only transforms that lose nothing (folding identical lines); no selection. */
  lossless: boolean;
  /** Output form for JSON input. Default `auto`. */
  jsonFormat?: JsonFormat;
  /** Programming language of source code (`typescript`, `py`...), from the caller or a file extension. */
  language?: string;
  deadline: Deadline;
}

export type CompressOutcome =
  | {
      status: 'compressed';
      text: string;
      /** Short name of what was done, e.g. `fold+select`. */
      strategy: string;
      /** True when the view can be expanded back to the input without the store. */
      lossless: boolean;
      /** For lossy views: what was left out, for the footer, e.g. `980 of 1,000 lines omitted`. */
      omitted?: string;
    }
  | { status: 'skipped'; reason: string };

/** The one interface every compressor implements: pure and synchronous. */
export interface Compressor {
  readonly name: string;
  /**
   * Optional asynchronous set-up the pipeline awaits before `compress` (loading a grammar).
   * It never throws; what it could not set up, `compress` skips.
   */
  prepare?(request: CompressRequest): Promise<void>;
  compress(request: CompressRequest): CompressOutcome;
}
