/** A Markdown table; numbers are right-aligned. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number' || /^[-+]?[\d,.]+(?:\s?(?:%|ms|x|MB|KB|s))?$/.test(String(row[column]))));
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, column) => (numeric[column] ? '---:' : '---')).join('|')}|`,
    ...cells.map((row) => `| ${row.join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Share saved going from `whole` to `part`, in percent with one decimal. */
export function savedPercent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1 - part / whole) * 1000) / 10;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${savedPercent(part, whole).toFixed(1)}%`;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 0.1) return `${value.toFixed(3)} ms`;
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value).toLocaleString('en-US')} ms`;
}

export function bytes(value: number): string {
  if (value >= 1_048_576) return `${(value / 1_048_576).toFixed(1)} MB`;
  if (value >= 1024) return `${Math.round(value / 1024)} KB`;
  return `${value} B`;
}
