import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@decimalturn/toml-patch';
import { beforeEach, describe, expect, it } from 'vitest';
import { wrapChoices } from '../src/cli/install-wrap.js';
import { applyPlan } from '../src/install/apply.js';
import { headroomBin } from '../src/install/entry.js';
import type { ClientName, Places, Scope } from '../src/install/targets.js';
import { asInstallPlan, planWrap, type ServerChoice, type WrapPlan } from '../src/install/wrap.js';
import { tempDir } from './helpers/temp.js';

const DIST_BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const SRC_BIN = headroomBin();

/** As Claude Code writes ~/.claude.json: two-space JSON, other settings around the servers. */
const CLAUDE = `{
  "numStartups": 12,
  "mcpServers": {
    "github": {
      "type": "stdio",
      "command": "npx",
      "args": [
        "-y",
        "@modelcontextprotocol/server-github"
      ],
      "env": {
        "GITHUB_TOKEN": "ghp_x"
      },
      "timeout": 30
    },
    "linear": {
      "type": "http",
      "url": "https://mcp.linear.app/mcp",
      "headers": {
        "Authorization": "Bearer lin_x"
      }
    },
    "events": {
      "type": "sse",
      "url": "https://events.example.com/sse"
    },
    "signin": {
      "type": "http",
      "url": "https://signin.example.com/mcp",
      "oauth": {
        "clientId": "abc"
      }
    }
  },
  "projects": {
    "/elsewhere": {
      "mcpServers": {
        "other": {
          "type": "stdio",
          "command": "other-mcp",
          "args": []
        }
      }
    }
  }
}`;

/** Hand-written: tabs, one-line entries with odd spacing, CRLF-free but no final newline. */
const CURSOR = '{\n\t"mcpServers": {\n\t\t"fs": { "command": "mcp-fs", "args": [ "/tmp" ] },\n\t\t"api":{"url":"https://api.example.com/mcp","headers":{"X-Key":"${env:API_KEY}"}},\n\t\t"docs": {"url": "https://docs.example.com/mcp"}\n\t},\n\t"theme":"dark"\n}';

/** Comments, single quotes, odd spacing, an env sub-table and an inline table. */
const CODEX = `# my settings
model = "gpt-5"   # pinned on purpose

# GitHub, keep
[mcp_servers.github]
command = 'gh-mcp'   # from brew
args = [ "--stdio" ]
startup_timeout_sec = 20

[mcp_servers.github.env]
A = "1"

# the docs server
[mcp_servers.docs]
url = "https://docs.example.com/mcp"
http_headers = { "X-Key" = "k" }

[mcp_servers.token]
url = "https://t.example.com/mcp"
bearer_token_env_var = "TOKEN"

[profiles.fast]
model = "o3"
`;

let home: string;
let project: string;
let store: string;

const file = (...parts: string[]) => join(home, ...parts);
const read = (...parts: string[]) => readFileSync(file(...parts), 'utf8');
const places = (): Places => ({ home, cwd: project, codexHome: file('.codex'), claudeConfigDir: undefined, path: '/usr/bin:/bin' });

interface Run {
  clients?: ClientName[];
  servers?: ServerChoice[];
  scope?: Scope;
  unwrap?: boolean;
  /** The store the wrapper finds unaided; the same as `store` means the entry's env is left alone. */
  defaultHome?: string;
}

function plan(run: Run = {}): WrapPlan {
  return planWrap({ clients: run.clients ?? ['claude', 'cursor', 'codex'], servers: run.servers ?? [], scope: run.scope ?? 'user', unwrap: run.unwrap ?? false, home: store, defaultHome: run.defaultHome ?? file('.headroom'), places: places() });
}

function apply(run: Run = {}): WrapPlan {
  const made = plan(run);
  applyPlan(asInstallPlan(made, project));
  return made;
}

const servers = (text: string) => (JSON.parse(text) as { mcpServers: Record<string, Record<string, unknown>> }).mcpServers;

beforeEach(() => {
  home = tempDir();
  project = file('project');
  store = file('store');
  mkdirSync(project);
  mkdirSync(file('.cursor'));
  mkdirSync(file('.codex'));
  writeFileSync(file('.claude.json'), CLAUDE);
  writeFileSync(file('.cursor', 'mcp.json'), CURSOR);
  writeFileSync(file('.codex', 'config.toml'), CODEX);
});

