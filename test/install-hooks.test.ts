import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@decimalturn/toml-patch';
import { beforeEach, describe, expect, it } from 'vitest';
import { codexTrustHash } from '../src/install/hooks-config.js';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const LISTING = readFileSync(new URL('../fixtures/ls-la.txt', import.meta.url), 'utf8');

let home: string;
let project: string;
const store = () => join(home, 'store');

beforeEach(() => {
  home = tempDir();
  project = tempDir();
  for (const dir of ['.claude', '.cursor', '.codex']) mkdirSync(join(home, dir), { recursive: true });
});

function headroom(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: project, encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: home, HEADROOM_HOME: store() } });
}

const json = (...parts: string[]) => JSON.parse(readFileSync(join(home, ...parts), 'utf8'));

// Hooks a user already has, which install must leave as they are.
const USER_CLAUDE = { model: 'opus', hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }], Stop: [{ hooks: [{ type: 'command', command: 'notify' }] }] } };
const USER_CURSOR = { version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }], preToolUse: [{ command: './audit.sh', matcher: 'Shell' }] } };

describe('headroom install sets up the hooks', () => {
  it('merges its hooks beside the user\'s, trusts its Codex hook, changes nothing twice, and takes only its own out', () => {
    writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify(USER_CLAUDE));
    writeFileSync(join(home, '.cursor', 'hooks.json'), JSON.stringify(USER_CURSOR));
    const out = headroom(['install', '--no-instructions']);
    expect(out.status, out.stderr).toBe(0);

    const claude = json('.claude', 'settings.json');
    expect(claude.model).toBe('opus');
    expect(claude.hooks.Stop).toEqual(USER_CLAUDE.hooks.Stop);
    expect(claude.hooks.PostToolUse[0]).toEqual(USER_CLAUDE.hooks.PostToolUse[0]);
    const ours = claude.hooks.PostToolUse[1];
    expect(ours.matcher).toBe('Bash|mcp__.*');
    expect(ours.hooks[0].command).toBe(`HEADROOM_HOME=${store()} ${process.execPath} ${BIN} hook claude`);
    expect(claude.hooks.PreToolUse).toEqual([{ matcher: 'Bash', hooks: ours.hooks }]);

    const cursor = json('.cursor', 'hooks.json');
    expect(cursor.hooks.afterFileEdit).toEqual(USER_CURSOR.hooks.afterFileEdit);
    expect(cursor.hooks.preToolUse.map((hook: { command: string }) => hook.command)).toEqual(['./audit.sh', `HEADROOM_HOME=${store()} ${process.execPath} ${BIN} hook cursor`]);
    expect(cursor.hooks.postToolUse[0].matcher).toBe('MCP:.*');

    const codexHooks = join(home, '.codex', 'hooks.json');
    const command = JSON.parse(readFileSync(codexHooks, 'utf8')).hooks.PreToolUse[0].hooks[0].command as string;
    const config = parse(readFileSync(join(home, '.codex', 'config.toml'), 'utf8')) as { hooks: { state: Record<string, { trusted_hash: string }> }; mcp_servers: Record<string, unknown> };
    expect(config.mcp_servers.headroom).toBeDefined();
    expect(config.hooks.state[`${codexHooks}:pre_tool_use:0:0`]?.trusted_hash).toBe(codexTrustHash(command));

    const files = () => ['.claude/settings.json', '.cursor/hooks.json', '.codex/hooks.json', '.codex/config.toml'].map((file) => (existsSync(join(home, file)) ? readFileSync(join(home, file), 'utf8') : undefined));
    const before = files();
    expect(headroom(['install', '--no-instructions']).stdout).toContain('Nothing to change');
    expect(files()).toEqual(before);
    expect(headroom(['doctor']).stdout).toMatch(/ok {4}codex hooks \(user\): .* runs headroom on PreToolUse/);

    expect(headroom(['install', '--uninstall']).status).toBe(0);
    expect(json('.claude', 'settings.json')).toEqual(USER_CLAUDE);
    expect(json('.cursor', 'hooks.json')).toEqual(USER_CURSOR);
    // Files that held nothing but ours are gone; config.toml loses the trust entry with the server.
    expect(existsSync(codexHooks)).toBe(false);
    expect(existsSync(join(home, '.codex', 'config.toml'))).toBe(false);
  });

  it('writes no hook with --no-hooks, and shows the hooks in a --dry-run diff', () => {
    expect(headroom(['install', 'claude', 'cursor', '--no-hooks', '--no-instructions']).status).toBe(0);
    expect(existsSync(join(home, '.claude', 'settings.json'))).toBe(false);
    expect(existsSync(join(home, '.cursor', 'hooks.json'))).toBe(false);
    const dry = headroom(['install', 'claude', '--dry-run']);
    expect(dry.stdout).toContain(`--- ${join(home, '.claude', 'settings.json')}`);
    expect(dry.stdout).toMatch(/^\+.*hook claude",$/m);
  });

  it('installs a hook command that works as the client runs it, on the store the server uses', () => {
    expect(headroom(['install', 'claude', '--no-instructions']).status).toBe(0);
    const command = json('.claude', 'settings.json').hooks.PostToolUse[0].hooks[0].command as string;
    const event = { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls -la /usr/bin' }, tool_response: { stdout: LISTING, stderr: '', interrupted: false, isImage: false } };
    // Claude Code runs a hook command with /bin/sh, with its own environment (no HEADROOM_HOME).
    const ran = spawnSync('/bin/sh', ['-c', command], { input: JSON.stringify(event), encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: home } });
    const view = JSON.parse(ran.stdout).hookSpecificOutput.updatedToolOutput.stdout as string;
    const hash = /hash=(hr_[0-9a-f]{16})/.exec(view)?.[1] ?? '';
    expect(headroom(['retrieve', hash]).stdout).toBe(LISTING);
  });

  it('says when Codex would skip the hook because it is not trusted', () => {
    expect(headroom(['install', 'codex', '--no-instructions']).status).toBe(0);
    const config = join(home, '.codex', 'config.toml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/trusted_hash = "sha256:[0-9a-f]+"/, 'trusted_hash = "sha256:00"'));
    const doctor = headroom(['doctor']);
    expect(doctor.stdout).toContain('Codex does not trust the hook');
    expect(doctor.status).toBe(1);
  });
});
