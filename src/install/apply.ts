import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CliResult, runCli, shellLine } from './claude-cli.js';
import type { FileChange, InstallPlan } from './install.js';

type Run = (argv: readonly string[], cwd: string) => CliResult;

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

function put(file: string, text: string | undefined, folder?: string): void {
  if (text === undefined) {
    rmSync(file, { force: true });
    if (folder !== undefined && readdirSync(folder).length === 0) rmdirSync(folder);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  // In place, not write-and-rename: a dotfile that is a symlink (dotfile managers) stays one.
  writeFileSync(file, text);
}

const verb = (change: FileChange) => (change.after === undefined ? `deleted ${change.file}` : change.before === undefined ? `created ${change.file}` : `updated ${change.file}`);

/**
 * Carries the plan out, all or nothing as far as it can be. The `claude mcp` calls run first:
 * they are the steps most likely to fail, and nothing else is touched until they succeed.
 * Files are written after, with their old text kept; if one cannot be written, the files
 * already written get their old text back and the calls are undone in reverse. The error
 * says what failed, what was rolled back and anything that could not be.
 * Returns what was done, one line a step.
 */
export function applyPlan(plan: InstallPlan, run: Run = runCli): string[] {
  const calls: string[][] = [];
  const written: FileChange[] = [];
  const rollback = (failed?: FileChange): string => {
    const stuck: string[] = [];
    // The file that failed may be half written; putting it back is best effort, since the
    // same fault (permissions, a file where a folder should be) most likely left it untouched.
    if (failed !== undefined) {
      try {
        put(failed.file, failed.before);
      } catch {}
    }
    for (const change of written.reverse()) {
      try {
        put(change.file, change.before);
      } catch (error) {
        stuck.push(`${change.file} (${code(error)}; it is ${verb(change).split(' ')[0]})`);
      }
    }
    for (const undo of calls.reverse()) {
      const result = run(undo, plan.cwd);
      if (!result.ok) stuck.push(`"${shellLine(undo)}" failed (${result.stderr.split('\n')[0] ?? 'error'}); run it by hand`);
    }
    return stuck.length === 0 ? 'Nothing was changed (the steps done before it were undone).' : `Could not undo: ${stuck.join('; ')}.`;
  };
  const done: string[] = [];
  for (const { call } of plan.calls) {
    const result = run(call.argv, plan.cwd);
    if (!result.ok) throw new Error(`"${shellLine(call.argv)}" failed: ${result.stderr || 'no message'}. ${rollback()} Fix that, then run headroom install again.`);
    if (call.undo !== undefined) calls.push(call.undo);
    done.push(`ran ${shellLine(call.argv.slice(0, 6).map((arg, index) => (index === 0 ? 'claude' : arg)))}`);
  }
  for (const change of plan.changes) {
    try {
      put(change.file, change.after, change.folder);
    } catch (error) {
      throw new Error(`Cannot write ${change.file} (${code(error)}); fix its permissions and run again. ${rollback(change)}`);
    }
    written.push(change);
    done.push(verb(change));
  }
  for (const file of plan.emptied) {
    // Last, and only when it is exactly empty: by now nothing can fail that would need it back.
    try {
      const left = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (JSON.stringify(left) === '{"mcpServers":{}}' || JSON.stringify(left) === '{}') {
        rmSync(file);
        done.push(`deleted ${file} (left empty)`);
      }
    } catch {}
  }
  return done;
}
