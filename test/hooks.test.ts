import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const LISTING = readFileSync(new URL('../fixtures/ls-la.txt', import.meta.url), 'utf8');
const FOOTER = /\[headroom: [^\]]*headroom_retrieve hash=(hr_[0-9a-f]{16})\]/;

let home: string;
beforeEach(() => {
  home = tempDir();
});

function hook(agent: string, event: unknown, extraEnv: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, 'hook', agent], { input: typeof event === 'string' ? event : JSON.stringify(event), env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home, ...extraEnv }, encoding: 'utf8' });
  return { ...run, reply: run.stdout.trim() === '' ? undefined : (JSON.parse(run.stdout) as Record<string, any>) };
}

const bash = (stdout: string, extra: Record<string, unknown> = {}) => ({
  hook_event_name: 'PostToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'ls -la /usr/bin' },
  tool_response: { stdout, stderr: '', interrupted: false, isImage: false, noOutputExpected: false, ...extra },
});

describe('headroom hook claude (PostToolUse)', () => {
  it('replaces a large Bash output with its view, read whole from the persisted file, and the view gives back every byte', () => {
    const file = join(home, 'persisted.txt');
    writeFileSync(file, LISTING);
    const { status, reply } = hook('claude', bash(LISTING.slice(0, 30_000), { persistedOutputPath: file, persistedOutputSize: LISTING.length, stderr: 'ls: warning kept as it is' }));
    expect(status).toBe(0);
    const output = reply?.hookSpecificOutput;
    expect(output?.hookEventName).toBe('PostToolUse');
    expect(output?.updatedToolOutput.stderr).toBe('ls: warning kept as it is');
    const view: string = output?.updatedToolOutput.stdout;
    expect(view.length).toBeLessThan(28_000);
    // The last entries were only in the persisted file, past the 30,000 characters of stdout.
    expect(view).toContain(LISTING.trimEnd().split('\n').at(-1));
    const hash = FOOTER.exec(view)?.[1] ?? '';
    const back = spawnSync(process.execPath, [BIN, 'retrieve', hash], { env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, encoding: 'utf8' });
    expect(back.stdout).toBe(LISTING);
  });

  it('leaves small output, our own tools, views and images alone, answering nothing', () => {
    expect(hook('claude', bash('total 0\n')).stdout).toBe('');
    const own = { hook_event_name: 'PostToolUse', tool_name: 'mcp__headroom__headroom_retrieve', tool_response: [{ type: 'text', text: LISTING }] };
    expect(hook('claude', own).stdout).toBe('');
    const view = hook('claude', bash(LISTING)).reply?.hookSpecificOutput.updatedToolOutput.stdout as string;
    expect(hook('claude', bash(`${'x\n'.repeat(3000)}${view}`)).stdout).toBe('');
    const image = { hook_event_name: 'PostToolUse', tool_name: 'mcp__files__read', tool_response: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] };
    expect(hook('claude', image).stdout).toBe('');
  });

  it("replaces another server's large MCP text result", () => {
    const event = { hook_event_name: 'PostToolUse', tool_name: 'mcp__files__read_file', tool_input: { path: 'x' }, tool_response: [{ type: 'text', text: LISTING }] };
    const blocks = hook('claude', event).reply?.hookSpecificOutput.updatedMCPToolOutput;
    expect(blocks).toHaveLength(1);
    expect(blocks[0].text).toMatch(FOOTER);
  });

  it('fails open: bad JSON, unknown events and a broken store give no answer and exit 0', () => {
    expect(hook('claude', '{not json')).toMatchObject({ status: 0, stdout: '' });
    expect(hook('claude', { hook_event_name: 'PostToolUseFailure', tool_name: 'Bash' })).toMatchObject({ status: 0, stdout: '' });
    const broken = hook('claude', bash(LISTING), { HEADROOM_HOME: fileURLToPath(new URL('../fixtures/ls-la.txt', import.meta.url)) });
    expect(broken).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('headroom hook claude (PreToolUse)', () => {
  const pre = (toolInput: Record<string, unknown>) => ({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: toolInput });

  it('rewrites Bash to run through headroom run, deciding no permission, and leaves background commands alone', () => {
    const output = hook('claude', pre({ command: 'npm test', description: 'Run the tests', timeout: 120000 })).reply?.hookSpecificOutput;
    expect(output?.hookEventName).toBe('PreToolUse');
    expect(output?.permissionDecision).toBeUndefined();
    expect(output?.updatedInput).toMatchObject({ description: 'Run the tests', timeout: 120000 });
    expect(output?.updatedInput.command).toContain("run -- \"${SHELL:-/bin/sh}\" -c 'npm test'");
    expect(hook('claude', pre({ command: 'npm test', run_in_background: true })).stdout).toBe('');
  });
});

describe('headroom hook codex (PreToolUse)', () => {
  const pre = (command: unknown) => ({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'call_1' });

  it('rewrites a shell command to run through headroom run, in the shell it was written for', () => {
    const output = hook('codex', pre('npm test 2>&1 | tail -n 50')).reply?.hookSpecificOutput;
    expect(output?.permissionDecision).toBe('allow');
    const command: string = output?.updatedInput.command;
    expect(command).toContain(`${BIN} run -- "\${SHELL:-/bin/sh}" -c 'npm test 2>&1 | tail -n 50'`);
    // The rewritten line runs, and runs the original.
    const ran = spawnSync('/bin/sh', ['-c', command.replace('npm test 2>&1 | tail -n 50', "echo it ran; exit 4")], { env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, encoding: 'utf8' });
    expect(ran.stdout).toBe('it ran\n');
    expect(ran.status).toBe(4);
  });

  it('leaves servers, watchers, pagers, its own rewrites and odd input alone', () => {
    for (const command of ['npm run dev', 'tail -f /var/log/syslog', 'vitest --watch', 'less README.md', 'headroom stats', 'git log | less', "sed -n '1,200p' src/a.ts", 'cat package.json', ['ls', '-la'], '']) {
      expect(hook('codex', pre(command)).stdout, JSON.stringify(command)).toBe('');
    }
    const once = hook('codex', pre('ls')).reply?.hookSpecificOutput.updatedInput.command as string;
    expect(hook('codex', pre(once)).stdout).toBe('');
    // "top" is a word here, not the program; and a file read piped on is not a plain read.
    expect(hook('codex', pre('grep -rn top src/')).reply).toBeDefined();
    expect(hook('codex', pre('cat build.log | grep -i error')).reply).toBeDefined();
  });
});

describe('headroom hook cursor', () => {
  it('rewrites the Shell tool before it runs, approving nothing, and always answers with JSON', () => {
    const reply = hook('cursor', { hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: { command: 'npm test', working_directory: '/p' } }).reply;
    expect(reply?.updated_input.working_directory).toBe('/p');
    expect(reply?.updated_input.command).toContain("run -- \"${SHELL:-/bin/sh}\" -c 'npm test'");
    expect(reply?.permission).toBeUndefined();
    expect(hook('cursor', { hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: { command: 'npm run dev' } }).stdout).toBe('{}\n');
    expect(hook('cursor', '\uFEFF{broken').stdout).toBe('{}\n');
  });

  it("replaces an MCP tool's large text output after it ran", () => {
    const event = { hook_event_name: 'postToolUse', tool_name: 'MCP:read_file', tool_input: {}, tool_output: JSON.stringify({ content: [{ type: 'text', text: LISTING }] }) };
    const content = hook('cursor', event).reply?.updated_mcp_tool_output.content;
    expect(content[0].text).toMatch(FOOTER);
    const own = { ...event, tool_name: 'MCP:headroom_retrieve' };
    expect(hook('cursor', own).stdout).toBe('{}\n');
  });
});
