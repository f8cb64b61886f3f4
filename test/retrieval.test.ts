import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../src/headroom.js';
import { countTokens } from '../src/tokens.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Question {
  fixture: string;
  query: string;
  answer: readonly string[];
  inView?: readonly string[];
}

/** Questions an agent asks of real captures (fixtures/questions.json, which the bench reads too). */
const QUESTIONS: readonly Question[] = (JSON.parse(readFileSync(`${FIXTURES}questions.json`, 'utf8')) as { questions: Question[] }).questions;

const ANSWER_TOKENS = 3_000;

let headroom: Headroom;
const hashes = new Map<string, string>();

beforeAll(async () => {
  headroom = await createHeadroom({ env: {}, config: { store: 'memory' } });
  for (const { fixture } of QUESTIONS) {
    if (hashes.has(fixture)) continue;
    hashes.set(fixture, (await headroom.compress({ content: readFileSync(`${FIXTURES}${fixture}`, 'utf8') })).hash);
  }
});

afterAll(async () => {
  await headroom.close();
});

describe('one targeted retrieve answers questions about real captures', () => {
  it.each(QUESTIONS)('$fixture: "$query"', async ({ fixture, query, answer }) => {
    const result = await headroom.retrieve({ hash: hashes.get(fixture) ?? '', query });
    const text = result.blocks.join('\n');
    for (const piece of answer) expect(text, text.slice(0, 3000)).toContain(piece);
    expect(countTokens(text)).toBeLessThanOrEqual(ANSWER_TOKENS);
  });
});

describe('compress with the question as its query shows the answer in the view', () => {
  it.each(QUESTIONS)('$fixture: "$query"', async ({ fixture, query, answer, inView }) => {
    const view = await headroom.compress({ content: readFileSync(`${FIXTURES}${fixture}`, 'utf8'), query });
    for (const piece of inView ?? answer) expect(view.text, view.text.slice(0, 2000)).toContain(piece);
  });
});
