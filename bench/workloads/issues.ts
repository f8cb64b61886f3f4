import type { Random } from '../random.js';
import { FIRST_NAMES, LAST_NAMES, NOUNS, SERVICES, capitalize, identifier, timestamp } from './vocabulary.js';

/** One item of GitHub's `GET /repos/{owner}/{repo}/issues`, trimmed to the fields agents read. */
export interface Issue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  user: { login: string };
  labels: Array<{ name: string }>;
  assignees: Array<{ login: string }>;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  body: string;
}

const LABELS = ['bug', 'enhancement', 'needs-triage', 'p1', 'p2', 'p3', 'good first issue', 'regression', 'docs', 'performance'];

function login(random: Random): string {
  return `${random.pick(FIRST_NAMES)}-${random.pick(LAST_NAMES)}${random.int(1, 99)}`;
}

function body(random: Random, noun: string): string {
  const fn = identifier(random);
  return [
    '### Describe the bug',
    `When ${random.pick(['saving', 'loading', 'refreshing', 'exporting'])} a ${noun}, the ${random.pick(SERVICES)} ${random.pick(['returns a 500', 'hangs for ~30s', 'shows a blank page', 'drops the last item'])}.`,
    '',
    '### Steps to reproduce',
    `1. Open the ${noun} page`,
    `2. Click **${capitalize(random.pick(['save', 'export', 'retry', 'apply']))}**`,
    `3. See the request to \`/api/v2/${noun}s\` fail`,
    '',
    '### Expected behavior',
    `The ${noun} is ${random.pick(['saved', 'exported', 'listed'])} without an error.`,
    '',
    '### Environment',
    `- version: ${random.int(1, 4)}.${random.int(0, 20)}.${random.int(0, 9)}`,
    `- browser: ${random.pick(['Chrome 131', 'Firefox 133', 'Safari 18'])}`,
    '',
    `Possibly related to \`${fn}()\`.`,
  ].join('\n');
}

export function issues(random: Random, count: number, firstNumber: number, startMs: number): Issue[] {
  return Array.from({ length: count }, (_, index) => {
    const noun = random.pick(NOUNS);
    const created = timestamp(startMs, index * 3_600_000 * random.int(1, 30));
    return {
      number: firstNumber - index,
      title: `${capitalize(noun)} ${random.pick(['page', 'export', 'sync', 'API', 'webhook'])} ${random.pick(['fails intermittently', 'is slow on large accounts', 'returns 500 after upgrade', 'shows stale data', 'ignores timezone'])}`,
      state: 'open',
      user: { login: login(random) },
      labels: Array.from({ length: random.int(1, 3) }, () => ({ name: random.pick(LABELS) })),
      assignees: random.chance(0.5) ? [{ login: login(random) }] : [],
      comments: random.int(0, 24),
      created_at: created,
      updated_at: timestamp(startMs, index * 3_600_000 * 31),
      closed_at: null,
      body: body(random, noun),
    };
  });
}
