import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export const CLIENTS = ['claude', 'cursor', 'codex'] as const;
export type ClientName = (typeof CLIENTS)[number];
export const SCOPES = ['user', 'project'] as const;
export type Scope = (typeof SCOPES)[number];

/** Where things live on this machine; tests point it at temporary directories. */
export interface Places {
  home: string;
  cwd: string;
  codexHome: string;
  /** `CLAUDE_CONFIG_DIR`, which moves both `.claude.json` and the `.claude` folder's contents. */
  claudeConfigDir: string | undefined;
  path: string;
}

export function placesFrom(env: NodeJS.ProcessEnv, home: string, cwd: string): Places {
  const claudeConfigDir = env.CLAUDE_CONFIG_DIR === undefined || env.CLAUDE_CONFIG_DIR === '' ? undefined : env.CLAUDE_CONFIG_DIR;
  return { home, cwd, codexHome: env.CODEX_HOME ?? join(home, '.codex'), claudeConfigDir, path: env.PATH ?? '' };
}

export interface Target {
  client: ClientName;
  /** The MCP config file, and its format. */
  config: { file: string; format: 'json' | 'toml' } | undefined;
  /** The agent instructions file (CLAUDE.md / AGENTS.md), if the client reads one at this scope. */
  instructions: string | undefined;
  /** The file our hooks go in (Claude's settings.json, Codex's or Cursor's hooks.json), if any at this scope. */
  hooks: string | undefined;
  /** Why this client cannot be set up at this scope, if it cannot. */
  unsupported?: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The executable a command name runs from PATH, the way a client's spawn would find it. */
export function onPath(command: string, places: Places): string | undefined {
  for (const dir of places.path.split(delimiter)) {
    if (dir !== '' && executable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** What a configured `command` runs: itself when absolute (or relative to cwd), else from PATH. */
export function resolveCommand(command: string, places: Places): string | undefined {
  if (isAbsolute(command)) return executable(command) ? command : undefined;
  if (command.includes('/')) return executable(join(places.cwd, command)) ? join(places.cwd, command) : undefined;
  return onPath(command, places);
}

export function targetFor(client: ClientName, scope: Scope, places: Places): Target {
  const { home, cwd, codexHome, claudeConfigDir } = places;
  switch (client) {
    case 'claude':
      return scope === 'user'
        ? { client, config: { file: join(claudeConfigDir ?? home, '.claude.json'), format: 'json' }, instructions: join(claudeConfigDir ?? join(home, '.claude'), 'CLAUDE.md'), hooks: join(claudeConfigDir ?? join(home, '.claude'), 'settings.json') }
        : { client, config: { file: join(cwd, '.mcp.json'), format: 'json' }, instructions: join(cwd, 'CLAUDE.md'), hooks: join(cwd, '.claude', 'settings.json') };
    case 'cursor':
      return scope === 'user'
        ? { client, config: { file: join(home, '.cursor', 'mcp.json'), format: 'json' }, instructions: undefined, hooks: join(home, '.cursor', 'hooks.json') }
        : { client, config: { file: join(cwd, '.cursor', 'mcp.json'), format: 'json' }, instructions: join(cwd, 'AGENTS.md'), hooks: join(cwd, '.cursor', 'hooks.json') };
    case 'codex':
      return scope === 'user'
        ? { client, config: { file: join(codexHome, 'config.toml'), format: 'toml' }, instructions: join(codexHome, 'AGENTS.md'), hooks: join(codexHome, 'hooks.json') }
        : { client, config: undefined, instructions: join(cwd, 'AGENTS.md'), hooks: undefined, unsupported: 'Codex reads MCP servers only from its user config; run with --scope user for it' };
  }
}

/** Clients that look installed: their command on PATH or their config folder present. */
export function presentClients(places: Places): ClientName[] {
  const present: Record<ClientName, boolean> = {
    claude: onPath('claude', places) !== undefined || existsSync(places.claudeConfigDir ?? join(places.home, '.claude')) || existsSync(join(places.home, '.claude.json')),
    cursor: onPath('cursor', places) !== undefined || existsSync(join(places.home, '.cursor')),
    codex: onPath('codex', places) !== undefined || existsSync(places.codexHome),
  };
  return CLIENTS.filter((client) => present[client]);
}
