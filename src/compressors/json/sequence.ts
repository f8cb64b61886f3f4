import { formatScalar } from './scalar.js';
import type { Scalar } from './values.js';

/** Runs shorter than this stay spelled out: `3,4,5` is as short as `3..5`. */
const MIN_RANGE = 4;
const MIN_REPEAT = 3;
/** Longest repeating block looked for, e.g. `(10,11,12) ×6`. */
const MAX_PERIOD = 4;

/**
 * Step of an arithmetic progression that regenerates every value exactly (`first + step * i`,
 * in floating point), else undefined. Exactness is what makes stating it once lossless.
 */
export function progressionStep(values: readonly unknown[]): number | undefined {
  const first = values[0];
  const second = values[1];
  if (values.length < 2 || typeof first !== 'number' || typeof second !== 'number') return undefined;
  const step = second - first;
  for (let index = 1; index < values.length; index++) if (values[index] !== first + step * index) return undefined;
  return step;
}

/** `0..19`, `1000..1049`, `0..30 step 1.5`. */
export function formatRange(first: number, last: number, step: number): string {
  return step === 1 ? `${first}..${last}` : `${first}..${last} step ${step}`;
}

/** A block of 2-4 values starting at `start` that repeats at least 3 times in a row. */
function repeatingBlock(values: readonly Scalar[], start: number): { period: number; times: number } | undefined {
  for (let period = 2; period <= MAX_PERIOD; period++) {
    let times = 1;
    while (start + (times + 1) * period <= values.length) {
      let same = true;
      for (let offset = 0; offset < period && same; offset++) same = values[start + times * period + offset] === values[start + offset];
      if (!same) break;
      times++;
    }
    if (times >= MIN_REPEAT) return { period, times };
  }
  return undefined;
}

/**
 * Scalars written losslessly with runs folded: identical neighbours as `end ×5`, repeating
 * blocks as `(a,b,c) ×6`, integer progressions as `0..19`. Strings never fold into ranges.
 */
export function foldScalars(values: readonly Scalar[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < values.length) {
    const value = values[index] as Scalar;
    let end = index + 1;
    while (end < values.length && values[end] === value) end++;
    if (end - index >= MIN_REPEAT) {
      out.push(`${formatScalar(value)} ×${end - index}`);
      index = end;
      continue;
    }
    const block = repeatingBlock(values, index);
    if (block !== undefined) {
      out.push(`(${foldScalars(values.slice(index, index + block.period)).join(',')}) ×${block.times}`);
      index += block.period * block.times;
      continue;
    }
    if (typeof value === 'number' && typeof values[index + 1] === 'number') {
      const step = (values[index + 1] as number) - value;
      end = index + 2;
      while (end < values.length && values[end] === value + step * (end - index)) end++;
      if (step !== 0 && end - index >= MIN_RANGE && Number.isInteger(step) && Number.isInteger(value)) {
        out.push(formatRange(value, values[end - 1] as number, step));
        index = end;
        continue;
      }
    }
    out.push(formatScalar(value));
    index++;
  }
  return out;
}
