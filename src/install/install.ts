import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { lineDiff } from './diff.js';
import { SERVER_NAME, type ServerEntry } from './entry.js';
import { withInstructions } from './instructions.js';
import { withServer } from './json-config.js';
import { type ClientName, onPath, type Places, type Scope, targetFor } from './targets.js';
import { withCodexServer } from './toml-config.js';

export interface InstallRequest {
  clients: readonly ClientName[];
  scope: Scope;
  uninstall: boolean;
  /** Also write (or remove) the CLAUDE.md / AGENTS.md block. */
  instructions: boolean;
  entry: ServerEntry;
  places: Places;
}

/** One file to change, with its text before and after. */
export interface FileChange {
  client: ClientName;
  file: string;
  before: string | undefined;
  after: string;
}

export interface InstallPlan {
  changes: FileChange[];
  /** `claude mcp add ...` runs, when the Claude CLI is available. */
  commands: Array<{ client: ClientName; argv: string[] }>;
  notes: string[];
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    // Missing, or under something that is not a directory: either way there is no file yet.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed.`);
  }
}

/** What installing (or uninstalling) would change; reads files, writes nothing. */
export function planInstall(request: InstallRequest): InstallPlan {
  const plan: InstallPlan = { changes: [], commands: [], notes: [] };
  const claude = onPath('claude', request.places);
  for (const client of request.clients) {
    const target = targetFor(client, request.scope, request.places);
    if (target.unsupported !== undefined) plan.notes.push(`${client}: ${target.unsupported}.`);
    if (client === 'claude' && claude !== undefined) {
      // The Claude CLI owns its config: let it do the edit.
      const scope = ['--scope', request.scope];
      plan.commands.push({ client, argv: [claude, 'mcp', 'remove', ...scope, SERVER_NAME] });
      if (!request.uninstall) {
        const env = Object.entries(request.entry.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
        plan.commands.push({ client, argv: [claude, 'mcp', 'add', ...scope, ...env, SERVER_NAME, '--', request.entry.command, ...request.entry.args] });
      }
    } else if (target.config !== undefined) {
      const before = read(target.config.file);
      const entry = request.uninstall ? undefined : request.entry;
      const after = target.config.format === 'json' ? withServer(before, entry, target.config.file) : withCodexServer(before, entry);
      if (after !== (before ?? '')) plan.changes.push({ client, file: target.config.file, before, after });
    }
    if (request.instructions && target.instructions !== undefined) {
      const file = target.instructions;
      if (plan.changes.some((change) => change.file === file)) continue; // AGENTS.md shared by two clients
      const before = read(file);
      const after = withInstructions(before, request.uninstall);
      if (after !== (before ?? '')) plan.changes.push({ client, file, before, after });
    }
  }
  return plan;
}

/** The plan as text: each file's diff and each command, for --dry-run. */
export function describePlan(plan: InstallPlan): string {
  const parts = [...plan.notes];
  for (const change of plan.changes) parts.push(lineDiff(change.file, change.before ?? '', change.after));
  for (const command of plan.commands) parts.push(`would run: ${command.argv.join(' ')}`);
  if (plan.changes.length === 0 && plan.commands.length === 0) parts.push('Nothing to change: already as it should be.');
  return parts.join('\n\n');
}

/** Carries the plan out; a file it cannot write stops it with a message that says which. */
export function applyPlan(plan: InstallPlan): string[] {
  const done: string[] = [];
  for (const change of plan.changes) {
    try {
      mkdirSync(dirname(change.file), { recursive: true });
      writeFileSync(change.file, change.after);
    } catch (error) {
      throw new Error(`Cannot write ${change.file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); fix its permissions and run again. Done so far: ${done.length === 0 ? 'nothing' : done.join(', ')}.`);
    }
    done.push(change.file);
  }
  for (const command of plan.commands) {
    try {
      execFileSync(command.argv[0] as string, command.argv.slice(1), { stdio: 'pipe' });
      done.push(`claude mcp ${command.argv[2]}`);
    } catch (error) {
      // `remove` of a server that is not there fails; that is fine before an add.
      if (command.argv[2] !== 'remove') throw new Error(`${command.argv.join(' ')} failed: ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? 'error'}`);
    }
  }
  return done;
}
