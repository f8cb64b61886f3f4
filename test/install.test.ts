import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@decimalturn/toml-patch';
import { beforeEach, describe, expect, it } from 'vitest';
import { withCodexServer } from '../src/install/toml-config.js';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

/**
 * Recorded from the real clients (codex-cli 0.171.0, Claude Code 2.1.332). `codex mcp add NAME
 * --env K=V -- CMD ARGS` writes the env as a sub-table, not inline; paths shortened.
 */
const CODEX_WRITTEN = `[mcp_servers.headroom]
command = "/usr/bin/node"
args = ["/old/dist/src/cli/main.js", "mcp"]

[mcp_servers.headroom.env]
HEADROOM_HOME = "/old/store"

[mcp_servers.github]
command = "gh-mcp"
args = ["--stdio"]

[mcp_servers.github.env]
A = "1"
B = "2"
`;

/** `claude mcp get NAME` for a stdio server whose command does not exist; it exits 0. */
const CLAUDE_GET_FAILED = `headroom:
  Scope: User config (available in all your projects)
  Status: ✘ Failed to connect
  Issue: ENOENT: no such file or directory, posix_spawn '/gone/node'
  Type: stdio
  Command: /gone/node
  Args: /gone/main.js mcp
  Environment:
    HEADROOM_HOME=/h

To remove this server, run: claude mcp remove headroom -s user
`;

let home: string;
let project: string;

function headroom(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: project, encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: home, HEADROOM_HOME: join(home, 'store'), ...env } });
}

const read = (...parts: string[]) => readFileSync(join(home, ...parts), 'utf8');
const store = () => join(home, 'store');

/**
 * A stand-in `claude` on PATH: logs every call, fails the subcommand named in FAKE_CLAUDE_FAIL,
 * and answers `mcp get` with FAKE_CLAUDE_GET. The real CLI is exercised by test/clients/.
 */
