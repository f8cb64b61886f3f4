import { fileURLToPath } from 'node:url';

/** How every client starts the server: this node, this package's bin, one shared store. */
export interface ServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export const SERVER_NAME = 'headroom';

export function serverEntry(home: string): ServerEntry {
  const bin = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  return { command: process.execPath, args: [bin, 'mcp'], env: { HEADROOM_HOME: home } };
}
