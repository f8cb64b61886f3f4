import { describe, expect, it } from 'vitest';
import { createLogCompressor } from '../../src/compressors/log.js';
import { mineTemplates } from '../../src/compressors/log-templates.js';
import { countTokens } from '../../src/tokens.js';
import { verifyView } from '../helpers/view.js';
import { fixture, runner, view } from '../helpers/compressor.js';

const run = runner(createLogCompressor(), 1500);

const TRACES: Record<string, string[]> = {
  python: ['Traceback (most recent call last):', '  File "/srv/app/sync.py", line 88, in run', '    balance = ledger[account]', "KeyError: 'acct_77'"],
  node: ["TypeError: Cannot read properties of undefined (reading 'total')", '    at computeTotals (/srv/app/dist/cart/totals.js:41:22)', '    at async CheckoutController.submit (/srv/app/dist/checkout/controller.js:118:9)'],
  java: ['java.lang.IllegalStateException: pool closed', '\tat com.acme.db.Pool.borrow(Pool.java:212)', '\tat com.acme.api.OrderService.place(OrderService.java:77)', 'Caused by: java.net.SocketException: Connection reset'],
  go: ['panic: runtime error: index out of range [3] with length 3', '', 'goroutine 17 [running]:', 'main.handle(0xc000123)', '\t/srv/app/main.go:42 +0x1d'],
};

/** A 3,000-line service log with one failure and its stack trace in the middle. */
function serviceLog(trace: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = `2026-03-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
    const kind = (i * 7919) % 13;
    lines.push(
      kind < 6
        ? `${t} INFO api request id=${1000 + i} path=/v1/items/${i % 37} status=200 took=${(i * 7) % 90}ms`
        : kind < 9
          ? `${t} DEBUG cache ${kind % 2 === 0 ? 'hit' : 'miss'} key=item:${i % 101}`
          : kind < 12
            ? `${t} INFO worker ${kind} picked job ${i * 3} from queue sync`
            : `${t} INFO health check ok uptime=${i}s`,
    );
    if (i % 500 === 250) lines.push(`${t} WARN pool nearly exhausted (${40 + (i % 9)}/50 connections)`);
    if (i === 1800) lines.push(`${t} ERROR worker crashed while syncing account acct_77`, ...trace);
  }
  lines.push('2026-03-01T11:00:00Z INFO shutdown complete');
  return `${lines.join('\n')}\n`;
}

describe('log compressor', () => {
  it.each(Object.entries(TRACES))('keeps the error line and its whole %s stack trace in a 3,000-line log at over 90%% savings', (_, trace) => {
    const input = serviceLog(trace);
    const out = view(run(input));
    expect(out.text).toContain('ERROR worker crashed while syncing account acct_77');
    for (const line of trace.filter((line) => line !== '')) expect(out.text).toContain(line);
    expect(out.text).toContain('WARN pool nearly exhausted');
    expect(out.text).toContain('INFO shutdown complete');
    expect(countTokens(out.text)).toBeLessThan(countTokens(input) * 0.1);
    // Below the digest, the view is the log itself with marked gaps.
    const body = out.text.split('\n');
    const digestEnd = body.findIndex((line, index) => index > 0 && !/^ {2}[\d,]+× /.test(line));
    verifyView(input, body.slice(digestEnd).join('\n'));
  });

  it('heads the view with the most frequent templates, their counts and where they occur', () => {
    const input = fixture('app-log.txt');
    const out = view(run(input, { budgetTokens: 2500 }));
    const digest = out.text.split('\n').filter((line) => /^ {2}[\d,]+× /.test(line));
    expect(digest.length).toBeGreaterThan(3);
    expect(digest[0]).toMatch(/^ {2}3,479× <ts> status <\*> <\*> <\*> \(lines 3-4,891\)$/);
    expect(out.text.split('\n')[0]).toMatch(/^\[headroom log digest: 4,891 lines, \d+ templates/);
    expect(countTokens(out.text)).toBeLessThanOrEqual(2500);
  });

  it('mines one template for lines that differ in a word, and counts every line once', () => {
    const lines = ['<ts> status installed libc6 <n>', '<ts> status unpacked zlib <n>', '<ts> configure libc6 <n> <none>', '<ts> status installed curl <n>'];
    const mined = mineTemplates(lines);
    expect(mined.map((entry) => [entry.template, entry.count])).toEqual([
      ['<ts> status <*> <*> <n>', 3],
      ['<ts> configure libc6 <n> <none>', 1],
    ]);
  });
});