function fakeClaude(): { env: Record<string, string>; calls: () => string[] } {
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(home, 'claude-calls.log');
  writeFileSync(
    join(bin, 'claude'),
    `#!/bin/sh
echo "$*" >> "$FAKE_CLAUDE_LOG"
if [ "$2" = "$FAKE_CLAUDE_FAIL" ]; then echo "boom: $2 refused" >&2; exit 1; fi
if [ "$2" = "get" ]; then if [ -n "$FAKE_CLAUDE_GET" ]; then cat "$FAKE_CLAUDE_GET"; exit 0; fi; echo 'No MCP server named "headroom".' >&2; exit 1; fi
exit 0
`,
  );
  chmodSync(join(bin, 'claude'), 0o755);
  return {
    env: { PATH: `${bin}:/usr/bin:/bin`, FAKE_CLAUDE_LOG: log, FAKE_CLAUDE_FAIL: '', FAKE_CLAUDE_GET: '' },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}

/** Every file under home, with its text: what "nothing changed" is checked against. */
function snapshot(): Record<string, string | undefined> {
  const files = ['.claude.json', '.claude/CLAUDE.md', '.cursor/mcp.json', '.codex/config.toml', '.codex/AGENTS.md', 'project/.mcp.json', 'project/CLAUDE.md', 'project/AGENTS.md', 'project/.cursor/mcp.json'];
  return Object.fromEntries(files.map((file) => [file, existsSync(join(home, file)) ? read(file) : undefined]));
}

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
    // The hooks have their own tests (test/install-hooks.test.ts).
    const first = headroom(['install', '--no-hooks']);
    expect(first.status, first.stderr).toBe(0);
    const cursor = JSON.parse(read('.cursor', 'mcp.json')) as { mcpServers: Record<string, unknown>; theme: string };
    expect(cursor.theme).toBe('dark');
    expect(cursor.mcpServers.github).toEqual({ command: 'gh-mcp', args: ['--stdio'] });
    expect(cursor.mcpServers.headroom).toEqual({ command: process.execPath, args: [BIN, 'mcp'], env: { HEADROOM_HOME: store() } });
    // The layout `codex mcp add` writes: the env as its own sub-table.
    expect(read('.codex', 'config.toml')).toBe(`model = "gpt-5"\n\n[mcp_servers.github]\ncommand = "gh-mcp"\n\n[mcp_servers.headroom]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(BIN)}, "mcp"]\n\n[mcp_servers.headroom.env]\nHEADROOM_HOME = ${JSON.stringify(store())}\n`);
    expect(read('.codex', 'AGENTS.md')).toContain('headroom_compress');
    const before = snapshot();
    const second = headroom(['install', '--no-hooks']);
    expect(second.stdout).toContain('Nothing to change');
    expect(snapshot()).toEqual(before);
  });

  it('shows a diff with --dry-run and writes nothing, and says "Nothing to change" once installed', () => {
    const before = snapshot();
    const out = headroom(['install', 'cursor', '--dry-run']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`--- ${join(home, '.cursor', 'mcp.json')}`);
    expect(out.stdout).toMatch(/^\+ {5}"headroom": \{$/m);
    expect(snapshot()).toEqual(before);
    headroom(['install', 'cursor']);
    expect(headroom(['install', 'cursor', '--dry-run']).stdout).toBe('Nothing to change: already as it should be.\n');
  });

  it('updates an entry written by codex mcp add in place, keeping its env sub-table and adding no second env', () => {
    writeFileSync(join(home, '.codex', 'config.toml'), CODEX_WRITTEN);
    const out = headroom(['install', 'codex', '--no-hooks']);
    expect(out.status, out.stderr).toBe(0);
    const text = read('.codex', 'config.toml');
    expect(text).toBe(CODEX_WRITTEN.replace('/old/dist/src/cli/main.js', BIN).replace('"/old/store"', JSON.stringify(store())));
    expect(text).not.toMatch(/^env = /m);
    expect(parse(text).mcp_servers.headroom).toEqual({ command: '/usr/bin/node', args: [BIN, 'mcp'], env: { HEADROOM_HOME: store() } });
  });

  it('takes out the whole entry on --uninstall, env sub-table included, keeping comments and the other servers', () => {
    const commented = `# my settings\nmodel = "gpt-5" # pinned on purpose\n\n${CODEX_WRITTEN.replace('[mcp_servers.github]', '# the GitHub server, keep\n[mcp_servers.github]')}\n# profiles below\n[profiles.fast]\nmodel = "o3"\n`;
    writeFileSync(join(home, '.codex', 'config.toml'), commented);
    expect(headroom(['install', 'codex', '--uninstall']).status).toBe(0);
    const text = read('.codex', 'config.toml');
    expect(text).toBe(`# my settings\nmodel = "gpt-5" # pinned on purpose\n\n# the GitHub server, keep\n[mcp_servers.github]\ncommand = "gh-mcp"\nargs = ["--stdio"]\n\n[mcp_servers.github.env]\nA = "1"\nB = "2"\n\n# profiles below\n[profiles.fast]\nmodel = "o3"\n`);
    expect(parse(text).mcp_servers).toEqual({ github: { command: 'gh-mcp', args: ['--stdio'], env: { A: '1', B: '2' } } });
  });

  it('keeps comments, order and blank lines of a TOML file when it updates and removes its entry', () => {
    const text = '# settings\nmodel = "x" # why\n\n[mcp_servers.headroom]\ncommand = "old"\n\n# fast profile\n[profiles.fast]\nmodel = "y"\n';
    const entry = { command: '/n', args: ['b', 'mcp'], env: { HEADROOM_HOME: '/h' } };
    const updated = withCodexServer(text, entry, 'config.toml') as string;
    // New keys: the entry is rewritten where it stood; the next section keeps its heading comment.
    expect(updated).toBe('# settings\nmodel = "x" # why\n\n[mcp_servers.headroom]\ncommand = "/n"\nargs = ["b", "mcp"]\n\n[mcp_servers.headroom.env]\nHEADROOM_HOME = "/h"\n\n# fast profile\n[profiles.fast]\nmodel = "y"\n');
    expect(withCodexServer(updated, entry, 'config.toml')).toBe(updated);
    // Same keys, new values: changed in place, a comment on the line kept.
    const commented = updated.replace('command = "/n"', 'command = "/n" # ours');
    expect(withCodexServer(commented, { ...entry, command: '/m' }, 'config.toml')).toBe(commented.replace('"/n"', '"/m"'));
    expect(withCodexServer(updated, undefined, 'config.toml')).toBe('# settings\nmodel = "x" # why\n\n# fast profile\n[profiles.fast]\nmodel = "y"\n');
    expect(withCodexServer('[mcp_servers.headroom]\ncommand = "a"\n', undefined, 'config.toml')).toBeUndefined();
  });

  it('repairs the orphan env sub-table an old uninstall left, and refuses a file Codex cannot parse without touching it', () => {
    writeFileSync(join(home, '.codex', 'config.toml'), 'model = "gpt-5"\n\n[mcp_servers.headroom.env]\nHEADROOM_HOME = "/old"\n');
    expect(headroom(['install', 'codex', '--no-instructions']).status).toBe(0);
    expect(parse(read('.codex', 'config.toml')).mcp_servers.headroom).toEqual({ command: process.execPath, args: [BIN, 'mcp'], env: { HEADROOM_HOME: store() } });
    const duplicate = `${CODEX_WRITTEN.replace('args = ["/old/dist/src/cli/main.js", "mcp"]', 'args = ["/old/dist/src/cli/main.js", "mcp"]\nenv = { HEADROOM_HOME = "/old/store" }')}`;
    writeFileSync(join(home, '.codex', 'config.toml'), duplicate);
    const refused = headroom(['install', 'codex']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not valid TOML');
    expect(refused.stderr).toContain('Codex cannot read it either');
    expect(read('.codex', 'config.toml')).toBe(duplicate);
    expect(existsSync(join(home, '.codex', 'AGENTS.md'))).toBe(false);
  });

  it('leaves no empty file behind on --uninstall, and keeps what the user wrote in a shared file', () => {
    const codexBefore = read('.codex', 'config.toml');
    writeFileSync(join(project, 'AGENTS.md'), '# Team notes\n\nRun npm test before pushing.\n');
    expect(headroom(['install']).status).toBe(0);
    expect(headroom(['install', 'claude', 'cursor', '--scope', 'project']).status).toBe(0);
    expect(read('project', 'AGENTS.md')).toContain('headroom:start');
    expect(headroom(['install', '--uninstall']).status).toBe(0);
    const out = headroom(['install', 'claude', 'cursor', '--scope', 'project', '--uninstall']);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(read('.cursor', 'mcp.json'))).toEqual({ mcpServers: { github: { command: 'gh-mcp', args: ['--stdio'] } }, theme: 'dark' });
    expect(read('.codex', 'config.toml')).toBe(codexBefore);
    for (const made of ['.codex/AGENTS.md', '.claude/CLAUDE.md', '.claude.json', 'project/.mcp.json', 'project/CLAUDE.md', 'project/.cursor']) expect(existsSync(join(home, made)), made).toBe(false);
    expect(read('project', 'AGENTS.md')).toBe('# Team notes\n\nRun npm test before pushing.\n');
  });

  it('writes a portable entry at project scope: no path of this machine, so the files can be committed', () => {
    const codexHome = join(home, 'elsewhere');
    const out = headroom(['install', 'claude', 'cursor', 'codex', '--scope', 'project'], { CODEX_HOME: codexHome });
    expect(out.status, out.stderr).toBe(0);
    const claude = readFileSync(join(project, '.mcp.json'), 'utf8');
    const cursor = readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8');
    expect(JSON.parse(claude).mcpServers.headroom).toEqual({ type: 'stdio', command: 'headroom', args: ['mcp'] });
    expect(JSON.parse(cursor).mcpServers.headroom).toEqual({ command: 'headroom', args: ['mcp'] });
    for (const text of [claude, cursor]) expect(text).not.toContain(home);
    expect(readFileSync(join(project, 'CLAUDE.md'), 'utf8')).toContain('<!-- headroom:start -->');
    expect(readFileSync(join(project, 'AGENTS.md'), 'utf8')).toContain('headroom_retrieve');
    expect(out.stderr).toContain('Codex reads MCP servers only from its user config');
    expect(out.stderr).toContain('headroom is not on PATH here: run npm install -g headroom-mcp');
    expect(headroom(['install', 'codex'], { CODEX_HOME: codexHome }).status).toBe(0);
    expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).toContain('[mcp_servers.headroom]');
  });

  it('keeps Claude Code\'s "type": "stdio" and treats an entry claude mcp add wrote as already installed', () => {
    // The shape `claude mcp add --scope user headroom -e K=V -- node bin mcp` writes into ~/.claude.json.
    const written = { type: 'stdio', command: process.execPath, args: [BIN, 'mcp'], env: { HEADROOM_HOME: store() } };
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ numStartups: 3, mcpServers: { headroom: written } }, null, 2));
    expect(headroom(['install', 'claude', '--no-instructions', '--no-hooks', '--dry-run']).stdout).toContain('Nothing to change');
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ numStartups: 3 }));
    expect(headroom(['install', 'claude', '--no-instructions', '--no-hooks']).status).toBe(0);
    expect(JSON.parse(read('.claude.json'))).toEqual({ numStartups: 3, mcpServers: { headroom: written } });
  });

  it('refuses a malformed config, and a place it cannot write, saying which file and changing nothing', () => {
    writeFileSync(join(home, '.cursor', 'mcp.json'), '{ "mcpServers": { oops');
    const broken = headroom(['install', 'cursor']);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain(`${join(home, '.cursor', 'mcp.json')} is not valid JSON`);
    expect(read('.cursor', 'mcp.json')).toBe('{ "mcpServers": { oops');
    writeFileSync(join(project, '.cursor'), 'a file where a directory should be');
    const blocked = headroom(['install', 'cursor', '--scope', 'project']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain(`Cannot write ${join(project, '.cursor', 'mcp.json')}`);
    expect(blocked.stderr).toContain('Nothing was changed');
    expect(existsSync(join(project, 'AGENTS.md'))).toBe(false);
  });

  it('prints the agent instructions block on request', () => {
    const out = headroom(['install', '--print-instructions']);
    expect(out.stdout).toContain('| headroom compress');
    expect(existsSync(join(home, '.codex', 'AGENTS.md'))).toBe(false);
  });
});

