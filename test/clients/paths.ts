import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLIENTS_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO = join(CLIENTS_DIR, '..', '..');
/** The built CLI; the suite runs what `npm run build` produced, as a user would. */
export const HEADROOM_CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');
export const CLAUDE_BIN = join(CLIENTS_DIR, 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');
export const CODEX_BIN = join(CLIENTS_DIR, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
export const PROBE_SERVER = join(CLIENTS_DIR, 'probe-server.mjs');
export const NODE = process.execPath;

/** The PATH a CLI run gets: only what the run needs, then the system directories. */
export function runPath(extra: readonly string[]): string {
  return [...extra, dirname(NODE), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
}

/** A `headroom` command for the agent's shell: the built CLI on the run's own store. */
export function headroomShim(dir: string, headroomHome: string): string {
  return writeShims(dir, { headroom: ['env', `HEADROOM_HOME=${headroomHome}`, NODE, HEADROOM_CLI] });
}

/** A directory holding `name` scripts that exec `command args… "$@"`, to put on a run's PATH. */
export function writeShims(dir: string, shims: Record<string, readonly string[]>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, argv] of Object.entries(shims)) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\nexec ${argv.map(shellQuote).join(' ')} "$@"\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
