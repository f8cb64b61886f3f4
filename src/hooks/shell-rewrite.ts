import { shellQuote } from '../run/shell-quote.js';
import { objectOf } from './event.js';

/**
 * Which shell commands an agent's pre-tool hook sends through `headroom run`: everything
 * but what must reach the agent as it streams or needs a terminal (servers, watchers,
 * pagers, editors), plain file reads, and what is ours already.
 */
// A program in command position (first, or after ; & | or a subshell's paren).
const INTERACTIVE = /(?:^|[;&|(]\s*)(?:headroom|less|more|vim?|nano|emacs|top|htop|watch|ssh|man)(?:\s|$)/;
// Anywhere in the line: output that never ends, or ends only when someone stops it.
const ENDLESS = /\btail\s+(?:-\S+\s+)*-[a-zA-Z]*[fF]\b|--watch\b|\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:dev|start|serve|watch)\b|\blogs\s+(?:-\S+\s+)*-f\b/;
// Reading a file, whole or in part, with nothing after it: an agent without a read tool of its
// own (Codex) reads files this way before it edits them, and an edit needs the exact text.
const FILE_READ = /^\s*(?:cat|head|tail|nl|sed\s+-n|bat)\s[^|;&<>]*$/;
// A command already rewritten to call us (this node, this bin).
const OURS = /\bmain\.js['"]?\s+(?:run|hook)\b/;

/** Whether a shell command line should be run through `headroom run`. */
export function shouldWrap(commandLine: string): boolean {
  return commandLine.trim() !== '' && !INTERACTIVE.test(commandLine) && !ENDLESS.test(commandLine) && !FILE_READ.test(commandLine) && !OURS.test(commandLine);
}

/**
 * The command line that runs `commandLine` through `headroom run` (`self` is how to call
 * headroom: this node and this bin), in the user's shell so its syntax keeps working.
 */
export function wrappedCommandLine(commandLine: string, self: readonly string[]): string {
  return `${self.map(shellQuote).join(' ')} run -- "\${SHELL:-/bin/sh}" -c ${shellQuote(commandLine)}`;
}

/**
 * A shell tool's input with its `command` rewritten to run through `headroom run`, every other
 * field as it was; undefined when the command is not one to rewrite (or not a command line).
 */
export function rewrittenInput(toolInput: unknown, self: readonly string[]): Record<string, unknown> | undefined {
  const input = objectOf(toolInput);
  const command = input?.command;
  if (typeof command !== 'string' || !shouldWrap(command)) return undefined;
  return { ...input, command: wrappedCommandLine(command, self) };
}
