import { formatCount, omittedLines } from '../marker.js';
import { type Diagnostic, type Diagnostics, IDENTIFYING_DETAIL, messageShape, parseDiagnostics, quotedNames } from './diagnostics.js';
import { countTokens } from '../tokens.js';
import { createLineScorer, QUERY_SHARE } from './query-match.js';

/**
 * The lossy view of many diagnostics, when grouping them is still over budget: a digest of
 * counts by rule, then the output's own lines with gaps marked. Kept whatever the budget:
 * every error's first line, every rule's first occurrence with its first detail lines (code
 * frame, `-->` location), the context lines before them, summaries, query matches. Then, while
 * the budget lasts, more warnings, one per rule in turn, at their exact positions.
 */

/** Detail lines kept under a rule's first occurrence (a code frame, its caret, a note). */
const FIRST_DETAILS = 4;
/** Context lines (`In function ‘f’:`, `In file included from`) kept before a kept diagnostic. */
const MAX_CONTEXT = 3;
/** Rules listed in the digest, most frequent first. */
const DIGEST_RULES = 25;
/** Lines outside any diagnostic (`Compiling…`) kept from the start and from the end. */
const OTHER_EDGE_LINES = 5;
// Tokens a line costs, estimated without counting: code frames and paths run denser than prose.
const CHARS_PER_TOKEN = 3.2;
// What the gap marker after a diagnostic kept without its detail lines costs.
const GAP_MARKER_TOKENS = 14;

export interface BuildDigest {
  text: string;
  omitted: string;
}

interface RuleGroup {
  severity: Diagnostic['severity'];
  rule: string;
  members: Diagnostic[];
}

function groupsOf(diagnostics: readonly Diagnostic[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const diagnostic of diagnostics) {
    const key = `${diagnostic.severity} ${diagnostic.rule}`;
    const group = groups.get(key);
    if (group) group.members.push(diagnostic);
    else groups.set(key, { severity: diagnostic.severity, rule: diagnostic.rule, members: [diagnostic] });
  }
  return [...groups.values()];
}

function digestHeader(groups: readonly RuleGroup[], total: number): string[] {
  const errors = groups.filter((group) => group.severity === 'error').reduce((sum, group) => sum + group.members.length, 0);
  const ranked = [...groups].sort((a, b) => b.members.length - a.members.length);
  const rows = ranked.slice(0, DIGEST_RULES).map((group) => {
    const first = (group.members[0]?.start ?? 0) + 1;
    const last = (group.members[group.members.length - 1]?.start ?? 0) + 1;
    return `  ${formatCount(group.members.length)}× ${group.severity} ${group.rule} (${first === last ? `line ${formatCount(first)}` : `lines ${formatCount(first)}-${formatCount(last)}`})`;
  });
  const more = ranked.length > DIGEST_RULES ? [`  … and ${formatCount(ranked.length - DIGEST_RULES)} more rules`] : [];
  return [`[headroom build digest: ${formatCount(total)} diagnostics (${formatCount(errors)} errors, ${formatCount(total - errors)} warnings) by rule:]`, ...rows, ...more];
}

