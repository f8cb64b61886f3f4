import { spawn } from 'node:child_process';

type Message = Record<string, unknown>;

export interface Conversation {
  /** Every line the server wrote to stdout, exactly, in order. */
  lines: string[];
  /** The parsed answer to each request sent, by its id. */
  answers: Map<unknown, Message>;
  /** The server's exit code. */
  code: number | null;
  stderr: string;
}

export interface ConverseOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The client's answer to a request the server makes (sampling, elicitation, roots). */
  answer?: (request: Message) => unknown;
  /** How long to wait after the last answer for trailing notifications, in ms (default 300). */
  settleMs?: number;
}

/**
 * A scripted MCP client at the byte level: spawns `argv`, writes each message as one line,
 * waits for the answer to each request before the next, answers the server's own requests
 * with `answer`, and records every line the server wrote. Nothing is re-serialized, so two
 * conversations can be compared byte for byte.
 */
export async function converse(argv: readonly string[], script: readonly Message[], options: ConverseOptions = {}): Promise<Conversation> {
  const child = spawn(argv[0] as string, argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const answers = new Map<unknown, Message>();
  const waiting = new Map<unknown, () => void>();
  let stderr = '';
  let rest = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    rest += chunk;
    for (let newline = rest.indexOf('\n'); newline >= 0; newline = rest.indexOf('\n')) {
      const line = rest.slice(0, newline);
      rest = rest.slice(newline + 1);
      lines.push(line);
      const message = JSON.parse(line) as Message;
      if (typeof message.method === 'string' && 'id' in message) {
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: options.answer?.(message) ?? {} })}\n`);
      } else if (!('method' in message) && 'id' in message) {
        answers.set(message.id, message);
        waiting.get(message.id)?.();
      }
    }
  });
  for (const message of script) {
    const answered = 'id' in message ? new Promise<void>((resolve) => waiting.set(message.id, resolve)) : undefined;
    child.stdin.write(`${JSON.stringify(message)}\n`);
    if (answered !== undefined) await Promise.race([answered, exited.then(() => { throw new Error(`the server exited before answering ${JSON.stringify(message).slice(0, 200)}; stderr: ${stderr}`); })]);
  }
  // Notifications the last request set off arrive after its answer.
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 300));
  child.stdin.end();
  // Some servers keep running after their input closes; a client would stop them.
  const stop = setTimeout(() => child.kill('SIGTERM'), 2_000);
  const code = await exited;
  clearTimeout(stop);
  return { lines, answers, code, stderr };
}

/** A JSON-RPC request. */
export function request(id: number, method: string, params?: unknown): Message {
  return { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) };
}

export const INITIALIZE = (capabilities: object = {}) =>
  request(0, 'initialize', { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'raw-test-client', version: '1.0.0' } });
export const INITIALIZED: Message = { jsonrpc: '2.0', method: 'notifications/initialized' };
