import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const FOOTER = /\[headroom: [^\]]*headroom_retrieve hash=(hr_[0-9a-f]{16})\]\n$/;

let home: string;
beforeEach(() => {
  home = tempDir();
});

const env = () => ({ PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home });
const headroom = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8' });

describe('headroom run', () => {
  it('passes a small output through unchanged, stderr joined to stdout in order, with the exit status', () => {
    const run = headroom(['run', 'echo out; echo err >&2; echo more; exit 3']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('out\nerr\nmore\n');
    expect(run.stderr).toBe('');
  });

  it('prints a large output as a view whose footer gives back every byte, in the order it was written', () => {
    // stdout and stderr lines alternate; a terminal would show them in this order.
    const script = join(home, 'alternate.mjs');
    // Written straight to the descriptors: in one loaded run of the suite the last lines given to
    // process.stderr.write were missing from what run stored.
    writeFileSync(script, "import { writeSync } from 'node:fs';\nfor (let i = 0; i < 600; i++) writeSync(i % 2 ? 2 : 1, `line ${i} of a long build log that goes on\\n`);\nprocess.exitCode = 1;\n");
    const run = headroom(['run', '--', process.execPath, script]);
    expect(run.status).toBe(1);
    const hash = FOOTER.exec(run.stdout)?.[1] ?? '';
    expect(hash).not.toBe('');
    expect(run.stdout.length).toBeLessThan(10_000);
    const back = headroom(['retrieve', hash]);
    expect(back.stdout).toBe(Array.from({ length: 600 }, (_, i) => `line ${i} of a long build log that goes on\n`).join(''));
  });

  it('runs CMD ARGS after -- without a shell, and says when the command does not exist', () => {
    const listing = headroom(['run', '--', 'cat', join(FIXTURES, 'ls-la.txt')]);
    expect(listing.status).toBe(0);
    expect(listing.stdout).toMatch(FOOTER);
    expect(listing.stdout).toContain(' zstd\n');
    const missing = headroom(['run', '--', 'no-such-command-here']);
    expect(missing.status).toBe(127);
    expect(missing.stdout).toMatch(/no-such-command-here: .*not found/);
    expect(headroom(['run']).status).toBe(2);
  });

  it('never compresses a view twice, and lets the output through when the store is broken', () => {
    const view = headroom(['run', '--', 'cat', join(FIXTURES, 'ls-la.txt')]).stdout;
    const file = join(home, 'view.txt');
    writeFileSync(file, `${'padding line to make it long\n'.repeat(400)}${view}`);
    expect(headroom(['run', '--', 'cat', file]).stdout).toBe(readFileSync(file, 'utf8'));
    // A store that is a directory cannot be opened: the original output still arrives, whole.
    const broken = spawnSync(process.execPath, [BIN, 'run', '--', 'cat', join(FIXTURES, 'ls-la.txt')], { env: { ...env(), HEADROOM_HOME: join(FIXTURES, 'ls-la.txt') }, encoding: 'utf8' });
    expect(broken.status).toBe(0);
    expect(broken.stdout).toBe(readFileSync(join(FIXTURES, 'ls-la.txt'), 'utf8'));
  });

  it('passes SIGTERM on to the command and exits with its status', async () => {
    const script = join(home, 'trap.mjs');
    const ready = join(home, 'ready');
    writeFileSync(script, `import { writeFileSync } from 'node:fs';\nprocess.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(7); });\nconsole.log('ready');\nwriteFileSync(${JSON.stringify(ready)}, '');\nsetInterval(() => {}, 1000);\n`);
    const child = spawn(process.execPath, [BIN, 'run', '--', process.execPath, script], { env: env() });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    // The output is held until the command ends: wait for the command to say it is up.
    while (!existsSync(ready)) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(status).toBe(7);
    expect(stdout).toBe('ready\ngot SIGTERM\n');
  });
});
