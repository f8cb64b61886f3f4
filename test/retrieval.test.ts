import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../src/headroom.js';
import { countTokens } from '../src/tokens.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Questions an agent asks of real captures; each must be answered by one targeted retrieve. */
const QUESTIONS: ReadonlyArray<{ fixture: string; query: string; answer: readonly string[] }> = [
  { fixture: 'npm-view-typescript.json', query: '4.1.5', answer: ['"4.1.5": "2024-12-02T18:34:26.451000+00:00"'] },
  { fixture: 'man-bash.txt', query: 'PROMPT_DIRTRIM', answer: ['number of trailing directory components to retain'] },
  { fixture: 'dpkg-l.txt', query: 'libsqlite3-0:amd64', answer: ['SQLite 3 shared library'] },
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
