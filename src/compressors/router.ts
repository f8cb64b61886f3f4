import type { ContentKind } from '../kinds.js';
import type { Compressor } from './types.js';

/** Maps each content kind to the compressors to try, most specific first. */
export interface Router {
  route(kind: ContentKind): readonly Compressor[];
}

/** Kinds without a specific compressor, and specific compressors that skip, fall back to `general`. */
export function createRouter(general: Compressor, specific: Partial<Record<ContentKind, Compressor>> = {}): Router {
  return {
    route: (kind) => {
      const first = specific[kind];
      return first === undefined ? [general] : [first, general];
    },
  };
}
