import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchContext, benchHeadroom, type Section } from '../context.js';
import { markdownTable } from '../table.js';
import { sizedJsonArray, sizedLog } from '../workloads/sized.js';

const QUERY = 'error';
const SIZES = [1024, 10_240, 102_400, 1_048_576];

/**
 * A digest of every view: each fixture and each sized workload, with no query and with one.
 * A change that should leave views alone (a speed-up) must leave the digest as it was; one
 * that changes them on purpose shows which, row by row, against the last report.
 */
export async function viewsSection(context: BenchContext): Promise<Section> {
  const inputs: Array<[string, string]> = [];
  const manifestPath = join(context.root, 'fixtures', 'manifest.json');
  if (existsSync(manifestPath)) {
    for (const { file } of JSON.parse(readFileSync(manifestPath, 'utf8')) as Array<{ file: string }>) inputs.push([file, readFileSync(join(context.root, 'fixtures', file), 'utf8')]);
  }
  for (const size of SIZES) inputs.push([`sized JSON array, ${size} B`, sizedJsonArray(size)], [`sized log, ${size} B`, sizedLog(size)]);
  inputs.push(['500-item JSON array', sizedJsonArray(0, 500)]);
  const headroom = await benchHeadroom();
  const all = createHash('sha256');
  const rows: Array<Array<string | number>> = [];
  try {
    for (const [name, content] of inputs) {
      context.progress(`views: ${name}`);
      const digests: string[] = [];
      for (const query of [undefined, QUERY]) {
        const result = await headroom.compress({ content, source: 'bench', ...(query === undefined ? {} : { query }) });
        const digest = createHash('sha256').update(result.text).digest('hex').slice(0, 12);
        all.update(`${name}\0${query ?? ''}\0${result.text}\0`);
        digests.push(`${digest} (${result.strategy}, ${result.compressedTokens})`);
      }
      rows.push([name, ...digests]);
    }
  } finally {
    await headroom.close();
  }
  const body = [
    `Digest of all ${rows.length * 2} views: **${all.digest('hex').slice(0, 16)}**. Each view is the library's \`compress\` with defaults, without a query and with \`query: "${QUERY}"\`; the digest is the first 12 hex digits of its SHA-256, with the strategy and tokens beside it. A change meant to leave views alone must leave this digest as it was.`,
    '',
    markdownTable(['input', 'no query', `query "${QUERY}"`], rows),
  ].join('\n');
  return { title: 'Views', body };
}
