import type { Random } from '../random.js';
import { codeLine, identifier, ORGS, REPOS, sourcePath } from './vocabulary.js';

/** One item of GitHub's code search API (`GET /search/code` with text matches), trimmed as agent tools return it. */
export interface CodeSearchResult {
  name: string;
  path: string;
  sha: string;
  html_url: string;
  repository: { full_name: string; private: boolean; description: string };
  score: number;
  text_matches: Array<{ fragment: string; matches: Array<{ text: string; indices: [number, number] }> }>;
}

export interface CodeSearchPlant {
  repository?: string;
  path?: string;
  lines?: string[];
  term?: string;
}

export function codeSearchResult(random: Random, term: string, plant: CodeSearchPlant = {}): CodeSearchResult {
  const fullName = plant.repository ?? `${random.pick(ORGS)}/${random.pick(REPOS)}`;
  const path = plant.path ?? sourcePath(random);
  const sha = random.hex(40);
  const matchTerm = plant.term ?? term;
  const lines = plant.lines ?? Array.from({ length: random.int(2, 4) }, (_, index) => (index === 1 ? codeLine(random, matchTerm) : codeLine(random, identifier(random))));
  const fragment = lines.join('\n');
  const at = Math.max(0, fragment.indexOf(matchTerm));
  return {
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    sha,
    html_url: `https://github.com/${fullName}/blob/${sha}/${path}`,
    repository: { full_name: fullName, private: random.chance(0.3), description: `${fullName.split('/')[1]} service` },
    score: Math.round(random.next() * 1000) / 1000,
    text_matches: [{ fragment, matches: [{ text: matchTerm, indices: [at, at + matchTerm.length] }] }],
  };
}