export function digestBuild(lines: readonly string[], budgetTokens: number, query?: string, parsed: Diagnostics = parseDiagnostics(lines)): BuildDigest | undefined {
  const { diagnostics, context, summaries } = parsed;
  if (diagnostics.length < 2) return undefined;
  const keep = new Uint8Array(lines.length);
  let cost = 0;
  const take = (index: number) => {
    if (keep[index] === 1) return;
    keep[index] = 1;
    cost += (lines[index] ?? '').length / CHARS_PER_TOKEN + 1;
  };
  const takeDiagnostic = (diagnostic: Diagnostic, details: number) => {
    for (let i = diagnostic.start - 1; i >= Math.max(0, diagnostic.start - MAX_CONTEXT) && context.has(i); i--) take(i);
    if (diagnostic.fileLine !== undefined) take(diagnostic.fileLine);
    take(diagnostic.start);
    for (let i = diagnostic.start + 1; i < Math.min(diagnostic.end, diagnostic.start + 1 + details); i++) take(i);
    // The lines that say where a rustc error is and what javac could not find: every occurrence keeps them.
    for (let i = diagnostic.start + 1; i < diagnostic.end; i++) if (IDENTIFYING_DETAIL.test(lines[i] ?? '')) take(i);
  };

  const groups = groupsOf(diagnostics);
  // An error reported again with the same message is written once, with every other place it
  // was reported; one that differs from it only in the names it quotes, once, with the other
  // places and their names.
  const firstOf = new Map<string, Diagnostic>();
  const firstOfShape = new Map<string, Diagnostic>();
  const alsoAt = new Map<Diagnostic, string[]>();
  const alikeAt = new Map<Diagnostic, string[]>();
  for (const group of groups) group.members.forEach((member, index) => {
    if (index === 0) takeDiagnostic(member, FIRST_DETAILS);
    if (member.severity !== 'error') return;
    const first = firstOf.get(member.message);
    const names = quotedNames(member.message);
    const shape = `${member.rule}\n${messageShape(member.message)}`;
    const alike = names.length > 0 ? firstOfShape.get(shape) : undefined;
    if (first !== undefined && member.position !== '') {
      alsoAt.set(first, [...(alsoAt.get(first) ?? []), member.position]);
    } else if (first === undefined && alike !== undefined && member.position !== '') {
      alikeAt.set(alike, [...(alikeAt.get(alike) ?? []), `${member.position} ${names.join(' ')}`]);
    } else {
      firstOf.set(member.message, member);
      if (names.length > 0 && !firstOfShape.has(shape)) firstOfShape.set(shape, member);
      takeDiagnostic(member, 0);
    }
  });
  for (const index of summaries) take(index);
  const owned = new Uint8Array(lines.length);
  for (const diagnostic of diagnostics) owned.fill(1, diagnostic.start, diagnostic.end);
  for (const index of context) owned[index] = 1;
  for (const index of summaries) owned[index] = 1;
  const others = [];
  for (let i = 0; i < lines.length; i++) if (owned[i] === 0 && (lines[i] ?? '').trim() !== '') others.push(i);
  for (const index of [...others.slice(0, OTHER_EDGE_LINES), ...others.slice(-OTHER_EDGE_LINES)]) take(index);
  if (query !== undefined) {
    // The best matches first, up to their share of the budget (a query naming a common word matches everything).
    const text = (diagnostic: Diagnostic) => lines.slice(diagnostic.start, diagnostic.end).join('\n');
    const score = createLineScorer(query, diagnostics.map(text));
    const ranked = diagnostics.map((diagnostic) => ({ diagnostic, score: score(text(diagnostic)) })).filter((match) => match.score > 0);
    ranked.sort((a, b) => b.score - a.score || a.diagnostic.start - b.diagnostic.start);
    const before = cost;
    for (const { diagnostic } of ranked) {
      if (cost - before >= budgetTokens * QUERY_SHARE) break;
      takeDiagnostic(diagnostic, FIRST_DETAILS);
    }
  }
  const header = digestHeader(groups, diagnostics.length);
  // Each list of an error's other places goes after the last kept line of its first report.
  const repeats = () => {
    const after = new Map<number, string>();
    const add = (first: Diagnostic, marker: string) => {
      let last = first.start;
      while (last + 1 < first.end && keep[last + 1] === 1) last++;
      const before = after.get(last);
      after.set(last, before === undefined ? marker : `${before}\n${marker}`);
    };
    for (const [first, places] of alsoAt) add(first, `[... the same error ${formatCount(places.length)} more ${places.length === 1 ? 'time' : 'times'}, at ${placesText(places)} ...]`);
    for (const [first, places] of alikeAt) add(first, `[... ${formatCount(places.length)} more ${places.length === 1 ? 'error' : 'errors'} like it, at: ${places.join('; ')} ...]`);
    return after;
  };
  const folded = [...alsoAt.values(), ...alikeAt.values()].reduce((sum, places) => sum + places.length, 0);
  // What must be kept, counted exactly; what the budget adds on top, estimated line by line.
  cost = countTokens(render(lines, keep, header, diagnostics, repeats(), folded).text);
  // More warnings while the budget lasts: the next occurrence of each rule in turn.
  const warnings = groups.filter((group) => group.severity === 'warning');
  for (let round = 1; cost < budgetTokens && warnings.some((group) => group.members.length > round); round++) {
    for (const group of warnings) {
      const member = group.members[round];
      if (member === undefined || cost >= budgetTokens) continue;
      takeDiagnostic(member, 0);
      if (member.end > member.start + 1) cost += GAP_MARKER_TOKENS;
    }
  }
  return render(lines, keep, header, diagnostics, repeats(), folded);
}

/** `src/a.c:3:1, src/a.c:9:4, src/b.c:2` as `src/a.c:3:1, :9:4; src/b.c:2`: each path once. */
function placesText(places: readonly string[]): string {
  const byPath = new Map<string, string[]>();
  for (const place of places) {
    // A stylish row's `12:5` has no path to share.
    const split = /^(.*?\D.*?)((?::\d+)+|\(\d+,\d+\))$/.exec(place);
    const path = split?.[1] ?? place;
    const where = split?.[2] ?? '';
    const list = byPath.get(path) ?? [];
    list.push(where);
    byPath.set(path, list);
  }
  return [...byPath].map(([path, wheres]) => `${path}${wheres.join(', ')}`).join(byPath.size === places.length ? ', ' : '; ');
}

function render(lines: readonly string[], keep: Uint8Array, header: readonly string[], diagnostics: readonly Diagnostic[], after: ReadonlyMap<number, string>, folded: number): BuildDigest {
  const out = [...header];
  let gapStart = -1;
  let omitted = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && keep[i] !== 1) {
      if (gapStart < 0) gapStart = i;
      continue;
    }
    // A one-line gap costs less as the line itself than as a marker.
    if (gapStart >= 0 && i - gapStart === 1) out.push(lines[gapStart] ?? '');
    else if (gapStart >= 0) {
      out.push(omittedLines(i - gapStart, gapStart + 1, i));
      omitted += i - gapStart;
    }
    gapStart = -1;
    if (i < lines.length) out.push(lines[i] ?? '');
    const repeats = after.get(i);
    if (repeats !== undefined) out.push(repeats);
  }
  const shown = diagnostics.filter((diagnostic) => keep[diagnostic.start] === 1).length + folded;
  return { text: out.join('\n'), omitted: `${formatCount(omitted)} of ${formatCount(lines.length)} lines omitted; ${formatCount(shown)} of ${formatCount(diagnostics.length)} diagnostics shown, every error among them` };
}
