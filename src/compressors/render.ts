import { omittedChars, omittedLines, repeatedLines } from '../marker.js';
import type { Unit } from './fold.js';

/** Lines longer than this are cut to a head and tail in lossy views. */
const LONG_LINE_CHARS = 2000;
const LONG_LINE_HEAD = 1200;
const LONG_LINE_TAIL = 400;

export interface RenderOptions {
  /** Cut over-long lines (lossy views only). */
  truncateLongLines: boolean;
}

function shown(line: string, options: RenderOptions): string {
  if (!options.truncateLongLines || line.length <= LONG_LINE_CHARS) return line;
  const dropped = line.length - LONG_LINE_HEAD - LONG_LINE_TAIL;
  return `${line.slice(0, LONG_LINE_HEAD)}${omittedChars(dropped)}${line.slice(-LONG_LINE_TAIL)}`;
}

/** The view of one unit, as output lines. */
export function renderUnit(lines: readonly string[], unit: Unit, options: RenderOptions): string[] {
  const block = (from: number, count: number) => lines.slice(from, from + count).map((line) => shown(line, options));
  switch (unit.type) {
    case 'line':
      return block(unit.start, 1);
    case 'repeat': {
      const times = (unit.end - unit.start + 1) / unit.period - 1;
      return [...block(unit.start, unit.period), repeatedLines(unit.period, times, unit.start + unit.period + 1, unit.end + 1)];
    }
    case 'similar': {
      const firstHidden = unit.start + unit.period;
      const lastHidden = unit.end - unit.period;
      return [
        ...block(unit.start, unit.period),
        omittedLines(lastHidden - firstHidden + 1, firstHidden + 1, lastHidden + 1, 'similar lines'),
        ...block(lastHidden + 1, unit.period),
      ];
    }
  }
}

/** Lines of the original that a unit does not show verbatim. */
export function hiddenLines(unit: Unit): number {
  return unit.type === 'similar' ? unit.end - unit.start + 1 - 2 * unit.period : 0;
}

export interface RenderedView {
  text: string;
  /** Original lines not shown verbatim and not recoverable from the view. */
  omitted: number;
  /** Whether any long line was cut. */
  truncated: boolean;
}

/** Renders the kept units in original order, with one marker per gap of dropped units. */
export function renderView(lines: readonly string[], units: readonly Unit[], keep: readonly boolean[], options: RenderOptions): RenderedView {
  const out: string[] = [];
  let omitted = 0;
  let truncated = false;
  let gapStart = -1;
  let gapEnd = -1;
  const closeGap = () => {
    if (gapStart < 0) return;
    out.push(omittedLines(gapEnd - gapStart + 1, gapStart + 1, gapEnd + 1));
    omitted += gapEnd - gapStart + 1;
    gapStart = -1;
  };
  units.forEach((unit, index) => {
    if (keep[index]) {
      closeGap();
      out.push(...renderUnit(lines, unit, options));
      omitted += hiddenLines(unit);
      truncated ||= options.truncateLongLines && lines.slice(unit.start, unit.end + 1).some((line) => line.length > LONG_LINE_CHARS);
    } else {
      if (gapStart < 0) gapStart = unit.start;
      gapEnd = unit.end;
    }
  });
  closeGap();
  return { text: out.join('\n'), omitted, truncated };
}
