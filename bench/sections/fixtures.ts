import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/detect.js';
import { type BenchContext, benchHeadroom, type Section } from '../context.js';
import { median, runsFor, timeAsync } from '../measure.js';
import { peerTokens } from '../peers.js';
import { countStated, importantLines } from '../recall.js';
import { markdownTable, ms, percent } from '../table.js';

// Source code, prose, search hits and diffs (lines of code or text, not events).
const SUBJECT_MATTER = new Set(['code', 'markdown', 'html', 'search', 'diff']);

interface ManifestEntry {
  file: string;
  kind: string;
  command: string;
  /** Set when error words in this file describe things rather than report failures (commit subjects). */
  error_words?: string;
}

/** The text whose error words report events: all of it, or of a mix, its parts that are not source, prose, search hits or diffs. */
function eventText(content: string): string {
  const detected = detect(content);
  if (detected.kind !== 'mixed') return content;
  const lines = content.split('\n');
  return detected.segments.filter((part) => !SUBJECT_MATTER.has(part.kind)).map((part) => lines.slice(part.start, part.end).join('\n')).join('\n');
}

/** Real captured tool output: tokens before and after per kind, and whether error lines survive. */
export async function fixturesSection(context: BenchContext): Promise<Section> {
  const manifestPath = join(context.root, 'fixtures', 'manifest.json');
  if (!existsSync(manifestPath)) return { title: 'Real fixtures', body: 'Skipped: `fixtures/` is not present (it ships with the repository, not the npm package).' };
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
  const headroom = await benchHeadroom();
  const rows: Array<Array<string | number>> = [];
  let totalBefore = 0;
  let totalAfter = 0;
  let errorLines = 0;
  let errorLinesKept = 0;
  try {
    for (const entry of manifest) {
      context.progress(`fixture: ${entry.file}`);
      const content = readFileSync(join(context.root, 'fixtures', entry.file), 'utf8');
      const result = await headroom.compress({ content, source: 'bench' });
      const lossless = await headroom.compress({ content, lossless: true, source: 'bench' });
      const samples = await timeAsync(() => headroom.compress({ content, source: 'bench' }), runsFor(content.length, context.quick));
      // In source code and prose, error words are subject matter, not events to keep.
      const important = SUBJECT_MATTER.has(entry.kind) || entry.error_words !== undefined ? undefined : importantLines(eventText(content));
      const peers = peerTokens(content, context.toon);
      // A lossless view (grouped diagnostics, say) holds every line even where it reformats it.
      const kept = important === undefined ? 0 : result.lossless ? important.length : countStated(result.text, important);
      errorLines += important?.length ?? 0;
      errorLinesKept += kept;
      totalBefore += result.originalTokens;
      totalAfter += result.compressedTokens;
      rows.push([
        entry.file,
        entry.kind,
        result.contentType === entry.kind ? result.contentType : `${result.contentType} (wrong)`,
        result.originalTokens,
        result.compressedTokens,
        percent(result.compressedTokens, result.originalTokens),
        percent(lossless.compressedTokens, lossless.originalTokens),
        important === undefined || important.length === 0 ? '-' : `${kept}/${important.length}`,
        peers === undefined ? '-' : percent(peers.compact, result.originalTokens),
        peers?.toon === undefined ? '-' : percent(peers.toon, result.originalTokens),
        result.strategy,
        ms(median(samples)),
      ]);
    }
  } finally {
    await headroom.close();
  }
  rows.push(['**all fixtures**', '', '', totalBefore, totalAfter, percent(totalAfter, totalBefore), '', '', '', '', '', '']);
  const body = [
    'Every file in `fixtures/` (captured from real programs; commands in `fixtures/manifest.json`), compressed with defaults and no query. "Error lines kept" counts distinct lines with error/failure words or stack frames that appear verbatim in the view, or (an error reported again) whose message is shown and whose position a \"the same error … at\" marker lists (all of them when the view is lossless; not counted for source code, prose, search hits and diffs, where such words are subject matter). Lossless is `lossless: true`. Time is the median end-to-end `compress` call (detect, count, store, compress, count again) on an in-memory store.',
    '',
    markdownTable(['fixture', 'kind', 'detected', 'tokens before', 'after', 'saved', 'saved lossless', 'error lines kept', 'compact JSON saved', 'TOON saved', 'strategy', 'time'], rows),
  ].join('\n');
  const bars = [{ name: 'fixtures: error lines kept verbatim', target: 'all', measured: `${errorLinesKept}/${errorLines}`, met: errorLinesKept === errorLines }];
  return { title: 'Real fixtures', body, bars };
}
