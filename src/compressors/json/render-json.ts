import { omittedItems } from '../../marker.js';
import { createRenderContext, keptIndexes, omittedEntries, preview, type RenderContext, type RenderStats, segments } from './render-context.js';
import type { Plan } from './plan.js';
import { entriesOf, isObject, type Json } from './values.js';

/** The key of marker entries in `json` output, so the view stays valid JSON. */
export const MARKER_KEY = '_headroom';

function value(node: Json, context: RenderContext): string {
  if (typeof node === 'string') return JSON.stringify(preview(node, context));
  if (node === null || typeof node !== 'object') return JSON.stringify(node);
  if (!Array.isArray(node)) {
    const { keys, values } = entriesOf(node);
    const parts: string[] = [];
    let gaps = 0;
    for (const segment of segments(keys.length, keptIndexes(node, keys.length, context))) {
      if (segment.kind === 'gap') {
        // Marker entries get keys of their own, unlikely to clash with real ones.
        const markerKey = gaps++ === 0 ? MARKER_KEY : `${MARKER_KEY}_${gaps}`;
        parts.push(`${JSON.stringify(markerKey)}:${JSON.stringify(omittedEntries(keys, segment.from, segment.to))}`);
        continue;
      }
      for (let index = segment.from; index <= segment.to; index++) parts.push(`${JSON.stringify(keys[index])}:${value(values[index] as Json, context)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return `[${items(node, context).join(',')}]`;
}

function items(node: Json[], context: RenderContext): string[] {
  const kept = keptIndexes(node, node.length, context);
  const objects = node.some(isObject);
  const parts: string[] = [];
  for (const segment of segments(node.length, kept)) {
    if (segment.kind === 'gap') {
      const marker = omittedItems(segment.to - segment.from + 1, segment.from, segment.to);
      parts.push(objects ? `{${JSON.stringify(MARKER_KEY)}:${JSON.stringify(marker)}}` : JSON.stringify(marker));
      continue;
    }
    for (let index = segment.from; index <= segment.to; index++) parts.push(value(node[index] as Json, context));
  }
  return parts;
}

/** Valid JSON (NDJSON for NDJSON input): compact, with omissions as marker entries. */
export function renderJson(root: Json, plan: Plan, ndjson: boolean): { text: string; stats: RenderStats } {
  const context = createRenderContext(plan);
  const text = ndjson && Array.isArray(root) ? items(root, context).join('\n') : value(root, context);
  return { text, stats: context.stats };
}
