/**
 * Folding: runs of repeated lines or blocks become one copy plus a marker. Identical
 * repeats fold losslessly; near-repeats (same template, numbers/ids/timestamps varying)
 * keep their first and last copies around an omission marker.
 */

/** A stretch of original lines and how the view shows it. Line indexes are 0-based. */
export type Unit =
  | { type: 'line'; start: number; end: number }
  /** `period` lines shown once, then repeated identically until `end`. */
  | { type: 'repeat'; start: number; end: number; period: number }
  /** First and last `period`-line blocks shown; the blocks between share their template. */
  | { type: 'similar'; start: number; end: number; period: number };

const MAX_PERIOD = 8;
// A fold replaces lines with a ~15-token marker; below this many saved characters it does not pay.
const MIN_SAVED_CHARS = 64;

function blocksEqual(values: readonly string[], a: number, b: number, period: number): boolean {
  for (let k = 0; k < period; k++) if (values[a + k] !== values[b + k]) return false;
  return true;
}

/** How many consecutive copies of the block at `start` there are (at least 1). */
function copiesAt(values: readonly string[], start: number, period: number): number {
  let copies = 1;
  while (start + (copies + 1) * period <= values.length && blocksEqual(values, start, start + copies * period, period)) {
    copies++;
  }
  return copies;
}

function charsIn(lines: readonly string[], start: number, count: number): number {
  let chars = 0;
  for (let k = start; k < start + count; k++) chars += (lines[k]?.length ?? 0) + 1;
  return chars;
}

export interface FoldOptions {
  /** Fold near-repeats too (lossy). Identical repeats always fold. */
  similar: boolean;
}

export function foldLines(lines: readonly string[], templates: readonly string[], options: FoldOptions): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < lines.length) {
    let best: Unit | undefined;
    let bestSaved = MIN_SAVED_CHARS;
    for (let period = 1; period <= MAX_PERIOD && i + 2 * period <= lines.length; period++) {
      const exact = copiesAt(lines, i, period);
      if (exact >= 2) {
        const saved = charsIn(lines, i + period, (exact - 1) * period);
        if (saved > bestSaved) {
          best = { type: 'repeat', start: i, end: i + exact * period - 1, period };
          bestSaved = saved;
        }
      }
      if (!options.similar) continue;
      const alike = copiesAt(templates, i, period);
      if (alike >= 3 && alike > exact) {
        const saved = charsIn(lines, i + period, (alike - 2) * period);
        if (saved > bestSaved) {
          best = { type: 'similar', start: i, end: i + alike * period - 1, period };
          bestSaved = saved;
        }
      }
    }
    const unit = best ?? { type: 'line', start: i, end: i };
    units.push(unit);
    i = unit.end + 1;
  }
  return units;
}
