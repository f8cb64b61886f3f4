import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from '../../src/tokens.js';
import { type BenchContext, benchHeadroom, type Section } from '../context.js';
import { showsAll } from '../recall.js';
import { markdownTable } from '../table.js';

interface Question {
  fixture: string;
  query: string;
  answer: string[];
  inView?: string[];
}

// What one targeted retrieve may cost (issue 12): well under every client's result limit.
const ANSWER_TOKENS = 3_000;

interface KindTally {
  questions: number;
  retrieved: number;
  inView: number;
  tokens: number[];
}

/**
 * The planted questions of `fixtures/questions.json`, per kind: how many one targeted
 * retrieve answers within {@link ANSWER_TOKENS} tokens, how many the view shows when compress
 * gets the question as its query, and the tokens retrieved.
 */
export async function recallSection(context: BenchContext): Promise<Section> {
  const questionsPath = join(context.root, 'fixtures', 'questions.json');
  if (!existsSync(questionsPath)) return { title: 'Recall', body: 'Skipped: `fixtures/` is not present (it ships with the repository, not the npm package).' };
  const { questions } = JSON.parse(readFileSync(questionsPath, 'utf8')) as { questions: Question[] };
  const manifest = JSON.parse(readFileSync(join(context.root, 'fixtures', 'manifest.json'), 'utf8')) as Array<{ file: string; kind: string }>;
  const kindOf = new Map(manifest.map((entry) => [entry.file, entry.kind]));
  const headroom = await benchHeadroom();
  const byKind = new Map<string, KindTally>();
  const missed: string[] = [];
  try {
    for (const question of questions) {
      context.progress(`recall: ${question.fixture} "${question.query}"`);
      const content = readFileSync(join(context.root, 'fixtures', question.fixture), 'utf8');
      const { hash } = await headroom.compress({ content, source: 'bench' });
      const answer = (await headroom.retrieve({ hash, query: question.query })).blocks.join('\n');
      const tokens = countTokens(answer);
      const retrieved = showsAll(answer, question.answer) && tokens <= ANSWER_TOKENS;
      const view = await headroom.compress({ content, query: question.query, source: 'bench' });
      const inView = showsAll(view.text, question.inView ?? question.answer);
      const kind = kindOf.get(question.fixture) ?? 'unknown';
      const tally = byKind.get(kind) ?? { questions: 0, retrieved: 0, inView: 0, tokens: [] };
      tally.questions++;
      if (retrieved) tally.retrieved++;
      if (inView) tally.inView++;
      tally.tokens.push(tokens);
      byKind.set(kind, tally);
      if (!retrieved || !inView) missed.push(`- ${question.fixture} "${question.query}": ${retrieved ? '' : 'not retrieved'}${!retrieved && !inView ? ', ' : ''}${inView ? '' : 'not in the view'}`);
    }
  } finally {
    await headroom.close();
  }
  const all: KindTally = { questions: 0, retrieved: 0, inView: 0, tokens: [] };
  const rows = [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, tally]) => {
    all.questions += tally.questions;
    all.retrieved += tally.retrieved;
    all.inView += tally.inView;
    all.tokens.push(...tally.tokens);
    return row(kind, tally);
  });
  rows.push(row('**all**', all));
  const body = [
    `The ${questions.length} planted questions of \`fixtures/questions.json\` (each names a fixture, a query and the strings that answer it). "Retrieved" counts the questions one \`headroom_retrieve {hash, query}\` answers in at most ${ANSWER_TOKENS.toLocaleString('en-US')} tokens; "in view" those whose answer the view of \`compress\` with the same \`query\` shows (in the view's own layout). Tokens are those of the retrieve answer.`,
    '',
    markdownTable(['kind', 'questions', 'retrieved', 'in view', 'tokens retrieved (mean)', 'tokens retrieved (max)'], rows),
    ...(missed.length > 0 ? ['', 'Missed:', ...missed] : []),
  ].join('\n');
  const bars = [
    { name: 'recall: one targeted retrieve ≤ 3,000 tokens', target: 'all', measured: `${all.retrieved}/${all.questions}`, met: all.retrieved === all.questions },
    { name: 'recall: answer in the view with the query', target: 'all', measured: `${all.inView}/${all.questions}`, met: all.inView === all.questions },
  ];
  return { title: 'Recall', body, bars };
}

function row(kind: string, tally: KindTally): Array<string | number> {
  const mean = tally.tokens.reduce((sum, tokens) => sum + tokens, 0) / Math.max(1, tally.tokens.length);
  return [kind, tally.questions, `${tally.retrieved}/${tally.questions}`, `${tally.inView}/${tally.questions}`, Math.round(mean), Math.max(0, ...tally.tokens)];
}
