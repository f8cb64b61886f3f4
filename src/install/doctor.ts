import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config.js';
import { createGrammars } from '../compressors/code/grammars.js';
import { openStorage } from '../store/open.js';
import { SERVER_NAME } from './entry.js';
import { CLIENTS, type Places, SCOPES, targetFor } from './targets.js';

export interface Check {
  ok: boolean;
  what: string;
  /** What to do about it, when not ok. */
  fix?: string;
}

const MIN_NODE_MAJOR = 20;

function configuredEntry(file: string, format: 'json' | 'toml'): { command?: string; args?: string[]; home?: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (format === 'json') {
    const entry = (JSON.parse(text) as { mcpServers?: Record<string, { command?: string; args?: string[]; env?: Record<string, string> }> }).mcpServers?.[SERVER_NAME];
    return entry === undefined ? undefined : { ...(entry.command === undefined ? {} : { command: entry.command }), ...(entry.args === undefined ? {} : { args: entry.args }), ...(entry.env?.HEADROOM_HOME === undefined ? {} : { home: entry.env.HEADROOM_HOME }) };
  }
  const table = new RegExp(`^\\[mcp_servers\\.${SERVER_NAME}\\]$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1];
  if (table === undefined) return undefined;
  const command = /^command\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(table)?.[1];
  const args = /^args\s*=\s*\[(.*)\]/m.exec(table)?.[1];
  const home = /HEADROOM_HOME\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(table)?.[1];
  return {
    ...(command === undefined ? {} : { command: JSON.parse(`"${command}"`) as string }),
    ...(args === undefined ? {} : { args: JSON.parse(`[${args}]`) as string[] }),
    ...(home === undefined ? {} : { home: JSON.parse(`"${home}"`) as string }),
  };
}

function runnable(path: string | undefined): boolean {
  if (path === undefined) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Checks that headroom works here and that each client's config points at a working command. */
export async function runDoctor(config: ResolvedConfig, places: Places): Promise<Check[]> {
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

  const grammars = createGrammars();
  checks.push((await grammars.load('typescript')) ? { ok: true, what: 'code grammars load (tree-sitter WASM)' } : { ok: false, what: 'code grammars do not load', fix: 'reinstall: npm install (the @vscode/tree-sitter-wasm package is missing or damaged)' });

  for (const client of CLIENTS) {
    for (const scope of SCOPES) {
      const target = targetFor(client, scope, places);
      if (target.config === undefined) continue;
      let entry: ReturnType<typeof configuredEntry>;
      try {
        entry = configuredEntry(target.config.file, target.config.format);
      } catch {
        checks.push({ ok: false, what: `${client} (${scope}): ${target.config.file} cannot be parsed`, fix: 'fix the file by hand, then run headroom install' });
        continue;
      }
      if (entry === undefined) continue;
      const script = entry.args?.[0];
      const fix = `run: headroom install ${client} --scope ${scope}`;
      if (!runnable(entry.command)) checks.push({ ok: false, what: `${client} (${scope}): command ${entry.command ?? '(none)'} is not runnable`, fix });
      else if (script?.endsWith('.js') && !existsSync(script)) checks.push({ ok: false, what: `${client} (${scope}): ${script} no longer exists`, fix });
      else if (entry.home !== undefined && entry.home !== config.home) checks.push({ ok: false, what: `${client} (${scope}): uses the store at ${entry.home}, not ${config.home}`, fix: `${fix} (so every client shares one store)` });
      else checks.push({ ok: true, what: `${client} (${scope}): ${target.config.file} starts headroom` });
    }
  }
  if (!checks.some((check) => / \((?:user|project)\): /.test(check.what))) checks.push({ ok: false, what: 'no client is set up to use headroom', fix: 'run: headroom install' });
  return checks;
}
