import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeadroom, type Headroom } from '../src/headroom.js';
import { countTokens } from '../src/tokens.js';
import { tempDir } from './helpers/temp.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

// Every line an error with its own ids: the log view keeps about 6,000 tokens of 195,000.
const WORDS = ['payment', 'ledger', 'socket', 'quota', 'replica', 'session', 'cursor', 'shard', 'beacon', 'tunnel', 'lease', 'token'];
const word = (n: number) => WORDS[n % WORDS.length] ?? 'x';
const errorLog = (lines: number) => Array.from({ length: lines }, (_, i) => `2026-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z ERROR ${word(i)}-${(i * 7919) % 10007} ${word(i * 7 + 3)} ${word(i * 5 + 1)} id=${((i * 2654435761) >>> 0).toString(16)} failed after ${(i * 37) % 997} ms`).join('\n');
const errors = errorLog(6_000);

let headroom: Headroom;

beforeEach(async () => {
  headroom = await createHeadroom({ env: {}, config: { store: 'memory' } });
});

afterEach(async () => {
  await headroom.close();
});

describe('a ceiling on what one result holds', () => {
  it('cuts a view whose kept lines pass the ceiling to its first and last lines around one marker', async () => {
    const uncut = await headroom.compress({ content: errors });
    expect(uncut.compressedTokens).toBeGreaterThan(4_000);
    const cut = await headroom.compress({ content: errors, ceiling: { tokens: 3_000 } });
    expect(cut.compressedTokens).toBeLessThanOrEqual(3_000);
    expect(countTokens(cut.text)).toBe(cut.compressedTokens);
    expect(cut.strategy).toMatch(/\+ceiling$/);
    expect(cut.lossless).toBe(false);
    const lines = cut.text.split('\n');
    expect(cut.text).toContain(errors.split('\n')[0]);
    expect(cut.text).toContain(errors.split('\n').at(-1));
    expect(lines.filter((line) => line.includes("to fit the client's limit"))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(new RegExp(`^\\[headroom: .*headroom_retrieve hash=${cut.hash}\\]$`));
    // Still a way back to every line.
    expect((await headroom.retrieve({ hash: cut.hash, pageTokens: Number.MAX_SAFE_INTEGER })).blocks[0]).toBe(errors);
  });

  it('cuts an input that passes through uncompressed as well, and says so in its footer', async () => {
    const noise = Array.from({ length: 3_000 }, (_, i) => Buffer.from(`${i}:${i * 2654435761}`).toString('base64').repeat(6)).join('\n');
    const cut = await headroom.compress({ content: noise, lossless: true, ceiling: { bytes: 10_000 } });
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(10_000);
    expect(cut.strategy).toBe('head+tail+ceiling');
    expect(cut.text.split('\n').at(-1)).toBe(`[headroom: view cut to fit the client; original intact: headroom_retrieve hash=${cut.hash}]`);
  });

  it('leaves a view under the ceiling as it was', async () => {
    const log = Array.from({ length: 2_000 }, (_, i) => `INFO handled ${i}`).join('\n');
    const plain = await headroom.compress({ content: log });
    expect((await headroom.compress({ content: log, ceiling: { tokens: 20_000, bytes: 28_000 } })).text).toBe(plain.text);
  });
});

describe('headroom compress inside an agent shell', () => {
  // About 30 KB of view without a ceiling: past Claude Code's Bash limit and Codex's.
  const bigErrors = errorLog(20_000);
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [BIN, 'compress'], { input: bigErrors, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home, ...env } });
  let home: string;
  beforeEach(() => {
    home = tempDir();
  });

  it('fits Claude Code Bash (CLAUDECODE=1) and Codex shell (CODEX_THREAD_ID) output limits, and nothing else', () => {
    const claude = run({ CLAUDECODE: '1' });
    const codex = run({ CODEX_THREAD_ID: '01a235a4-3f6c-7f53-8112-50c4ebde0476' });
    const plain = run({});
    for (const result of [claude, codex, plain]) expect(result.status).toBe(0);
    expect(Buffer.byteLength(claude.stdout)).toBeLessThanOrEqual(28_001);
    expect(Buffer.byteLength(codex.stdout)).toBeLessThanOrEqual(9_501);
    expect(Buffer.byteLength(plain.stdout)).toBeGreaterThan(28_001);
    for (const result of [claude, codex]) expect(result.stdout).toMatch(/headroom_retrieve hash=hr_[0-9a-f]{16}\]\n$/);
  });

  it('pages headroom retrieve inside Claude Code Bash, and the shell notes lead through every byte', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home, CLAUDECODE: '1' };
    const cli = (args: string[], input = '') => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env });
    // About 55 KB: two pages or more, each a CLI start.
    const original = errorLog(500);
    const hash = /hash=(hr_[0-9a-f]{16})/.exec(cli(['compress'], original).stdout)?.[1] ?? '';
    let pages = 0;
    let text = '';
    let args = ['retrieve', hash];
    while (pages < 20) {
      const page = cli(args);
      pages++;
      expect(page.status).toBe(0);
      expect(Buffer.byteLength(page.stdout) + Buffer.byteLength(page.stderr)).toBeLessThanOrEqual(28_000);
      text += page.stdout;
      const next = /in a shell: headroom retrieve (hr_[0-9a-f]{16}) --offset (\d+)(?: --char-offset (\d+))?\]/.exec(page.stderr);
      if (next === null) break;
      args = ['retrieve', next[1] ?? '', '--offset', next[2] ?? '', ...(next[3] === undefined ? [] : ['--char-offset', next[3]])];
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text.length).toBe(original.length);
    expect(text === original).toBe(true);
  });
});
