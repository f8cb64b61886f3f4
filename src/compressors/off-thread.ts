import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChooseInput, Chosen } from './choose.js';

/**
 * Compression of large inputs on a worker thread, so that a call can really be stopped: at its
 * deadline, or when the client cancels it, the worker is terminated (its memory with it) and
 * the call answers without a view; the next large input starts a new worker. Meanwhile the
 * main thread goes on serving other calls. One worker, one input at a time; calls wait their
 * turn, and the wait counts against their deadline.
 */
export interface OffThread {
  /** The chosen view, or `stopped` when the deadline passed or `signal` aborted first. */
  choose(input: ChooseInput, timeoutMs: number, signal?: AbortSignal): Promise<Chosen | 'stopped'>;
  /** Starts the worker now, if none is running, so the next large input finds it ready. */
  warm(): void;
  close(): Promise<void>;
}

// Beside this module in the build (dist/src/compressors/worker.js). Run from the TypeScript
// sources (the test runner) there is no such file, and callers compress on their own thread.
const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/** An off-thread compressor, or undefined where the worker cannot be started (see WORKER_FILE). */
export function createOffThread(): OffThread | undefined {
  if (!existsSync(WORKER_FILE)) return undefined;
  let worker: Worker | undefined;
  let calls = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const stop = async () => {
    const stopping = worker;
    worker = undefined;
    await stopping?.terminate();
  };

  const runOne = (input: ChooseInput, timeoutMs: number, signal: AbortSignal | undefined): Promise<Chosen | 'stopped'> =>
    new Promise((resolve, reject) => {
      if (timeoutMs <= 0 || signal?.aborted) return resolve('stopped');
      worker ??= new Worker(WORKER_FILE);
      // A worker left idle must not keep the process alive.
      worker.unref();
      const current = worker;
      const call = ++calls;
      const settle = (done: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        current.off('message', onMessage);
        current.off('error', onError);
        current.off('exit', onExit);
        done();
      };
      // The answer does not wait for the thread to die: one stuck inside a long regular
      // expression stops only when that returns, seconds later.
      const halt = () =>
        settle(() => {
          void stop();
          resolve('stopped');
        });
      const onAbort = () => halt();
      const timer = setTimeout(halt, timeoutMs);
      const onMessage = (message: { call: number; chosen?: Chosen; error?: string }) => {
        if (message.call !== call) return;
        settle(() => (message.chosen === undefined ? reject(new Error(message.error ?? 'the compressor failed')) : resolve(message.chosen)));
      };
      const onError = (error: Error) => settle(() => void stop().then(() => reject(error)));
      const onExit = () => settle(() => {
        worker = undefined;
        reject(new Error('the compressor thread stopped'));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      current.on('message', onMessage);
      current.once('error', onError);
      current.once('exit', onExit);
      current.ref();
      // The parsed JSON (of a JSON input or a mixed one's parts) stays here: cloning it costs as
      // much as parsing it again, and a deeply nested one overflows the clone's stack. The
      // worker detects the text itself.
      const { detected } = input.request;
      const sent = detected.kind === 'json' || detected.kind === 'mixed' ? { ...input, request: { ...input.request, detected: { kind: detected.kind } } } : input;
      try {
        current.postMessage({ call, input: sent });
      } catch (error) {
        // Something the worker cannot be sent: this call fails (open); the worker stays.
        settle(() => reject(error));
      }
    });

  return {
    choose(input, timeoutMs, signal) {
      const started = performance.now();
      const run = queue.then(() => runOne(input, timeoutMs - (performance.now() - started), signal));
      queue = run.then(
        () => worker?.unref(),
        () => worker?.unref(),
      );
      return run;
    },
    warm() {
      if (worker !== undefined) return;
      worker = new Worker(WORKER_FILE);
      worker.unref();
      // A worker that fails to start is replaced by the next call.
      worker.once('error', () => void stop());
    },
    close: stop,
  };
}
