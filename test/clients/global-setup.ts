import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_BIN, CODEX_BIN, HEADROOM_CLI } from './paths.js';
import { ROWS_DIR_ENV, renderReport, type ReportRow } from './report.js';

/** Checks the pinned CLIs and the build are there, and writes the tokens report at the end. */
export default function setup(): () => void {
  for (const [file, fix] of [
    [CLAUDE_BIN, 'npm ci --prefix test/clients'],
    [CODEX_BIN, 'npm ci --prefix test/clients'],
    [HEADROOM_CLI, 'npm run build'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`${fix}\` (npm run test:clients does both).`);
  }
  const rowsDir = mkdtempSync(join(tmpdir(), 'headroom-clients-rows-'));
  process.env[ROWS_DIR_ENV] = rowsDir;
  return () => {
    const target = process.env.HEADROOM_CLIENTS_REPORT;
    if (target !== undefined && target !== '') {
      const rows = readdirSync(rowsDir).flatMap((file) => readFileSync(join(rowsDir, file), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ReportRow));
      writeFileSync(target, renderReport(rows));
    }
    rmSync(rowsDir, { recursive: true, force: true });
  };
}
