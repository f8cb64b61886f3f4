import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { withCodexServer } from '../src/install/toml-config.js';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

let home: string;
let project: string;

function headroom(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: project, encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: home, HEADROOM_HOME: join(home, 'store'), ...env } });
}

const read = (...parts: string[]) => readFileSync(join(home, ...parts), 'utf8');

beforeEach(() => {
  home = tempDir();
  project = join(home, 'project');
  mkdirSync(project);
  mkdirSync(join(home, '.cursor'));
  mkdirSync(join(home, '.codex'));
  writeFileSync(join(home, '.cursor', 'mcp.json'), `${JSON.stringify({ mcpServers: { github: { command: 'gh-mcp', args: ['--stdio'] } }, theme: 'dark' }, null, 2)}\n`);
  writeFileSync(join(home, '.codex', 'config.toml'), 'model = "gpt-5"\n\n[mcp_servers.github]\ncommand = "gh-mcp"\n');
});

describe('headroom install', () => {
  it('adds headroom next to existing servers, pointing every client at one store, and changes nothing the second time', () => {
    const first = headroom(['install']);
    expect(first.status, first.stderr).toBe(0);
    const cursor = JSON.parse(read('.cursor', 'mcp.json')) as { mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>; theme: string };
    expect(cursor.theme).toBe('dark');
    expect(cursor.mcpServers.github).toEqual({ command: 'gh-mcp', args: ['--stdio'] });
    expect(cursor.mcpServers.headroom).toEqual({ command: process.execPath, args: [BIN, 'mcp'], env: { HEADROOM_HOME: join(home, 'store') } });
    const codex = read('.codex', 'config.toml');
    expect(codex).toContain('[mcp_servers.github]\ncommand = "gh-mcp"');
    expect(codex).toContain(`[mcp_servers.headroom]\ncommand = ${JSON.stringify(process.execPath)}`);
    expect(codex).toContain(`env = { HEADROOM_HOME = ${JSON.stringify(join(home, 'store'))} }`);
    expect(read('.codex', 'AGENTS.md')).toContain('headroom_compress');
    const before = [read('.cursor', 'mcp.json'), read('.codex', 'config.toml'), read('.codex', 'AGENTS.md')];
    const second = headroom(['install']);
    expect(second.stdout).toContain('Nothing to change');
    expect([read('.cursor', 'mcp.json'), read('.codex', 'config.toml'), read('.codex', 'AGENTS.md')]).toEqual(before);
  });

  it('shows a diff with --dry-run and writes nothing', () => {
    const before = read('.cursor', 'mcp.json');
    const out = headroom(['install', 'cursor', '--dry-run']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`--- ${join(home, '.cursor', 'mcp.json')}`);
    expect(out.stdout).toMatch(/^\+ {5}"headroom": \{$/m);
    expect(read('.cursor', 'mcp.json')).toBe(before);
  });

  it('undoes itself with --uninstall, leaving the other servers as they were', () => {
    const codexBefore = read('.codex', 'config.toml');
    headroom(['install']);
    const out = headroom(['install', '--uninstall']);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(read('.cursor', 'mcp.json'))).toEqual({ mcpServers: { github: { command: 'gh-mcp', args: ['--stdio'] } }, theme: 'dark' });
    expect(read('.codex', 'config.toml')).toBe(codexBefore);
    expect(read('.codex', 'AGENTS.md')).toBe('');
  });

  it('writes project files with --scope project, and honours CODEX_HOME', () => {
    const codexHome = join(home, 'elsewhere');
    const out = headroom(['install', 'claude', 'cursor', 'codex', '--scope', 'project'], { CODEX_HOME: codexHome });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')).mcpServers.headroom.args).toEqual([BIN, 'mcp']);
    expect(JSON.parse(readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8')).mcpServers.headroom).toBeDefined();
    expect(readFileSync(join(project, 'CLAUDE.md'), 'utf8')).toContain('<!-- headroom:start -->');
    expect(readFileSync(join(project, 'AGENTS.md'), 'utf8')).toContain('headroom_retrieve');
    expect(out.stderr).toContain('Codex reads MCP servers only from its user config');
    expect(headroom(['install', 'codex'], { CODEX_HOME: codexHome }).status).toBe(0);
    expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).toContain('[mcp_servers.headroom]');
  });

  it('refuses a malformed config, and a place it cannot write, saying which file and changing nothing', () => {
    writeFileSync(join(home, '.cursor', 'mcp.json'), '{ "mcpServers": { oops');
    const broken = headroom(['install', 'cursor']);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain(`${join(home, '.cursor', 'mcp.json')} is not valid JSON`);
    expect(read('.cursor', 'mcp.json')).toBe('{ "mcpServers": { oops');
    writeFileSync(join(project, '.cursor'), 'a file where a directory should be');
    const blocked = headroom(['install', 'cursor', '--scope', 'project', '--no-instructions']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain(`Cannot write ${join(project, '.cursor', 'mcp.json')}`);
  });

  it('prints the agent instructions block on request', () => {
    const out = headroom(['install', '--print-instructions']);
    expect(out.stdout).toContain('| headroom compress');
    expect(existsSync(join(home, '.codex', 'AGENTS.md'))).toBe(false);
  });

  it('keeps a TOML file byte for byte apart from its own table', () => {
    const text = '# settings\nmodel = "x"\n\n[mcp_servers.headroom]\ncommand = "old"\n\n[profiles.fast]\nmodel = "y"\n';
    const entry = { command: '/n', args: ['b', 'mcp'], env: { HEADROOM_HOME: '/h' } };
    const updated = withCodexServer(text, entry);
    expect(updated).toBe('# settings\nmodel = "x"\n\n[mcp_servers.headroom]\ncommand = "/n"\nargs = ["b", "mcp"]\nenv = { HEADROOM_HOME = "/h" }\n\n[profiles.fast]\nmodel = "y"\n');
    expect(withCodexServer(updated, entry)).toBe(updated);
    expect(withCodexServer(updated, undefined)).toBe('# settings\nmodel = "x"\n\n[profiles.fast]\nmodel = "y"\n');
  });
});

describe('headroom doctor', () => {
  it('passes after install and names the fix when a client points at something gone', () => {
    headroom(['install']);
    const healthy = headroom(['doctor']);
    expect(healthy.status, healthy.stdout).toBe(0);
    expect(healthy.stdout).toMatch(/^ok {4}store at .* is writable$/m);
    expect(healthy.stdout).toMatch(/^ok {4}cursor \(user\): /m);
    const config = JSON.parse(read('.cursor', 'mcp.json'));
    config.mcpServers.headroom.args = ['/nowhere/main.js', 'mcp'];
    writeFileSync(join(home, '.cursor', 'mcp.json'), JSON.stringify(config));
    const sick = headroom(['doctor']);
    expect(sick.status).toBe(1);
    expect(sick.stdout).toContain('FIX   cursor (user): /nowhere/main.js no longer exists');
    expect(sick.stdout).toContain('-> run: headroom install cursor --scope user');
  });
});
