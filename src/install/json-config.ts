import type { ServerEntry } from './entry.js';
import { SERVER_NAME } from './entry.js';

/**
 * Claude Code's and Cursor's JSON configs: our entry under `mcpServers.headroom`, every other
 * key and server left exactly as it was. Returns the new text, or the same text when nothing
 * changes (so running twice changes nothing).
 */
export function withServer(text: string | undefined, entry: ServerEntry | undefined, file: string): string {
  let config: Record<string, unknown> = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      config = parsed as Record<string, unknown>;
    } catch {
      throw new Error(`${file} is not valid JSON; fix it or move it aside, then run again (nothing was changed).`);
    }
  }
  const servers = (config.mcpServers ?? {}) as Record<string, unknown>;
  if (typeof servers !== 'object' || Array.isArray(servers)) throw new Error(`${file}: "mcpServers" is not an object; fix it first (nothing was changed).`);
  const current = servers[SERVER_NAME];
  if (entry === undefined) {
    if (current === undefined) return text ?? '';
    const { [SERVER_NAME]: _removed, ...rest } = servers;
    return `${JSON.stringify({ ...config, mcpServers: rest }, null, 2)}\n`;
  }
  if (JSON.stringify(current) === JSON.stringify(entry) && text !== undefined) return text;
  return `${JSON.stringify({ ...config, mcpServers: { ...servers, [SERVER_NAME]: entry } }, null, 2)}\n`;
}
