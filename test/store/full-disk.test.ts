import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const NOTE = /\[headroom: the original could not be stored \((SQLITE_\w+|E\w+): [^)]+\), so this view leaves nothing out and there is nothing to retrieve\]\n$/;

/**
 * The CLI with a cap on the size of any file it writes (RLIMIT_FSIZE, `ulimit -f`, in KB): past
 * it every write fails as it does on a full disk, and no privilege is needed to set it.
 */
function limited(home: string, kilobytes: number, args: string[]) {
  const line = ['ulimit -f', String(kilobytes), ';', 'exec', ...[process.execPath, BIN, ...args].map((word) => `'${word}'`)].join(' ');
  return spawnSync('/bin/bash', ['-c', line], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home } });
}

describe('a store that cannot write', () => {
  it('still answers compress, losslessly and saying why, and serves what it already holds', () => {
    const home = tempDir();
    const inputs = Array.from({ length: 6 }, (_, index) => {
      const file = join(home, `output-${index}.txt`);
      writeFileSync(file, `${randomBytes(24_000).toString('base64').replace(/.{76}/g, '$&\n')}\n`);
      return file;
    });
    const stored: string[] = [];
    let refused = 0;
    for (const file of inputs) {
      const run = limited(home, 120, ['compress', file]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      const hash = /original intact: headroom_retrieve hash=(hr_[0-9a-f]{16})\]\n$/.exec(run.stdout)?.[1];
      if (hash !== undefined) {
        stored.push(hash);
        continue;
      }
      // Not stored: the whole input comes back, then the note; nothing was left out.
      expect(run.stdout).toMatch(NOTE);
      expect(run.stdout.replace(NOTE, '')).toBe(spawnSync('cat', [file], { encoding: 'utf8' }).stdout);
      refused++;
    }
    expect(stored.length).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    // What was stored before the store filled up comes back whole, though a read cannot renew it.
    const back = limited(home, 120, ['retrieve', stored[0] ?? '']);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toBe(spawnSync('cat', [inputs[0] ?? ''], { encoding: 'utf8' }).stdout);
    const json = JSON.parse(limited(home, 120, ['compress', '--json', inputs.at(-1) ?? '']).stdout) as { stored?: boolean };
    expect(json.stored).toBe(false);
  });
});
