import type { ContentKind } from '../kinds.js';
import { createBuildOutputCompressor } from './build-output.js';
import { createCodeCompressor } from './code/compressor.js';
import { createGrammars } from './code/grammars.js';
import { createDiffCompressor } from './diff/compressor.js';
import { createJsonCompressor } from './json/compressor.js';
import { createListingCompressor } from './listing.js';
import { createMixedCompressor } from './mixed/compressor.js';
import { createLogCompressor } from './log.js';
import { createProseCompressor } from './prose/compressor.js';
import { createQueryPlanCompressor } from './query-plan.js';
import { createRecordsCompressor } from './records.js';
import { createReferenceCompressor } from './reference.js';
import { createRouter, type Router } from './router.js';
import { createSearchCompressor } from './search-results/compressor.js';
import { createTestOutputCompressor } from './test-output.js';
import { createTextCompressor } from './text.js';
import type { Compressor } from './types.js';

/** Every compressor the pipeline uses: the general one and one per content kind that has its own. */
export interface CompressorSet {
  general: Compressor;
  specific: Partial<Record<ContentKind, Compressor>>;
}

/** The compressors a Headroom instance routes to; also what the benchmark times one by one. */
export function createCompressors(): CompressorSet {
  const prose = createProseCompressor();
  // The parts of a mixed input go through this same set's router.
  let router: Router | undefined;
  const set: CompressorSet = { general: createTextCompressor(), specific: {} };
  const mixed = createMixedCompressor(() => (router ??= routerFor(set)));
  set.specific = { mixed, json: createJsonCompressor(), search: createSearchCompressor(), diff: createDiffCompressor(), test: createTestOutputCompressor(), build: createBuildOutputCompressor(), log: createLogCompressor(), listing: createListingCompressor(), plan: createQueryPlanCompressor(), records: createRecordsCompressor(), reference: createReferenceCompressor(), code: createCodeCompressor(createGrammars()), markdown: prose, text: prose, html: prose };
  return set;
}

export function routerFor(set: CompressorSet): Router {
  return createRouter(set.general, set.specific);
}
