import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ClientName } from './agent.js';

export const ROWS_DIR_ENV = 'HEADROOM_CLIENTS_ROWS_DIR';

/** One door through one client: what the original costs, and what the model was handed instead. */
export interface ReportRow {
  client: ClientName;
  door: string;
  originalTokens: number;
  modelTokens: number;
  /** Tool results it took (pages, or compress then retrieve). */
  calls: number;
}

/** Counts o200k tokens, the measure used in every table of this project. */
export function tokens(text: string): number {
  return countTokens(text);
}

/** Records a row for the report (a no-op outside the suite's global setup). */
export function record(row: ReportRow): void {
  const dir = process.env[ROWS_DIR_ENV];
  if (dir === undefined) return;
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(row)}\n`);
}

const CLIENT_ORDER = ['claude', 'codex'];

export function renderReport(rows: readonly ReportRow[]): string {
  const sorted = [...rows].sort((a, b) => a.door.localeCompare(b.door) || CLIENT_ORDER.indexOf(a.client) - CLIENT_ORDER.indexOf(b.client));
  const lines = [
    '| client | door | original tokens | tokens that reached the model | tool results |',
    '| --- | --- | ---: | ---: | ---: |',
    ...sorted.map((row) => `| ${row.client} | ${row.door.replaceAll('|', '\\|')} | ${row.originalTokens.toLocaleString('en-US')} | ${row.modelTokens.toLocaleString('en-US')} | ${row.calls} |`),
  ];
  return `${lines.join('\n')}\n`;
}
