/**
 * Reads back a top-level table of the compact JSON form, independently of the renderer:
 * `[N]{a,b.c} (every row: k=v; id=0..9; msg="line {0..9}"):` then one row per line
 * (`×k` repeats a row). Cells: empty = missing, `null`, booleans, numbers, JSON strings,
 * bare strings. Used to prove the lossless table round-trips.
 */
type Value = null | boolean | number | string;
type Row = Record<string, unknown>;

function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quoted) {
      current += char;
      if (char === '\\') current += text[++index] ?? '';
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
      current += char;
    } else if (text.startsWith(separator, index)) {
      parts.push(current);
      current = '';
      index += separator.length - 1;
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function scalar(text: string): Value {
  if (text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  return text;
}

function setPath(row: Row, path: string[], value: unknown): void {
  let node = row;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Row;
  node[path[path.length - 1] as string] = value;
}

function columnPath(name: string): string[] {
  return splitOutside(name, '.').map((part) => (part.startsWith('"') ? (JSON.parse(part) as string) : part));
}

/** `name` or `name="prefix{}suffix"` (cells hold the middle). */
function column(spec: string): { path: string[]; pattern: string | undefined } {
  const parts = splitOutside(spec, '=');
  return parts.length > 1 ? { path: columnPath(parts[0] as string), pattern: JSON.parse(parts.slice(1).join('=')) as string } : { path: columnPath(spec), pattern: undefined };
}

const RANGE = /^(-?[\d.e+-]+)\.\.(-?[\d.e+-]+)(?: step (-?[\d.e+-]+))?$/;

function folded(spec: string, count: number): Array<(index: number) => Value> {
  const range = RANGE.exec(spec);
  if (range) {
    const first = Number(range[1]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    return [(index) => first + step * index];
  }
  if (spec.startsWith('"')) {
    const template = JSON.parse(spec) as string;
    if (/\{-?\d+\.\.-?\d+(?: step -?\d+)?\}/.test(template)) {
      return [
        (index) =>
          template.replace(/\{(-?\d+)\.\.(-?\d+)(?: step (-?\d+))?\}/g, (_, first: string, _last: string, step: string | undefined) => String(Number(first) + (step === undefined ? 1 : Number(step)) * index)),
      ];
    }
  }
  void count;
  return [() => scalar(spec)];
}

export function decodeTable(view: string): Row[] {
  const [header, ...lines] = view.split('\n');
  const match = /^\[(\d+)\](?:\{(.*?)\})?(?: \(every row: (.*)\))?:?$/.exec(header ?? '');
  if (!match) throw new Error(`not a table header: ${header}`);
  const count = Number(match[1]);
  const columns = match[2] === undefined || match[2] === '' ? [] : splitOutside(match[2], ',').map(column);
  const stated = match[3] === undefined ? [] : splitOutside(match[3], '; ').map((entry) => {
    const at = splitOutside(entry, '=');
    return { path: columnPath(at[0] as string), value: (folded(at.slice(1).join('='), count)[0] as (index: number) => Value) };
  });
  const rowsText: string[] = [];
  for (const line of lines) {
    const body = line;
    const repeat = / ×(\d+)$/.exec(body);
    const cells = repeat ? body.slice(0, -repeat[0].length) : body;
    for (let times = 0; times < (repeat ? Number(repeat[1]) : 1); times++) rowsText.push(cells);
  }
  const rows: Row[] = [];
  for (let index = 0; index < count; index++) {
    const row: Row = {};
    const cells = columns.length === 0 ? [] : splitOutside(rowsText[index] ?? '', ',');
    columns.forEach(({ path, pattern }, at) => {
      const cell = cells[at] ?? '';
      if (cell === '') return;
      if (pattern === undefined) setPath(row, path, scalar(cell));
      else setPath(row, path, pattern.replace('{}', () => (cell.startsWith('"') ? (JSON.parse(cell) as string) : cell)));
    });
    for (const { path, value } of stated) setPath(row, path, value(index));
    rows.push(row);
  }
  return rows;
}
