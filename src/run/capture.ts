import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface Captured {
  /** stdout and stderr as one stream, in the order they were written, as a terminal shows them. */
  output: Buffer[];
  /** The exit status to pass on: the command's own, or 128 + the signal that ended it (as a shell does). */
  status: number;
  /** Set when the output outgrew the capture limit: what was captured went out as it was, and so did the rest. */
  overflowed: boolean;
}

export interface CaptureOptions {
  /** Bytes of output kept for compressing; past this, output streams through unchanged. */
  maxBytes: number;
  /** Where output goes when it streams through (overflow). Default this process's stdout. */
  write?: (data: Buffer) => void;
}

// Sent to us alone (by an agent stopping a command, by `kill`): the command must get them too.
// A terminal's Ctrl-C reaches the whole foreground process group, the command included, so
// SIGINT is passed on only when there is no terminal (otherwise the command would get it twice).
const FORWARDED: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGINT'];

/**
 * Runs `argv` (or, with `shell`, one command line) through `/bin/sh` with stderr joined to
 * stdout (one pipe, so their order is exactly the order of the writes) and stdin inherited.
 * Resolves when the command exits; a command that cannot be found exits 127, as in a shell.
 */
export function capture(command: { argv: readonly string[] } | { shell: string }, options: CaptureOptions): Promise<Captured> {
  const write = options.write ?? ((data: Buffer) => process.stdout.write(data));
  const args = 'shell' in command ? ['-c', `exec 2>&1\n${command.shell}`] : ['-c', 'exec "$@" 2>&1', 'sh', ...command.argv];
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', args, { stdio: ['inherit', 'pipe', 'inherit'] });
    const output: Buffer[] = [];
    let bytes = 0;
    let overflowed = false;
    child.stdout.on('data', (data: Buffer) => {
      if (overflowed) return write(data);
      output.push(data);
      bytes += data.length;
      if (bytes <= options.maxBytes) return;
      // Too big to hold: out goes what was held, and the rest follows as it comes.
      overflowed = true;
      for (const held of output.splice(0)) write(held);
    });
    const forward = (signal: NodeJS.Signals) => {
      if (signal === 'SIGINT' && process.stdin.isTTY) return;
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error) => {
      stopForwarding();
      reject(error);
    });
    // 'close' waits for the pipe to drain, so no output is lost after exit.
    child.once('close', (code, signal) => {
      stopForwarding();
      const number = signal === null ? undefined : constants.signals[signal];
      resolve({ output, status: code ?? 128 + (number ?? 0), overflowed });
    });
  });
}
