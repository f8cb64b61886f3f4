import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bar, type BenchContext, benchHeadroom, type Section } from '../context.js';
import { showsAll } from '../recall.js';
import { markdownTable, percent, savedPercent } from '../table.js';
import { DOCUMENT_QUESTIONS } from '../workloads/documents.js';

/** Long real documents: tokens saved with a query, and whether each question's answer survives. */
export async function documentsSection(context: BenchContext): Promise<Section> {
  const headroom = await benchHeadroom();
  const rows: Array<Array<string | number>> = [];
  let questions = 0;
  let direct = 0;
  let reachable = 0;
  let worstSaved = Number.POSITIVE_INFINITY;
  try {
    for (const [file, asked] of Object.entries(DOCUMENT_QUESTIONS)) {
      const path = join(context.root, 'fixtures', file);
      if (!existsSync(path)) continue;
      context.progress(`documents: ${file}`);
      const content = readFileSync(path, 'utf8');
      let before = 0;
      let after = 0;
      let seen = 0;
      let found = 0;
      let strategy = '';
      for (const question of asked) {
        const result = await headroom.compress({ content, query: question.query, source: 'bench' });
        before += result.originalTokens;
        after += result.compressedTokens;
        strategy = result.strategy;
        const inView = showsAll(result.text, question.expect);
        const answer = await headroom.retrieve({ hash: result.hash, query: question.query });
        seen += inView ? 1 : 0;
        found += inView || showsAll(answer.blocks.join('\n'), question.expect) ? 1 : 0;
      }
      questions += asked.length;
      direct += seen;
      reachable += found;
      worstSaved = Math.min(worstSaved, savedPercent(after, before));
      rows.push([file, Math.round(before / asked.length), Math.round(after / asked.length), percent(after, before), `${seen}/${asked.length}`, `${found}/${asked.length}`, strategy]);
    }
  } finally {
    await headroom.close();
  }
  const bars: Bar[] = [
    { name: 'documents: saved with a query (worst document)', target: '>= 40%', measured: `${worstSaved.toFixed(1)}%`, met: worstSaved >= 40 },
    { name: 'documents: answers in the view', target: '>= 95%', measured: `${direct}/${questions}`, met: direct >= questions * 0.95 },
    { name: 'documents: answers in view or 1 retrieve', target: 'all', measured: `${reachable}/${questions}`, met: reachable === questions },
  ];
  const body = [
    'Each long real document in `fixtures/` is compressed once per question, with that question as `query` (questions and quoted answers in `bench/workloads/documents.ts`). Tokens are averages over its questions.',
    '',
    markdownTable(['document', 'tokens before', 'after (avg)', 'saved', 'answers in view', 'in view or 1 retrieve', 'strategy'], rows),
  ].join('\n');
  return { title: 'Long documents with targeted questions', body, bars };
}
