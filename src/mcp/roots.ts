import { fileURLToPath } from 'node:url';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

// A client that announces roots but never answers must not hang a tool call.
const ROOTS_TIMEOUT_MS = 3000;

/**
 * Tracks the directories the MCP client announces as roots. They are fetched on first use
 * and again whenever the client says they changed.
 */
export function createRootsTracker(server: Server): () => Promise<readonly string[]> {
  let cached: Promise<readonly string[]> | undefined;

  const fetchRoots = async (): Promise<readonly string[]> => {
    if (!server.getClientCapabilities()?.roots) return [];
    try {
      const { roots } = await server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
      return roots.flatMap((root) => (root.uri.startsWith('file://') ? [fileURLToPath(root.uri)] : []));
    } catch (error) {
      console.error('[headroom] could not list the client roots:', (error as Error).message);
      return [];
    }
  };

  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    cached = fetchRoots();
  });
  return () => (cached ??= fetchRoots());
}
