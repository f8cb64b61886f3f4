import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../src/headroom.js';
import { countTokens } from '../src/tokens.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Questions an agent asks of real captures; each must be answered by one targeted retrieve. */
const QUESTIONS: ReadonlyArray<{ fixture: string; query: string; answer: readonly string[]; inView?: readonly string[] }> = [
  // The view writes JSON in its compact form, without the quotes around values.
  { fixture: 'npm-view-typescript.json', query: '4.1.5', answer: ['"4.1.5": "2024-12-02T18:34:26.451000+00:00"'], inView: ['"4.1.5": 2024-12-02T18:34:26.451000+00:00'] },
  { fixture: 'man-bash.txt', query: 'PROMPT_DIRTRIM', answer: ['number of trailing directory components to retain'] },
  { fixture: 'dpkg-l.txt', query: 'libsqlite3-0:amd64', answer: ['SQLite 3 shared library'] },
  // Seven descriptions there say "error" ("a fast memory error detector"); they must not crowd the query out.
  { fixture: 'dpkg-l.txt', query: 'sqlite', answer: ['libsqlite3-0:amd64', 'libsqlite3-dev:amd64', 'Command line interface for SQLite 3'] },
  { fixture: 'vitest-failures-verbose.txt', query: 'compressionRatio truncated lorem', answer: ['expected 0.333 to be 0.345'] },
  { fixture: 'git-diff.txt', query: 'default filter upon instantiation', answer: ["filter: ({ category }) => category === 'poetry'", 'src/MiniSearch.test.js'] },
  { fixture: 'ls-la.txt', query: 'zstd', answer: [' zstd\n'] },
];

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
