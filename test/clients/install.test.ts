import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientName } from './agent.js';
import { CLAUDE_BIN, CODEX_BIN, HEADROOM_CLI, NODE, runPath, writeShims } from './paths.js';
import { type Exited, runBounded } from './process.js';
import { createSandbox, type Sandbox } from './sandbox.js';

// `claude mcp list` starts each server to check it; headroom takes about a second.
const COMMAND_TIMEOUT_MS = 60_000;

/** The client's own listing of its MCP servers, the way a user would check. */
const LISTING: Record<ClientName, readonly string[]> = {
  claude: ['claude', 'mcp', 'list'],
  codex: ['codex', 'mcp', 'list'],
};

describe.each(['claude', 'codex'] as const)('%s', (client) => {
  let box: Sandbox | undefined;
  afterEach(() => box?.remove());

  it('lists headroom as its own MCP server after headroom install, and no longer after --uninstall', async () => {
    const sandbox = createSandbox(`install-${client}`);
    box = sandbox;
    // The pinned CLIs as commands on PATH, as an installed client would be.
    const bin = writeShims(join(sandbox.root, 'bin'), { claude: [CLAUDE_BIN], codex: [NODE, CODEX_BIN] });
    const env = {
      PATH: runPath([bin]),
      HOME: sandbox.home,
      CODEX_HOME: sandbox.codexHome,
      HEADROOM_HOME: sandbox.headroomHome,
      TMPDIR: sandbox.root,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
    };
    const run = (command: string, args: readonly string[]): Promise<Exited> => runBounded(command, args, { cwd: sandbox.cwd, env, timeoutMs: COMMAND_TIMEOUT_MS });
    const [lister, ...listArgs] = LISTING[client];
    const list = () => run(join(bin, lister ?? ''), listArgs);
    const show = (exited: Exited) => `exit ${exited.code}\n${exited.stdout}\n${exited.stderr}`;

    const installed = await run(NODE, [HEADROOM_CLI, 'install', client]);
    expect(installed.code, show(installed)).toBe(0);
    const listed = await list();
    expect(listed.code, show(listed)).toBe(0);
    if (client === 'claude') expect(listed.stdout).toMatch(/^headroom: .*Connected/m);
    else expect(listed.stdout).toMatch(/^headroom\s+\S*node\s+\S*main\.js mcp\s.*enabled/m);

    const removed = await run(NODE, [HEADROOM_CLI, 'install', client, '--uninstall']);
    expect(removed.code, show(removed)).toBe(0);
    const after = await list();
    expect(after.code, show(after)).toBe(0);
    expect(after.stdout).not.toMatch(/^headroom\b/m);
  });
});
