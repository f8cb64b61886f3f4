import type { Headroom } from '../headroom.js';

/** What the MCP tools call: the library's three operations. */
export type ToolBackend = Pick<Headroom, 'compress' | 'retrieve' | 'stats'>;

/**
 * The tools' backend while the library is still loading. The store, the compressors and the
 * tokenizer take about a second to load; the server answers `initialize` and `tools/list`
 * without them, and a tool call that comes first waits for them. `start` begins loading (the
 * server calls it once the client is initialized); a call before that starts it too.
 */
export function deferredBackend(open: () => Promise<Headroom>): ToolBackend & { start(): Promise<Headroom>; started(): Promise<Headroom> | undefined } {
  let opening: Promise<Headroom> | undefined;
  const start = () => {
    // One that failed (a store that would not open) is tried again by the next call.
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    start,
    started: () => opening,
    compress: async (...args) => (await start()).compress(...args),
    retrieve: async (...args) => (await start()).retrieve(...args),
    stats: async () => (await start()).stats(),
  };
}
