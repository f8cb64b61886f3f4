import { parentPort } from 'node:worker_threads';
import { detect } from '../detect.js';
import { type ChooseInput, chooseView } from './choose.js';
import { countTokens } from '../tokens.js';
import { createCompressors, routerFor } from './registry.js';

/**
 * The worker thread a large input is compressed in (see off-thread.ts): the same compressors
 * as the main thread, so the view is the same; only where it runs differs.
 */
const router = routerFor(createCompressors());
// A worker exists to compress a large input, which is always counted: load the tokenizer now,
// while the worker waits for its first input.
countTokens('warm');

parentPort?.on('message', (message: { call: number; input: ChooseInput }) => {
  const { request } = message.input;
  // JSON and mixed inputs come without their parsed values (see off-thread.ts): detect them
  // here again, as the main thread did.
  const { kind } = request.detected;
  const input = kind === 'json' || kind === 'mixed' ? { ...message.input, request: { ...request, detected: detect(request.text, kind) } } : message.input;
  chooseView(router, input).then(
    (chosen) => parentPort?.postMessage({ call: message.call, chosen }),
    (error: unknown) => parentPort?.postMessage({ call: message.call, error: (error as Error).message ?? String(error) }),
  );
});
