import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_NAMES, type ClientName } from './agent.js';
import { type Conversation, converse, describeRun, type SandboxScript } from './converse.js';

import { pageBody } from './headroom-text.js';
import { HEADROOM_CLI, NODE, runPath } from './paths.js';
import { record, tokens } from './report.js';
import type { Sandbox } from './sandbox.js';
import { readBack, say, shell } from './script.js';

const FOOTER = /\[headroom: [^\]]*headroom_retrieve hash=hr_[0-9a-f]{16}[^\]]*\]/;
// The bar: a 72,000-character listing reaches the model as a view of about 1,500 tokens.
const VIEW_MAX_TOKENS = 2_000;

/** `headroom install CLIENT` as a user runs it, into the sandbox's homes: it writes the hooks. */
function installHooks(client: ClientName, box: Sandbox): void {
  const done = spawnSync(NODE, [HEADROOM_CLI, 'install', client, '--no-instructions'], {
    encoding: 'utf8',
    cwd: box.cwd,
    // No claude on PATH: install writes Claude's JSON config itself.
    env: { PATH: runPath([]), HOME: box.home, HEADROOM_HOME: box.headroomHome, CODEX_HOME: box.codexHome },
  });
  if (done.status !== 0) throw new Error(`headroom install ${client} failed: ${done.stderr}`);
}

/** The hook trust entries install wrote into Codex's config.toml (the harness writes the rest of it). */
function codexTrust(box: Sandbox): string {
  const config = readFileSync(join(box.codexHome, 'config.toml'), 'utf8');
  return config.slice(config.indexOf('[hooks.state.'));
}

/** Lines of `text` that are whole lines of `original`: proof the view itself arrived. */
function originalLinesIn(text: string, original: string): number {
  const lines = new Set(original.split('\n').filter((line) => line.trim().length > 20));
  return text.split('\n').filter((line) => lines.has(line)).length;
}


// A command whose output is about 72,000 characters (the example), the same for the
// agent's shell and for this process. A plain `cat FILE` would not do: file reads are left
// alone, since an agent edits what it read.
const LISTING_COMMAND = 'LC_ALL=C ls -la /usr/bin';
const listing = () => spawnSync('/bin/sh', ['-c', LISTING_COMMAND], { encoding: 'utf8' }).stdout;

describe.each(CLIENT_NAMES)('%s with the hooks headroom install wrote', (client) => {
  let run: Conversation | undefined;
  afterEach(() => run?.sandbox.remove());

  const withHooks = (script: SandboxScript, prepare?: (box: Sandbox) => void) =>
    converse(client, {
      prepare: (box) => {
        prepare?.(box);
        installHooks(client, box);
      },
      ...(client === 'codex' ? { extraCodexToml: codexTrust } : {}),
      script,
    });

  it('hands the model a large shell output as the view, and every byte comes back through headroom_retrieve', async () => {
    const original = listing();
    expect(original.length).toBeGreaterThan(30_000);
    run = await withHooks(readBack(shell(LISTING_COMMAND)));
    expect(run.exited.code, describeRun(run)).toBe(0);
    const [view, ...pages] = run.results;
    const received = view?.text ?? '';
    record({ client, door: `shell with the hooks: ls -la /usr/bin`, originalTokens: tokens(original), modelTokens: tokens(received), calls: 1 });
    expect(received, describeRun(run)).toMatch(FOOTER);
    expect(originalLinesIn(received, original)).toBeGreaterThanOrEqual(10);
    expect(tokens(received)).toBeLessThan(VIEW_MAX_TOKENS);
    // Not the client's own cut: Claude's saved-output preview, Codex's truncation marker.
    expect(received).not.toMatch(/persisted-output|Output too large|tokens truncated/);
    const rebuilt = pages.map((page) => pageBody(page.body)).join('');
    expect(rebuilt.length).toBe(original.length);
    expect(rebuilt === original).toBe(true);
  });

  it('leaves a small output as it was', async () => {
    run = await withHooks((turn) => (turn.results.length === 0 ? shell('echo a small output') : say('done')));
    const [result] = run.results;
    expect(result?.text, describeRun(run)).toContain('a small output');
    expect(result?.text).not.toMatch(FOOTER);
  });

  it('still shows a failing command\'s exit status and its error', async () => {
    run = await withHooks((turn) => (turn.results.length === 0 ? shell(`${LISTING_COMMAND}; echo "fatal: the build broke" >&2; exit 3`) : say('done')));
    const [result] = run.results;
    const received = result?.text ?? '';
    expect(received, describeRun(run)).toContain('fatal: the build broke');
    expect(received).toMatch(client === 'claude' ? /Exit code 3/ : /Process exited with code 3/);
  });
});
