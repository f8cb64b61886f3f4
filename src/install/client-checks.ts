import { existsSync, readFileSync } from 'node:fs';
import { claudeStatus, type CliResult, runCli } from './claude-cli.js';
import { type FoundEntry, SERVER_NAME } from './entry.js';
import { readJsonServer } from './json-config.js';
import { CLIENTS, type ClientName, onPath, type Places, presentClients, resolveCommand, type Scope, SCOPES, targetFor } from './targets.js';
import { readCodexServer } from './toml-config.js';

export interface Check {
  ok: boolean;
  what: string;
  /** What to do about it, when not ok. */
  fix?: string;
}

export type Run = (argv: readonly string[], cwd: string) => CliResult;

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether one configured entry would start a working headroom on this machine, with this store. */
function entryCheck(client: ClientName, scope: Scope, file: string, entry: FoundEntry, home: string, places: Places): Check {
  const where = `${client} (${scope})`;
  const fix = `run: headroom install ${client} --scope ${scope}`;
  if (entry.type !== undefined && entry.type !== 'stdio') return { ok: false, what: `${where}: ${file} has a "${entry.type}" entry for ${SERVER_NAME}, not a stdio one`, fix: `remove it, then ${fix}` };
  if (entry.command === undefined) return { ok: false, what: `${where}: ${file} has an entry for ${SERVER_NAME} without a command`, fix };
  const resolved = resolveCommand(entry.command, places);
  if (resolved === undefined) {
    const portable = entry.command === SERVER_NAME;
    return { ok: false, what: `${where}: command ${entry.command} is not ${portable ? 'on PATH' : 'runnable'}`, fix: portable ? `run: npm install -g headroom-mcp (the project entry starts ${SERVER_NAME} from PATH)` : fix };
  }
  const script = entry.args[0];
  if (script?.endsWith('.js') && !existsSync(script)) return { ok: false, what: `${where}: ${script} no longer exists`, fix };
  const store = entry.env.HEADROOM_HOME;
  if (store !== undefined && store !== home) return { ok: false, what: `${where}: uses the store at ${store}, not ${home}`, fix: `${fix} (so every client shares one store)` };
  return { ok: true, what: `${where}: ${file} starts headroom (${resolved}${entry.args.length > 0 ? ` ${entry.args.join(' ')}` : ''})` };
}

/** Claude Code's own view: `claude mcp get` starts the server, so a broken entry shows as failed. */
function claudeCheck(claude: string, places: Places, run: Run): { check: Check; configured: boolean } {
  const status = claudeStatus(claude, places.cwd, run);
  if (status === undefined) return { configured: false, check: { ok: false, what: 'claude: "claude mcp get headroom" knows no headroom server', fix: 'run: headroom install claude' } };
  if ('error' in status) return { configured: false, check: { ok: false, what: `claude: "claude mcp get headroom" failed: ${status.error}`, fix: 'run claude mcp list to see what Claude Code reports, then headroom install claude' } };
  const what = `claude: "claude mcp get headroom" says ${status.status} (${status.scope})`;
  switch (status.health) {
    case 'connected':
      return { configured: true, check: { ok: true, what } };
    case 'pending':
      return { configured: true, check: { ok: false, what, fix: 'start claude in this project and approve the headroom server from .mcp.json' } };
    case 'disabled':
      return { configured: true, check: { ok: false, what, fix: 'enable it in claude (/mcp)' } };
    case 'failed':
    case 'unknown':
      return { configured: true, check: { ok: false, what, fix: 'run: headroom install claude, then headroom doctor again' } };
  }
}

/** Codex's own view of its config; it refuses the whole file over one bad table, so this catches what a parse of ours might not. */
function codexCheck(codex: string, places: Places, run: Run): { check: Check; configured: boolean } | undefined {
  const result = run([codex, 'mcp', 'get', SERVER_NAME, '--json'], places.cwd);
  if (!result.ok) {
    if (/No MCP server named/.test(result.stderr)) return undefined;
    // Codex prints warnings and a backtrace around the cause; the cause is what to show.
    const lines = result.stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('WARNING') && !/^\d+: <unknown>$|^Stack backtrace|^\||^\^|^Caused by/.test(line));
    return { configured: true, check: { ok: false, what: `codex: "codex mcp get headroom" fails: ${lines.slice(0, 3).join(' ')}`, fix: 'fix config.toml where Codex points (headroom install codex repairs a headroom table it can parse), then run headroom doctor again' } };
  }
  let enabled = true;
  try {
    enabled = (JSON.parse(result.stdout) as { enabled?: boolean }).enabled !== false;
  } catch {}
  return enabled
    ? { configured: true, check: { ok: true, what: 'codex: "codex mcp get headroom" reads the entry' } }
    : { configured: true, check: { ok: false, what: 'codex: the headroom server is disabled in config.toml', fix: 'set enabled = true under [mcp_servers.headroom]' } };
}

/**
 * For every client: each config that names headroom, whether it starts a working headroom with
 * this store, what the client's own CLI says when it is on PATH, and, for a client that looks
 * installed, a failing check when headroom is configured nowhere.
 */
export function clientChecks(home: string, places: Places, run: Run = runCli): Check[] {
  const checks: Check[] = [];
  const present = presentClients(places);
  for (const client of CLIENTS) {
    let configured = false;
    for (const scope of SCOPES) {
      const target = targetFor(client, scope, places);
      if (target.config === undefined) continue;
      const { file, format } = target.config;
      let entry: FoundEntry | undefined;
      try {
        entry = format === 'toml' ? readCodexServer(readText(file), file) : readJsonServer(readText(file), file);
      } catch (error) {
        checks.push({ ok: false, what: `${client} (${scope}): ${(error as Error).message.replace(/ \(nothing was changed\)\.?$| \(or move it aside\).*$/, '')}`, fix: 'fix the file by hand, then run headroom install' });
        configured = true;
        continue;
      }
      if (entry === undefined) continue;
      configured = true;
      checks.push(entryCheck(client, scope, file, entry, home, places));
    }
    const cli = client === 'cursor' ? undefined : onPath(client, places);
    if (cli !== undefined && client === 'claude') {
      const asked = claudeCheck(cli, places, run);
      // Without a file entry the CLI may still know one (local scope, in ~/.claude.json's projects).
      if (configured || asked.configured) checks.push(asked.check);
      configured ||= asked.configured;
    } else if (cli !== undefined && client === 'codex') {
      const asked = codexCheck(cli, places, run);
      if (asked !== undefined) checks.push(asked.check);
    }
    if (!configured && present.includes(client)) checks.push({ ok: false, what: `${client}: headroom is not configured`, fix: `run: headroom install ${client}` });
  }
  return checks;
}
