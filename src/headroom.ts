import { type ConfigOverrides, type ResolvedConfig, resolveConfig } from './config.js';
import { createOffThread } from './compressors/off-thread.js';
import { createCompressors, routerFor } from './compressors/registry.js';
import { languageOfPath } from './compressors/code/languages.js';
import { InputError } from './errors.js';
import { type CompressOptions, type CompressResult, createPipeline } from './pipeline.js';
import { checkInputSize, readAllowedFile } from './read-input.js';
import { type RetrieveAnswer, type RetrieveRequest, retrieve } from './retrieve.js';
import { createSearcher } from './search/searcher.js';
import { createStats, type StatsReport } from './stats.js';
import { openStorage } from './store/open.js';
import type { Storage } from './store/types.js';
import { countTokens } from './tokens.js';

export interface CompressInput extends CompressOptions {
  /** The text to compress. Exactly one of `content` and `path`. */
  content?: string;
  /** A file to read and compress, confined to the allowed roots. */
  path?: string;
}

// How long after start a server warms its compression worker.
const WARM_AFTER_MS = 1_000;

export interface HeadroomOptions {
  /** Overrides on top of the `HEADROOM_*` environment. */
  config?: ConfigOverrides;
  /** Environment to read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Use this storage instead of opening the configured one (it is closed with the instance). */
  storage?: Storage;
  /** Clock for the store's TTL, epoch ms; injectable for tests. */
  now?: () => number;
  /**
   * Index each stored original for search after its compress call has answered (for
   * long-lived servers). Otherwise the first search indexes what it finds unindexed.
   */
  indexInBackground?: boolean;
  /**
   * Start the compression worker thread soon after start, so the first large input does not
   * wait for it (about a second, most of it loading the tokenizer). For long-lived servers.
   */
  warmWorker?: boolean;
}

/** The library: the same pipeline the MCP server and the CLI use, in-process. */
export interface Headroom {
  readonly config: ResolvedConfig;
  readonly storage: Storage;
  /**
   * Compresses `content` or the file at `path`. The original is stored before the view is
   * returned. `extraRoots` widens the allowed roots for this call (MCP client roots).
   */
  compress(input: CompressInput, extraRoots?: readonly string[]): Promise<CompressResult>;
  /** An original (paged when large), a search within it, or a search across all originals. */
  retrieve(request: RetrieveRequest): Promise<RetrieveAnswer>;
  stats(): Promise<StatsReport>;
  /** Deletes every stored original; returns how many there were. */
  purge(): Promise<number>;
  close(): Promise<void>;
}

// Background indexing starts once compress calls have paused this long, and one pass stops
// after BACKGROUND_INDEX_MS; the next pause starts another.
const INDEX_IDLE_MS = 250;
const BACKGROUND_INDEX_MS = 1_000;

/** Opens the store and wires the pipeline. */
export async function createHeadroom(options: HeadroomOptions = {}): Promise<Headroom> {
  const config = resolveConfig(options.env ?? process.env, options.config ?? {});
  const storage = options.storage ?? (await openStorage(config, options.now));
  const { originals } = storage;
  const stats = createStats(storage.usage, originals, storage.backend);
  const offThread = createOffThread();
  // After the server has answered its first requests: starting a thread competes for the CPU.
  if (options.warmWorker === true) setTimeout(() => offThread?.warm(), WARM_AFTER_MS).unref();
  const pipeline = createPipeline({ originals, router: routerFor(createCompressors()), stats, deadlineMs: config.deadlineMs, ...(offThread === undefined ? {} : { offThread }) });
  const searcher = createSearcher(originals, storage.terms);
  // Background indexing never fails a call: a search indexes whatever this left undone.
  // Passes are short, so closing never waits long on one.
  let background: Promise<unknown> = Promise.resolve();
  const indexInBackground = options.indexInBackground === true;
  let idleTimer: NodeJS.Timeout | undefined;
  // Debounced: back-to-back calls are not slowed by indexing; the gap after them is used.
  const indexWhenIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      background = searcher.index(BACKGROUND_INDEX_MS).catch(() => {});
    }, INDEX_IDLE_MS);
    idleTimer.unref();
  };

  return {
    config,
    storage,

    async compress(input, extraRoots = []) {
      const { content, path, ...options } = input;
      // A file's extension names its language; a known source extension also settles the kind.
      const language = options.language ?? (path === undefined ? undefined : languageOfPath(path));
      const compressOptions: CompressOptions = {
        ...options,
        ...(language === undefined ? {} : { language }),
        ...(path !== undefined && language !== undefined && (options.contentType ?? 'auto') === 'auto' ? { contentType: 'code' as const } : {}),
      };
      if ((content === undefined) === (path === undefined)) {
        throw new InputError('missing_argument', 'Give exactly one of content (the text) or path (a file to read).');
      }
      let text: string;
      if (path !== undefined) {
        text = await readAllowedFile(path, [...config.allowedRoots, ...extraRoots], config.maxInputBytes);
      } else {
        if (typeof content !== 'string') throw new InputError('bad_content', 'content must be a string.');
        checkInputSize(Buffer.byteLength(content, 'utf8'), config.maxInputBytes, 'content');
        text = content;
      }
      compressOptions.onProgress?.('read');
      if (compressOptions.maxTokens !== undefined && !(Number.isInteger(compressOptions.maxTokens) && compressOptions.maxTokens > 0)) {
        throw new InputError('bad_max_tokens', 'max_tokens must be a positive whole number of tokens.');
      }
      const result = await pipeline.compress(text, compressOptions);
      if (indexInBackground) indexWhenIdle();
      return result;
    },

    async retrieve(request) {
      const answer = await retrieve(request, { originals, searcher, ttlMs: config.ttlMs });
      // A store that cannot write (a full disk) still serves reads: the count is best effort.
      await stats.record({ retrieveCalls: 1, tokensRetrieved: countTokens(answer.blocks.join('\n')) }).catch(() => {});
      return answer;
    },

    stats: () => stats.report(),
    async purge() {
      const count = await originals.purge();
      await storage.terms.clear();
      return count;
    },
    async close() {
      clearTimeout(idleTimer);
      await background;
      await offThread?.close();
      await storage.close();
    },
  };
}
