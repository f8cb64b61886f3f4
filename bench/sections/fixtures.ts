import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCompressors, routerFor } from '../../src/compressors/registry.js';
import { NO_DEADLINE } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';
import { defaultBudget } from '../../src/pipeline.js';
import { type BenchContext, benchHeadroom, type Section } from '../context.js';
import { median, runsFor, timeAsync, timeSync } from '../measure.js';
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
  /** The output family of issue 16 it stands for (records, query plans, lint...), for the family bars. */
  family?: string;
}

// Issue 16's bars for each family: this much smaller on inputs over this many tokens, at most this slow.
const FAMILY_SAVED = 0.8;
const FAMILY_MIN_TOKENS = 5000;
const FAMILY_MS_PER_MB = 50;

/** Median time of the compressor that makes the view (detection and the pipeline's counting excluded), in ms. */
function compressorMs(content: string, budgetTokens: number, quick: boolean): number {
  const router = routerFor(createCompressors());
  const detected = detect(content);
  const request = { text: content, detected, budgetTokens, lossless: false, deadline: NO_DEADLINE };
  const compressor = router.route(detected.kind).find((candidate) => candidate.compress(request).status === 'compressed');
  if (compressor === undefined) return 0;
  return median(timeSync(() => compressor.compress(request), runsFor(content.length, quick)));
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
  const families = { big: 0, smallEnough: 0, timed: 0, fastEnough: 0, slow: [] as string[], large: [] as string[] };
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
      let perMb = '-';
      if (entry.family !== undefined) {
        // Code needs its grammar loaded: the first compress above did that.
        const msPerMb = compressorMs(content, defaultBudget(result.originalTokens, result.contentType), context.quick) / (Buffer.byteLength(content) / 1_048_576);
        perMb = `${Math.round(msPerMb)}`;
        families.timed++;
        if (msPerMb <= FAMILY_MS_PER_MB) families.fastEnough++;
        else families.slow.push(entry.file);
        if (result.originalTokens > FAMILY_MIN_TOKENS) {
          families.big++;
          if (result.compressedTokens <= result.originalTokens * (1 - FAMILY_SAVED)) families.smallEnough++;
          else families.large.push(entry.file);
        }
      }
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
        perMb,
      ]);
    }
  } finally {
    await headroom.close();
  }
  rows.push(['**all fixtures**', '', '', totalBefore, totalAfter, percent(totalAfter, totalBefore), '', '', '', '', '', '', '']);
  const body = [
    'Every file in `fixtures/` (captured from real programs; commands in `fixtures/manifest.json`), compressed with defaults and no query. "Error lines kept" counts distinct lines with error/failure words or stack frames that appear verbatim in the view, or (an error reported again) whose message is shown and whose position a \"the same error … at\" marker lists (all of them when the view is lossless; not counted for source code, prose, search hits and diffs, where such words are subject matter). Lossless is `lossless: true`. Time is the median end-to-end `compress` call (detect, count, store, compress, count again) on an in-memory store; "compressor ms/MB" (for the output families of issue 16) is the compressor that made the view alone, per MiB of input.',
    '',
    markdownTable(['fixture', 'kind', 'detected', 'tokens before', 'after', 'saved', 'saved lossless', 'error lines kept', 'compact JSON saved', 'TOON saved', 'strategy', 'time', 'compressor ms/MB'], rows),
  ].join('\n');
  const bars = [
    { name: 'fixtures: error lines kept verbatim', target: 'all', measured: `${errorLinesKept}/${errorLines}`, met: errorLinesKept === errorLines },
    { name: `output families: ${FAMILY_SAVED * 100}% fewer tokens on inputs over ${FAMILY_MIN_TOKENS.toLocaleString('en-US')} tokens`, target: 'all', measured: `${families.smallEnough}/${families.big}${families.large.length > 0 ? ` (not: ${families.large.join(', ')})` : ''}`, met: families.smallEnough === families.big },
    { name: `output families: compressor at most ${FAMILY_MS_PER_MB} ms per MB`, target: 'all', measured: `${families.fastEnough}/${families.timed}${families.slow.length > 0 ? ` (not: ${families.slow.join(', ')})` : ''}`, met: families.fastEnough === families.timed },
  ];
  return { title: 'Real fixtures', body, bars };
}
