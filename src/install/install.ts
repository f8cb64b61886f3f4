import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CliCall, claudeCalls, shellLine } from './claude-cli.js';
import { lineDiff } from './diff.js';
import { entryFor, jsonEntry, SERVER_NAME } from './entry.js';
import { withInstructions } from './instructions.js';
import { rawJsonServer, withJsonServer } from './json-config.js';
import { codexTrustHash, codexTrustKey, hookCommand, withClaudeHook, withCodexHook, withCodexTrust, withCursorHooks } from './hooks-config.js';
import { type ClientName, onPath, type Places, type Scope, targetFor } from './targets.js';
import { withCodexServer } from './toml-config.js';

export interface InstallRequest {
  clients: readonly ClientName[];
  scope: Scope;
  uninstall: boolean;
  /** Also write (or remove) the CLAUDE.md / AGENTS.md block. */
  instructions: boolean;
  /** Also set up the hooks (`--no-hooks` leaves them out); uninstalling always takes ours out. */
  hooks: boolean;
  /** The store every user-scope entry points at (HEADROOM_HOME). */
  home: string;
  places: Places;
}

/** One file to change, with its text before and after; undefined means no file. */
export interface FileChange {
  client: ClientName;
  file: string;
  before: string | undefined;
  after: string | undefined;
  /** A folder install made for this file (project `.cursor/`), removed with it when left empty. */
  folder?: string;
}

export interface InstallPlan {
  changes: FileChange[];
  /** `claude mcp` calls, when the Claude CLI is on PATH: it owns its config, so it does the edit. */
  calls: Array<{ client: ClientName; call: CliCall }>;
  notes: string[];
  /**
   * Files the calls leave as `{"mcpServers": {}}` (Claude's project `.mcp.json` after
   * `claude mcp remove`), deleted once everything else succeeded.
   */
  emptied: string[];
  /** Where the calls run: Claude's project scope is the working directory's `.mcp.json`. */
  cwd: string;
}

/** A file's text; undefined when there is no such file. */
export function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    // Missing, or under something that is not a directory: either way there is no file yet.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed.`);
  }
}

/**
 * What installing (or uninstalling) would change; reads files, writes nothing, runs nothing.
 * With the Claude CLI on PATH the current entry is read from the file that CLI writes (user
 * scope: `.claude.json`, project scope: `.mcp.json`), so an entry that already matches needs no
 * call at all, and --dry-run can say so.
 */
export function planInstall(request: InstallRequest): InstallPlan {
  const { places, scope, uninstall } = request;
  const plan: InstallPlan = { changes: [], calls: [], notes: [], emptied: [], cwd: places.cwd };
  const claude = onPath('claude', places);
  const entry = entryFor(scope, request.home);
  for (const client of request.clients) {
    const target = targetFor(client, scope, places);
    if (target.unsupported !== undefined) plan.notes.push(`${client}: ${target.unsupported}.`);
    // Hooks are planned first (Codex's trust entry for its hook goes in the same config.toml as
    // the server) and written after the server's entry.
    let trust: ((text: string | undefined, file: string) => string | undefined) | undefined;
    let hookChange: FileChange | undefined;
    if (target.hooks !== undefined && (request.hooks || uninstall)) {
      const file = target.hooks;
      const before = read(file);
      const command = uninstall ? undefined : hookCommand(client, scope, request.home);
      let after: string | undefined;
      if (client === 'codex') {
        const placed = withCodexHook(before, command, file);
        after = placed.text;
        const trusted = command === undefined || placed.position === undefined ? undefined : { key: codexTrustKey(file, placed.position), hash: codexTrustHash(command) };
        trust = (text, configFile) => withCodexTrust(text, file, trusted, configFile);
      } else {
        after = client === 'claude' ? withClaudeHook(before, command, file) : withCursorHooks(before, command, file);
      }
      if (after !== before) hookChange = { client, file, before, after, ...(scope === 'project' ? { folder: dirname(file) } : {}) };
    }
    if (target.config !== undefined) {
      const { file, format } = target.config;
      const before = read(file);
      const server = format === 'toml' ? withCodexServer(before, uninstall ? undefined : entry, file) : withJsonServer(before, uninstall ? undefined : jsonEntry(client, entry), file);
      const after = trust === undefined ? server : trust(server, file);
      if (after !== before && client === 'claude' && claude !== undefined) {
        const wanted = after === undefined ? undefined : rawJsonServer(after, file);
        plan.calls.push(...claudeCalls(claude, scope, rawJsonServer(before, file), wanted).map((call) => ({ client, call })));
        if (after === undefined) plan.emptied.push(file);
      } else if (after !== before) plan.changes.push({ client, file, before, after, ...(client === 'cursor' && scope === 'project' ? { folder: dirname(file) } : {}) });
    }
    if (hookChange !== undefined) plan.changes.push(hookChange);
    if (request.instructions && target.instructions !== undefined) {
      const file = target.instructions;
      if (plan.changes.some((change) => change.file === file)) continue; // AGENTS.md shared by two clients
      const before = read(file);
      const text = withInstructions(before, uninstall);
      // A file left holding nothing but our block is ours: it goes when the block goes.
      const after = text === '' && (uninstall || before === undefined) ? undefined : text;
      if (after !== before) plan.changes.push({ client, file, before, after });
    }
  }
  if (scope === 'project' && !uninstall && onPath(SERVER_NAME, places) === undefined && (plan.changes.length > 0 || plan.calls.length > 0)) {
    plan.notes.push(`the project entry starts "${SERVER_NAME} mcp" from PATH (so it can be committed), and ${SERVER_NAME} is not on PATH here: run npm install -g headroom-mcp (each teammate too).`);
  }
  return plan;
}

/** The plan as text: each command and each file's diff, for --dry-run. */
export function describePlan(plan: InstallPlan): string {
  const parts = [...plan.notes];
  for (const { call } of plan.calls) parts.push(`would run: ${shellLine(call.argv)}`);
  for (const file of plan.emptied) parts.push(`would delete ${file} if the Claude CLI leaves it empty`);
  for (const change of plan.changes) {
    const diff = lineDiff(change.file, change.before ?? '', change.after ?? '');
    parts.push(change.after === undefined ? `${diff}\n(would delete ${change.file}: nothing else is left in it)` : diff);
  }
  if (plan.changes.length === 0 && plan.calls.length === 0) parts.push('Nothing to change: already as it should be.');
  return parts.join('\n\n');
}
