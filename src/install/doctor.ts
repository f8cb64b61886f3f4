import { join } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { createGrammars } from '../compressors/code/grammars.js';
import { openStorage } from '../store/open.js';
import { movedAside } from '../store/damaged.js';
import { salvage } from '../store/salvage.js';
import { STORE_FILE } from '../store/sqlite.js';
import { type Check, clientChecks, type Run } from './client-checks.js';
import { runCli } from './claude-cli.js';
import { hookChecks } from './hook-checks.js';
import type { Places } from './targets.js';

export type { Check } from './client-checks.js';

const MIN_NODE_MAJOR = 20;

/** Checks that headroom works here and, for each client, that it is configured and starts a working headroom. */
export async function runDoctor(config: ResolvedConfig, places: Places, run: Run = runCli): Promise<Check[]> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push(major >= MIN_NODE_MAJOR ? { ok: true, what: `Node ${process.versions.node}` } : { ok: false, what: `Node ${process.versions.node}`, fix: `install Node ${MIN_NODE_MAJOR} or newer` });

  try {
    const storage = await openStorage(config);
    const meta = await storage.originals.put({ content: `headroom doctor probe ${Date.now()}`, kind: 'text', tokens: 5, source: 'doctor' });
    const back = await storage.originals.get(meta.id);
    await storage.originals.delete(meta.id);
    await storage.close();
    checks.push(back === undefined ? { ok: false, what: `store at ${config.home}: wrote but could not read back`, fix: 'check the disk and the directory permissions' } : { ok: true, what: `store at ${config.home} (${config.store}) is writable` });
  } catch (error) {
    checks.push({ ok: false, what: `store at ${config.home}: ${(error as Error).message}`, fix: 'make the directory writable, or set HEADROOM_HOME to one that is' });
  }

  const damaged = movedAside(join(config.home, STORE_FILE));
  if (damaged.length > 0) checks.push({ ok: false, what: `${damaged.length} damaged store file(s) moved aside in ${config.home}`, fix: 'run: headroom doctor --repair (copies what can still be read into the store), then delete them' });

  const grammars = createGrammars();
  checks.push((await grammars.load('typescript')) ? { ok: true, what: 'code grammars load (tree-sitter WASM)' } : { ok: false, what: 'code grammars do not load', fix: 'reinstall: npm install (the @vscode/tree-sitter-wasm package is missing or damaged)' });

  const clients = clientChecks(config.home, places, run);
  checks.push(...clients);
  if (clients.length === 0) checks.push({ ok: false, what: 'no client is set up to use headroom', fix: 'run: headroom install' });
  checks.push(...hookChecks(places));
  return checks;
}

/**
 * Copies every original that can still be read from the damaged store files in the home into
 * the store; one line per file. The damaged files are left as they are.
 */
export async function repairStore(config: ResolvedConfig, say: (line: string) => void): Promise<void> {
  const damaged = movedAside(join(config.home, STORE_FILE));
  if (damaged.length === 0) {
    say(`Nothing to repair: no damaged store file in ${config.home}.`);
    return;
  }
  const storage = await openStorage(config);
  try {
    for (const file of damaged) {
      say(`${file}: reading...`);
      const found = await salvage(file, storage.originals);
      if (found.unreadable !== undefined) say(`${file}: nothing could be read (${found.unreadable}).`);
      else say(`${file}: ${found.recovered} of ${found.recovered + found.lost} originals recovered byte for byte${found.lost > 0 ? `, ${found.lost} unreadable or incomplete` : ''}.`);
    }
  } finally {
    await storage.close();
  }
  say('The damaged files were left as they are; delete them when you no longer need them.');
}