describe('headroom install with the claude CLI on PATH', () => {
  it('adds the entry with claude mcp add-json, the name before the JSON, and runs nothing when it already matches', () => {
    const claude = fakeClaude();
    const out = headroom(['install', 'claude', '--no-instructions'], claude.env);
    expect(out.status, out.stderr).toBe(0);
    const added = { type: 'stdio', command: process.execPath, args: [BIN, 'mcp'], env: { HEADROOM_HOME: store() } };
    expect(claude.calls()).toEqual([`mcp add-json --scope user headroom ${JSON.stringify(added)}`]);
    // What the real CLI then holds in ~/.claude.json:
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ mcpServers: { headroom: added } }));
    expect(headroom(['install', 'claude', '--no-instructions', '--dry-run'], claude.env).stdout).toBe('Nothing to change: already as it should be.\n');
    expect(headroom(['install', 'claude', '--no-instructions'], claude.env).stdout).toContain('Nothing to change');
    expect(claude.calls()).toHaveLength(1);
  });

  it('puts the old entry back when the add fails after the remove, and names what failed', () => {
    const claude = fakeClaude();
    const old = { type: 'stdio', command: '/old/node', args: ['/old/main.js', 'mcp'], env: { HEADROOM_HOME: '/old' }, timeout: 5 };
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ mcpServers: { headroom: old } }));
    const before = snapshot();
    const out = headroom(['install'], { ...claude.env, FAKE_CLAUDE_FAIL: 'add-json' });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('claude mcp add-json --scope user headroom');
    expect(out.stderr).toContain('boom: add-json refused');
    expect(out.stderr).toContain('Could not undo');
    const calls = claude.calls();
    expect(calls[0]).toBe('mcp remove --scope user headroom');
    expect(calls[1]).toMatch(/^mcp add-json --scope user headroom .*"command":"\/usr\/bin\/node|^mcp add-json --scope user headroom /);
    // The undo re-adds the old entry exactly, extra keys included.
    expect(calls[2]).toBe(`mcp add-json --scope user headroom ${JSON.stringify(old)}`);
    // The CLI step runs first, so no file was written: Codex, Cursor and the instructions are as they were.
    expect(snapshot()).toEqual(before);
  });

  it('rolls back the files it wrote and undoes the claude call when a later file cannot be written', () => {
    const claude = fakeClaude();
    writeFileSync(join(project, '.cursor'), 'a file where a directory should be');
    const before = snapshot();
    const out = headroom(['install', 'claude', 'cursor', '--scope', 'project'], claude.env);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`Cannot write ${join(project, '.cursor', 'mcp.json')}`);
    expect(out.stderr).toContain('Nothing was changed (the steps done before it were undone)');
    expect(claude.calls()).toEqual([`mcp add-json --scope project headroom ${JSON.stringify({ type: 'stdio', command: 'headroom', args: ['mcp'] })}`, 'mcp remove --scope project headroom']);
    expect(snapshot()).toEqual(before);
  });

  it('fails with a message naming the command when the claude CLI refuses the add, changing no file', () => {
    const claude = fakeClaude();
    const before = snapshot();
    const out = headroom(['install'], { ...claude.env, FAKE_CLAUDE_FAIL: 'add-json' });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/"\S*claude mcp add-json --scope user headroom .*" failed: boom: add-json refused\. Nothing was changed/);
    expect(snapshot()).toEqual(before);
  });
});

