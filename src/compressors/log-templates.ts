/**
 * Log template mining, after Drain (He et al., 2017) in its simplest form: lines already
 * masked for numbers, ids and times are split into tokens; lines with the same token count
 * and the same first two tokens are compared position by position, and a line joins the
 * most similar cluster when at least half its tokens agree. Positions where a cluster's lines
 * differ become `<*>`: `<ts> status half-configured <*> <*>`.
 */

const MIN_SIMILARITY = 0.5;
/** Clusters compared per group; past this a line joins the most similar one anyway. */
const MAX_CLUSTERS_PER_GROUP = 64;
const WILDCARD = '<*>';

export interface MinedTemplate {
  template: string;
  count: number;
  /** 1-based line numbers of the first and last line that has it. */
  first: number;
  last: number;
}

interface Cluster {
  tokens: string[];
  count: number;
  first: number;
  last: number;
}

function similarity(a: readonly string[], b: readonly string[]): number {
  let same = 0;
  for (let index = 0; index < a.length; index++) if (a[index] === b[index] || a[index] === WILDCARD) same++;
  return same / Math.max(1, a.length);
}

export function mineTemplates(masked: readonly string[]): MinedTemplate[] {
  const groups = new Map<string, Cluster[]>();
  const all: Cluster[] = [];
  masked.forEach((line, index) => {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length === 1 && tokens[0] === '') return;
    const key = `${tokens.length}\u0000${tokens[0]}\u0000${tokens[1] ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    let best: Cluster | undefined;
    let bestScore = -1;
    for (const cluster of group) {
      const score = similarity(cluster.tokens, tokens);
      if (score > bestScore) {
        best = cluster;
        bestScore = score;
      }
    }
    if (best === undefined || (bestScore < MIN_SIMILARITY && group.length < MAX_CLUSTERS_PER_GROUP)) {
      const cluster = { tokens, count: 1, first: index + 1, last: index + 1 };
      group.push(cluster);
      all.push(cluster);
      return;
    }
    best.count++;
    best.last = index + 1;
    best.tokens = best.tokens.map((token, position) => (token === tokens[position] ? token : WILDCARD));
  });
  return all.map((cluster) => ({ template: cluster.tokens.join(' '), count: cluster.count, first: cluster.first, last: cluster.last }));
}
