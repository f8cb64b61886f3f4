/**
 * Rows of a JSON array that a compressor should keep for a reason, not by sampling: error-like
 * values, rare categorical values and numeric outliers. Used to check that what headroom keeps
 * for a reason we keep too.
 */

const ERROR_VALUE = /\b(?:error|errors|failed|failure|fatal|exception|critical|panic|timeout|timed out|denied)\b/i;
const RARE_SHARE = 0.1;
const OUTLIER_Z = 3;

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The longest array of objects anywhere in `value`, or undefined. */
export function largestRowArray(value: unknown): Row[] | undefined {
  let best: Row[] | undefined;
  const walk = (node: unknown, depth: number) => {
    if (depth > 64) return;
    if (Array.isArray(node)) {
      if (node.length > 0 && node.every(isRow) && (best === undefined || node.length > best.length)) best = node as Row[];
      for (const item of node) walk(item, depth + 1);
    } else if (isRow(node)) {
      for (const item of Object.values(node)) walk(item, depth + 1);
    }
  };
  walk(value, 0);
  return best;
}

function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, out);
  else if (isRow(value)) for (const item of Object.values(value)) stringLeaves(item, out);
  return out;
}

/** Indexes of rows worth keeping, each with why. */
export function reasonRows(rows: readonly Row[]): Map<number, string> {
  const reasons = new Map<number, string>();
  rows.forEach((row, index) => {
    if (stringLeaves(row).some((text) => ERROR_VALUE.test(text))) reasons.set(index, 'error value');
  });
  if (rows.length < 10) return reasons;
  const keys = new Set(rows.flatMap((row) => Object.keys(row)));
  for (const key of keys) {
    const values = rows.map((row) => row[key]);
    const strings = values.filter((value): value is string => typeof value === 'string');
    if (strings.length === rows.length) {
      const counts = new Map<string, number>();
      for (const text of strings) counts.set(text, (counts.get(text) ?? 0) + 1);
      // Categorical: few distinct values; rare: one of them is seldom seen.
      if (counts.size > 1 && counts.size <= Math.max(3, rows.length / 5)) {
        values.forEach((value, index) => {
          if ((counts.get(value as string) ?? 0) <= rows.length * RARE_SHARE && !reasons.has(index)) reasons.set(index, `rare ${key}`);
        });
      }
    }
    const numbers = values.filter((value): value is number => typeof value === 'number');
    if (numbers.length === rows.length) {
      const mean = numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
      const sd = Math.sqrt(numbers.reduce((sum, value) => sum + (value - mean) ** 2, 0) / numbers.length);
      if (sd > 0) {
        numbers.forEach((value, index) => {
          if (Math.abs(value - mean) / sd > OUTLIER_Z && !reasons.has(index)) reasons.set(index, `outlier ${key}`);
        });
      }
    }
  }
  return reasons;
}