describe('headroom doctor', () => {
  it('passes after install and names the fix when a client points at something gone', () => {
    headroom(['install']);
    const healthy = headroom(['doctor']);
    expect(healthy.status, healthy.stdout).toBe(0);
    expect(healthy.stdout).toMatch(/^ok {4}store at .* is writable$/m);
    expect(healthy.stdout).toMatch(/^ok {4}cursor \(user\): /m);
    expect(healthy.stdout).toMatch(/^ok {4}codex \(user\): /m);
    const config = JSON.parse(read('.cursor', 'mcp.json'));
    config.mcpServers.headroom.args = ['/nowhere/main.js', 'mcp'];
    writeFileSync(join(home, '.cursor', 'mcp.json'), JSON.stringify(config));
    const sick = headroom(['doctor']);
    expect(sick.status).toBe(1);
    expect(sick.stdout).toContain('FIX   cursor (user): /nowhere/main.js no longer exists');
    expect(sick.stdout).toContain('-> run: headroom install cursor --scope user');
  });

  it('reports a client that is present but not configured as not ok', () => {
    headroom(['install', 'codex']);
    const out = headroom(['doctor']);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('FIX   cursor: headroom is not configured\n      -> run: headroom install cursor');
    expect(out.stdout).toMatch(/^ok {4}codex \(user\): /m);
  });

  it('reports the broken Codex states as not ok: a duplicate env, and an env table with no server', () => {
    writeFileSync(join(home, '.codex', 'config.toml'), `${CODEX_WRITTEN.replace('args = ["/old/dist/src/cli/main.js", "mcp"]', 'args = ["x"]\nenv = { HEADROOM_HOME = "/old/store" }')}`);
    const duplicate = headroom(['doctor']);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stdout).toMatch(/^FIX {3}codex \(user\): .*config\.toml is not valid TOML/m);
    writeFileSync(join(home, '.codex', 'config.toml'), 'model = "gpt-5"\n\n[mcp_servers.headroom.env]\nHEADROOM_HOME = "/old"\n');
    const orphan = headroom(['doctor']);
    expect(orphan.status).toBe(1);
    expect(orphan.stdout).toMatch(/^FIX {3}codex \(user\): .* has an entry for headroom without a command$/m);
  });

  it('asks the claude CLI, and reports an entry it cannot start as not ok', () => {
    const claude = fakeClaude();
    const unknown = headroom(['doctor'], claude.env);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('FIX   claude: headroom is not configured');
    writeFileSync(join(home, 'get.txt'), CLAUDE_GET_FAILED);
    const failed = headroom(['doctor'], { ...claude.env, FAKE_CLAUDE_GET: join(home, 'get.txt') });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain(`FIX   claude: "claude mcp get headroom" says ✘ Failed to connect: ENOENT: no such file or directory, posix_spawn '/gone/node'`);
    writeFileSync(join(home, 'get.txt'), CLAUDE_GET_FAILED.replace(/Status: .*\n.*Issue: .*\n/, 'Status: ✔ Connected\n'));
    expect(headroom(['doctor'], { ...claude.env, FAKE_CLAUDE_GET: join(home, 'get.txt') }).stdout).toMatch(/^ok {4}claude: "claude mcp get headroom" says ✔ Connected/m);
  });

  it('checks that the portable project entry resolves headroom on PATH', () => {
    headroom(['install', 'cursor', '--scope', 'project', '--no-instructions']);
    const missing = headroom(['doctor']);
    expect(missing.stdout).toContain('FIX   cursor (project): command headroom is not on PATH\n      -> run: npm install -g headroom-mcp');
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'headroom'), '#!/bin/sh\n');
    chmodSync(join(bin, 'headroom'), 0o755);
    expect(headroom(['doctor'], { PATH: `${bin}:/usr/bin:/bin` }).stdout).toMatch(new RegExp(`^ok {4}cursor \\(project\\): .* starts headroom \\(${bin}/headroom mcp\\)$`, 'm'));
  });
});