describe('install --wrap', () => {
  it('moves a Claude stdio server behind headroom wrap, keeping its other fields in place, and makes URL servers stdio ones', () => {
    const made = apply({ clients: ['claude'] });
    const wrapped = servers(read('.claude.json'));
    expect(wrapped.github).toEqual({ type: 'stdio', command: process.execPath, args: [SRC_BIN, 'wrap', '--', 'npx', '-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'ghp_x', HEADROOM_HOME: store }, timeout: 30 });
    expect(Object.keys(wrapped.github ?? {})).toEqual(['type', 'command', 'args', 'env', 'timeout']);
    expect(wrapped.linear).toEqual({ type: 'stdio', command: process.execPath, args: [SRC_BIN, 'wrap', '--url', 'https://mcp.linear.app/mcp', '--header', 'Authorization: Bearer lin_x'], env: { HEADROOM_HOME: store } });
    expect(wrapped.events?.args).toEqual([SRC_BIN, 'wrap', '--url', 'https://events.example.com/sse', '--sse']);
    // OAuth cannot go through the wrapper: that entry stays, with the reason.
    expect(wrapped.signin).toEqual(JSON.parse(CLAUDE).mcpServers.signin);
    expect(made.notes.join('\n')).toContain('left "signin"');
    expect(made.notes.join('\n')).toContain('"oauth"');
    // Nothing outside the entries moved: the other settings and the local servers of other projects.
    const text = read('.claude.json');
    expect(text.startsWith('{\n  "numStartups": 12,\n  "mcpServers": {\n    "github": {\n      "type": "stdio",\n')).toBe(true);
    expect(text.endsWith(CLAUDE.slice(CLAUDE.indexOf('  "projects"')))).toBe(true);
    expect(made.servers).toEqual([{ client: 'claude', name: 'github' }, { client: 'claude', name: 'linear' }, { client: 'claude', name: 'events' }]);
  });

  it('wraps Cursor entries written on one line on one line, and leaves one whose header takes a variable', () => {
    const made = apply({ clients: ['cursor'] });
    const text = read('.cursor', 'mcp.json');
    expect(text).toContain(`\t\t"fs": {"command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(SRC_BIN)}, "wrap", "--", "mcp-fs", "/tmp"], "env": {"HEADROOM_HOME": ${JSON.stringify(store)}}},\n`);
    expect(servers(text).docs).toEqual({ command: process.execPath, args: [SRC_BIN, 'wrap', '--url', 'https://docs.example.com/mcp'], env: { HEADROOM_HOME: store } });
    expect(servers(text).api).toEqual({ url: 'https://api.example.com/mcp', headers: { 'X-Key': '${env:API_KEY}' } });
    expect(made.notes.join('\n')).toMatch(/left "api" .*takes a variable/);
    expect(text.endsWith('\n\t},\n\t"theme":"dark"\n}')).toBe(true);
  });

  it('rewrites Codex tables in place, keeping comments and the other tables, and leaves a bearer-token server', () => {
    const made = apply({ clients: ['codex'] });
    const text = read('.codex', 'config.toml');
    const data = parse(text) as { mcp_servers: Record<string, unknown>; model: string; profiles: unknown };
    expect(data.mcp_servers.github).toEqual({ command: process.execPath, args: [SRC_BIN, 'wrap', '--', 'gh-mcp', '--stdio'], startup_timeout_sec: 20, env: { A: '1', HEADROOM_HOME: store } });
    expect(data.mcp_servers.docs).toEqual({ command: process.execPath, args: [SRC_BIN, 'wrap', '--url', 'https://docs.example.com/mcp', '--header', 'X-Key: k'], env: { HEADROOM_HOME: store } });
    expect(data.mcp_servers.token).toEqual({ url: 'https://t.example.com/mcp', bearer_token_env_var: 'TOKEN' });
    expect(made.notes.join('\n')).toContain('"bearer_token_env_var"');
    for (const kept of ['# my settings\nmodel = "gpt-5"   # pinned on purpose\n\n# GitHub, keep\n[mcp_servers.github]\n', '\n# the docs server\n[mcp_servers.docs]\n', '[mcp_servers.token]\nurl = "https://t.example.com/mcp"\nbearer_token_env_var = "TOKEN"\n\n[profiles.fast]\nmodel = "o3"\n']) expect(text).toContain(kept);
  });

  it("keeps the final newline of a config.toml whose last table is the one wrapped", () => {
    const last = 'model = "x"\n\n[mcp_servers.files]\ncommand = "/usr/bin/node"\nargs = ["/x/index.js"]\n';
    writeFileSync(file('.codex', 'config.toml'), last);
    apply({ clients: ['codex'] });
    const text = read('.codex', 'config.toml');
    expect(text.endsWith(`HEADROOM_HOME = "${store}"\n`)).toBe(true);
    apply({ clients: ['codex'], unwrap: true });
    expect(read('.codex', 'config.toml')).toBe(last);
  });

  it('leaves the env alone when the store is the default one', () => {
    apply({ clients: ['cursor'], defaultHome: store });
    expect(servers(read('.cursor', 'mcp.json')).fs).toEqual({ command: process.execPath, args: [SRC_BIN, 'wrap', '--', 'mcp-fs', '/tmp'] });
  });

  it('wraps only the servers named, in the client a CLIENT/NAME names', () => {
    const made = apply({ servers: [{ client: undefined, name: 'github' }, { client: 'cursor', name: 'docs' }] });
    expect(made.servers).toEqual([{ client: 'claude', name: 'github' }, { client: 'cursor', name: 'docs' }, { client: 'codex', name: 'github' }]);
    expect(servers(read('.claude.json')).linear?.type).toBe('http');
    expect(servers(read('.cursor', 'mcp.json')).fs?.command).toBe('mcp-fs');
    expect((parse(read('.codex', 'config.toml')) as { mcp_servers: Record<string, { url?: string }> }).mcp_servers.docs?.url).toBe('https://docs.example.com/mcp');
  });

  it('refuses a name no chosen client has, listing the servers it found, and plans nothing', () => {
    expect(() => plan({ clients: ['cursor'], servers: [{ client: undefined, name: 'gihtub' }] })).toThrow('no server named gihtub in cursor at user scope; servers found: fs (cursor), api (cursor), docs (cursor).');
    expect(() => plan({ servers: [{ client: 'cursor', name: 'github' }] })).toThrow(/no server named cursor\/github .*github \(claude, codex\)/);
  });

  it('never wraps headroom itself nor a server twice, and a second run changes nothing', () => {
    const ours = { command: process.execPath, args: [SRC_BIN, 'mcp'], env: { HEADROOM_HOME: store } };
    writeFileSync(file('.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { headroom: ours, compress: { command: 'headroom', args: ['mcp'] }, npm: { command: '/usr/local/lib/node_modules/headroom-mcp/dist/src/cli/main.js', args: ['mcp'] }, npx: { command: 'npx', args: ['-y', 'headroom-mcp@latest', 'mcp'] }, fs: { command: 'mcp-fs' } } }, null, 2));
    const first = apply({ clients: ['cursor'] });
    expect(first.servers).toEqual([{ client: 'cursor', name: 'fs' }]);
    const after = servers(read('.cursor', 'mcp.json'));
    expect(after.headroom).toEqual(ours);
    expect(after.compress).toEqual({ command: 'headroom', args: ['mcp'] });
    // An entry without args gets them right after its command.
    expect(Object.keys(after.fs ?? {})).toEqual(['command', 'args', 'env']);
    const text = read('.cursor', 'mcp.json');
    const second = plan({ servers: [{ client: 'cursor', name: 'fs' }, { client: 'cursor', name: 'headroom' }] });
    expect(second.changes).toEqual([]);
    expect(second.notes).toEqual(['cursor: "headroom" is headroom itself; it is never wrapped.', `cursor: "fs" in ${file('.cursor', 'mcp.json')} is already wrapped.`]);
    expect(plan({ clients: ['cursor'] }).changes).toEqual([]);
    expect(read('.cursor', 'mcp.json')).toBe(text);
  });

  it('keeps each file as it was beside it, and the originals in the record', () => {
    apply();
    expect(read('.claude.json.headroom-backup')).toBe(CLAUDE);
    expect(read('.cursor', 'mcp.json.headroom-backup')).toBe(CURSOR);
    expect(read('.codex', 'config.toml.headroom-backup')).toBe(CODEX);
    const record = JSON.parse(readFileSync(join(store, 'wrapped-servers.json'), 'utf8')) as { servers: Array<{ client: string; path: string[]; original: string }> };
    expect(record.servers.map((server) => `${server.client}:${server.path.join('.')}`)).toEqual(['claude:mcpServers.github', 'claude:mcpServers.linear', 'claude:mcpServers.events', 'cursor:mcpServers.fs', 'cursor:mcpServers.docs', 'codex:mcp_servers.github', 'codex:mcp_servers.docs']);
    expect(record.servers[3]?.original).toBe('{ "command": "mcp-fs", "args": [ "/tmp" ] }');
  });

  it('covers .mcp.json with a portable wrapper and this directory\'s local servers in ~/.claude.json at project scope', () => {
    writeFileSync(join(project, '.mcp.json'), `${JSON.stringify({ mcpServers: { db: { command: 'db-mcp', args: ['--ro'] } } }, null, 2)}\n`);
    const local = JSON.parse(CLAUDE) as Record<string, Record<string, unknown>>;
    (local.projects as Record<string, unknown>)[project] = { allowedTools: [], mcpServers: { notes: { type: 'stdio', command: 'notes-mcp', args: [] } } };
    writeFileSync(file('.claude.json'), JSON.stringify(local, null, 2));
    const made = apply({ clients: ['claude'], scope: 'project' });
    expect(servers(readFileSync(join(project, '.mcp.json'), 'utf8')).db).toEqual({ command: 'headroom', args: ['wrap', '--', 'db-mcp', '--ro'] });
    const user = JSON.parse(read('.claude.json')) as { mcpServers: Record<string, { command: string }>; projects: Record<string, { mcpServers: Record<string, unknown> }> };
    expect(user.projects[project]?.mcpServers.notes).toEqual({ type: 'stdio', command: process.execPath, args: [SRC_BIN, 'wrap', '--', 'notes-mcp'], env: { HEADROOM_HOME: store } });
    expect(user.projects['/elsewhere']?.mcpServers.other).toEqual({ type: 'stdio', command: 'other-mcp', args: [] });
    expect(user.mcpServers.github?.command).toBe('npx');
    expect(made.notes.join('\n')).toContain('headroom is not on PATH here');
  });
});

describe('install --unwrap', () => {
  it('gives every file back byte for byte, and leaves no record behind', () => {
    apply();
    expect(read('.cursor', 'mcp.json')).not.toBe(CURSOR);
    const made = apply({ unwrap: true });
    expect(made.notes.filter((note) => note.includes('put back'))).toEqual([]);
    expect(read('.claude.json')).toBe(CLAUDE);
    expect(read('.cursor', 'mcp.json')).toBe(CURSOR);
    expect(read('.codex', 'config.toml')).toBe(CODEX);
    expect(existsSync(join(store, 'wrapped-servers.json'))).toBe(false);
    expect(plan({ unwrap: true }).changes).toEqual([]);
  });

  it('unwraps the servers named and keeps the record of the others', () => {
    apply({ clients: ['codex'] });
    apply({ clients: ['codex'], unwrap: true, servers: [{ client: undefined, name: 'docs' }] });
    const data = parse(read('.codex', 'config.toml')) as { mcp_servers: Record<string, Record<string, unknown>> };
    expect(data.mcp_servers.docs).toEqual({ url: 'https://docs.example.com/mcp', http_headers: { 'X-Key': 'k' } });
    expect(data.mcp_servers.github?.command).toBe(process.execPath);
    apply({ clients: ['codex'], unwrap: true });
    expect(read('.codex', 'config.toml')).toBe(CODEX);
  });

  it('puts a stdio server back from its arguments when the record is gone, taking out only the env it added', () => {
    apply();
    rmSync(store, { recursive: true });
    const made = apply({ unwrap: true });
    expect(made.notes.join('\n')).toContain(`"github" in ${file('.claude.json')} was put back from its arguments (no record of the original was left)`);
    expect(servers(read('.claude.json')).github).toEqual(JSON.parse(CLAUDE).mcpServers.github);
    expect(Object.keys(servers(read('.claude.json')).github ?? {})).toEqual(['type', 'command', 'args', 'env', 'timeout']);
    expect(servers(read('.claude.json')).linear).toEqual(JSON.parse(CLAUDE).mcpServers.linear);
    expect(servers(read('.cursor', 'mcp.json')).fs).toEqual({ command: 'mcp-fs', args: ['/tmp'] });
    const codex = parse(read('.codex', 'config.toml')) as { mcp_servers: Record<string, unknown> };
    expect(codex.mcp_servers).toEqual((parse(CODEX) as { mcp_servers: Record<string, unknown> }).mcp_servers);
  });

  it('keeps a change made to a wrapped entry since, unwrapping it from its arguments', () => {
    apply({ clients: ['cursor'] });
    const edited = read('.cursor', 'mcp.json').replace('"env": {', '"disabled": false, "env": {');
    writeFileSync(file('.cursor', 'mcp.json'), edited);
    const made = apply({ clients: ['cursor'], unwrap: true });
    expect(made.notes.join('\n')).toContain('it was edited since it was wrapped');
    expect(servers(read('.cursor', 'mcp.json')).fs).toEqual({ command: 'mcp-fs', args: ['/tmp'], disabled: false });
  });
});

describe("install --wrap's words", () => {
  it('reads client names as clients and other words as servers, CLIENT/NAME for a server named like a client', () => {
    expect(wrapChoices([])).toEqual({ clients: ['claude', 'cursor', 'codex'], servers: [] });
    expect(wrapChoices(['cursor', 'github'])).toEqual({ clients: ['cursor'], servers: [{ client: undefined, name: 'github' }] });
    expect(wrapChoices(['claude/codex'])).toEqual({ clients: ['claude'], servers: [{ client: 'claude', name: 'codex' }] });
    expect(wrapChoices(['github', 'claude/codex'])).toEqual({ clients: ['claude', 'cursor', 'codex'], servers: [{ client: undefined, name: 'github' }, { client: 'claude', name: 'codex' }] });
  });
});

describe('headroom install --wrap (the built CLI)', () => {
  const headroom = (args: string[]) => spawnSync(process.execPath, [DIST_BIN, ...args], { cwd: project, encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: home, CODEX_HOME: file('.codex'), HEADROOM_HOME: store } });
  const snapshot = () => [read('.claude.json'), read('.cursor', 'mcp.json'), read('.codex', 'config.toml'), existsSync(store)];

  it('shows a diff and writes nothing with --dry-run, wraps, says so the second time, and unwraps exactly', () => {
    const before = snapshot();
    const dry = headroom(['install', '--wrap', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`--- ${file('.cursor', 'mcp.json')}`);
    expect(dry.stdout).toContain(`- \t\t"fs": { "command": "mcp-fs", "args": [ "/tmp" ] },`);
    expect(dry.stdout).toContain(`+ args = [${JSON.stringify(DIST_BIN)}, "wrap", "--", "gh-mcp", "--stdio"]`);
    expect(snapshot()).toEqual(before);
    const wrapped = headroom(['install', '--wrap']);
    expect(wrapped.status, wrapped.stderr).toBe(0);
    expect(wrapped.stdout).toMatch(/^Wrapped github, linear, events in claude; fs, docs in cursor; github, docs in codex: /);
    expect(wrapped.stderr).toContain('left "signin"');
    expect(servers(read('.cursor', 'mcp.json')).fs?.args).toEqual([DIST_BIN, 'wrap', '--', 'mcp-fs', '/tmp']);
    expect(headroom(['install', '--wrap']).stdout).toBe('Nothing to change: no chosen server needs wrapping in claude, cursor, codex.\n');
    const unwrapped = headroom(['install', '--unwrap']);
    expect(unwrapped.status, unwrapped.stderr).toBe(0);
    expect(snapshot()).toEqual([CLAUDE, CURSOR, CODEX, true]);
  });

  it('refuses --wrap with --unwrap, and an unknown name, changing nothing', () => {
    const before = snapshot();
    const both = headroom(['install', '--wrap', '--unwrap']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--unwrap works on its own');
    const unknown = headroom(['install', '--wrap', 'cursor', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('headroom: no server named nope in cursor at user scope; servers found: fs (cursor), api (cursor), docs (cursor).\n');
    expect(snapshot()).toEqual(before);
  });
});
