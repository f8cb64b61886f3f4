import { splitLines } from '../../src/lines.js';

const OMITTED = /^\[\.\.\. ([\d,]+) (?:similar )?lines omitted \((?:line (\d+)|lines (\d+)-(\d+))\) \.\.\.\]$/;
const REPEATED = /^\[\.\.\. previous (?:line|([\d,]+) lines) repeated ([\d,]+) more times \((?:line (\d+)|lines (\d+)-(\d+))\) \.\.\.\]$/;
const FOOTER = /^\[headroom: .*\]$/;

const num = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));

/**
 * Walks a line-oriented view and checks every shown line against the original at the
 * position the markers imply: nothing altered, nothing fused, counts right. Returns the
 * 1-based original line numbers shown verbatim.
 */
export function verifyView(original: string, view: string): number[] {
  const lines = splitLines(original).lines;
  const shown: number[] = [];
  let next = 1; // original line the next view line must be
  let previousBlock: string[] = [];
  // The view is joined with \n by the compressor; split it exactly (an empty last line is a line).
  for (const line of view.split('\n')) {
    if (FOOTER.test(line)) continue;
    const omitted = OMITTED.exec(line);
    if (omitted) {
      const first = num(omitted[2] ?? omitted[3]);
      const last = omitted[2] ? first : num(omitted[4]);
      if (first !== next) throw new Error(`marker starts at ${first}, expected ${next}: ${line}`);
      if (num(omitted[1]) !== last - first + 1) throw new Error(`marker count wrong: ${line}`);
      next = last + 1;
      previousBlock = [];
      continue;
    }
    const repeated = REPEATED.exec(line);
    if (repeated) {
      const period = repeated[1] ? num(repeated[1]) : 1;
      const first = num(repeated[3] ?? repeated[4]);
      const last = repeated[3] ? first : num(repeated[5]);
      if (first !== next) throw new Error(`repeat starts at ${first}, expected ${next}: ${line}`);
      const block = previousBlock.slice(-period);
      for (let at = first; at <= last; at++) {
        if (lines[at - 1] !== block[(at - first) % period]) throw new Error(`repeat marker claims line ${at} repeats, it does not`);
      }
      next = last + 1;
      continue;
    }
    const expected = lines[next - 1] ?? '';
    if (line !== expected) {
      const cut = /^(.*)\[\.\.\. [\d,]+ chars omitted \.\.\.\](.*)$/s.exec(line);
      if (!cut || !expected.startsWith(cut[1] ?? '') || !expected.endsWith(cut[2] ?? '')) {
        throw new Error(`view line does not match original line ${next}:\n  view: ${line.slice(0, 120)}\n  orig: ${expected.slice(0, 120)}`);
      }
    }
    shown.push(next);
    previousBlock.push(line);
    next++;
  }
  if (next !== lines.length + 1) throw new Error(`view accounts for ${next - 1} of ${lines.length} lines`);
  return shown;
}
