import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

let home: string;
beforeEach(() => {
  home = tempDir();
});

function headroom(args: string[], input?: string | Buffer) {
  return spawnSync(process.execPath, [BIN, ...args], { input: input ?? '', env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home }, encoding: 'utf8' });
}

describe('headroom CLI', () => {
  it('compresses a pipe, and retrieve prints the original exactly', () => {
    const original = fixture('ls-la.txt');
    const compressed = headroom(['compress'], original);
    expect(compressed.status).toBe(0);
    expect(compressed.stdout.length).toBeLessThan(original.length / 4);
    const hash = /hash=(hr_[0-9a-f]{16})/.exec(compressed.stdout)?.[1] ?? '';
    const back = headroom(['retrieve', hash]);
    expect(back.status).toBe(0);
    expect(back.stdout).toBe(original);
  });

  it('compresses a FILE with a query and keeps the matching line', () => {
    const file = join(home, 'dpkg.log');
    writeFileSync(file, fixture('app-log.txt'));
    const out = headroom(['compress', file, '--query', 'libsystemd0']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('libsystemd0');
  });

  it('prints --json with the tool contract\'s snake_case names and the view', () => {
    const out = headroom(['compress', '--json'], fixture('ls-la.txt'));
    expect(out.status).toBe(0);
    const result = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['compressed_tokens', 'content_type', 'expires_at', 'hash', 'lossless', 'original_tokens', 'saved_percent', 'strategy', 'view']);
    expect(result.view).toContain(`headroom_retrieve hash=${String(result.hash)}`);
  });

  it('searches across stored originals and prints stats', () => {
    headroom(['compress'], fixture('grep-rn.txt'));
    const search = headroom(['search', 'StdioServerTransport']);
    expect(search.status).toBe(0);
    expect(search.stdout).toMatch(/hr_[0-9a-f]{16} line \d+:/);
    const stats = headroom(['stats']);
    expect(stats.stdout).toMatch(/all time\s+1 calls/);
    expect(stats.stdout).toContain('o200k_base');
  });

  it('exits 2 with one line on bad input', () => {
    const cases: Array<[string[], string | Buffer | undefined, RegExp]> = [
      [['compress', '--bogus'], undefined, /Unknown option/],
      [['compress', '--type', 'pdf'], 'x', /--type must be one of/],
      [['compress', '--max-tokens=abc'], 'x', /--max-tokens must be a positive whole number/],
      [['compress'], Buffer.from([0x00, 0xff, 0x10, 0x80]), /looks binary/],
      [['compress'], Buffer.from([0x61, 0xff, 0xfe, 0x62]), /not valid UTF-8/],
      [['compress', '/no/such/file'], undefined, /No such file/],
      [['retrieve', '../../x'], undefined, /hr_ followed by 16 hex digits/],
      [['frobnicate'], undefined, /unknown command/],
      [['purge'], undefined, /--yes/],
    ];
    for (const [args, input, message] of cases) {
      const out = headroom(args, input);
      expect(out.status, args.join(' ')).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(message);
    }
  });

  it('exits 1 and says not to retry for an unknown hash', () => {
    const out = headroom(['retrieve', 'hr_0123456789abcdef']);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/Do not retry/);
  });

  it('prints help for every command', () => {
    for (const command of ['compress', 'retrieve', 'search', 'stats', 'purge', 'mcp', 'install', 'doctor', 'bench']) {
      const out = headroom([command, '--help']);
      expect(out.status).toBe(0);
      expect(out.stdout).toContain(`Usage: headroom ${command}`);
    }
    expect(headroom(['--help']).stdout).toContain('some-command | headroom compress');
  });

  it('runs chosen bench sections into the given report file without touching the store', () => {
    const out = join(home, 'report', 'results.md');
    const run = headroom(['bench', '--only', 'workloads', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report).toContain("## Workloads shaped like headroom's");
    expect(report).toMatch(/\| SRE incident \| 71,157 \|/);
    expect(report).toContain('## Bars');
    expect(existsSync(join(home, 'store.sqlite'))).toBe(false);
  });

  it('refuses an unknown bench section with the list of sections', () => {
    const run = headroom(['bench', '--only', 'workloads,nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown section "nope"');
    expect(run.stderr).toContain('workloads, fixtures, recall, documents, parity, speed, latency, hooks, wrap, reliability, memory');
  });
});
