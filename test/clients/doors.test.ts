import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_NAMES } from './agent.js';
import { type Conversation, converse, describeRun, type SandboxScript } from './converse.js';
import type { ReceivedResult } from './fake-model.js';
import { ALARMING, copyListing, listingText, writeGeneratedLog } from './fixtures.js';
import { footerHash, pageBody } from './headroom-text.js';
import { headroomShim } from './paths.js';
import { record, tokens } from './report.js';
import { mcp, readBack, say, shell } from './script.js';

const FOOTER = /\[headroom: [^\]]*headroom_retrieve hash=hr_[0-9a-f]{16}[^\]]*\]/;
const VIEW_MAX_TOKENS = 2_000;
// Big enough to need several pages in either client; small enough for a quick run.
const PAGED_BYTES = 160_000;

const compress = (input: Record<string, unknown>) => mcp('headroom', 'headroom_compress', input);
const retrieve = (input: Record<string, unknown>) => mcp('headroom', 'headroom_retrieve', input);

/** Lines of `text` that are whole lines of `original`: proof the view itself arrived, not metadata about it. */
function originalLinesIn(text: string, original: string): number {
  const lines = new Set(original.split('\n').filter((line) => line.trim().length > 20));
  return text.split('\n').filter((line) => lines.has(line)).length;
}

function zstdLine(original: string): string {
  const line = original.split('\n').find((candidate) => / zstd$/.test(candidate));
  if (line === undefined) throw new Error('the listing fixture has no zstd line');
  return line;
}

function only(run: Conversation, count: number): ReceivedResult[] {
  expect(run.exited.code, describeRun(run)).toBe(0);
  expect(run.results, describeRun(run)).toHaveLength(count);
  return run.results;
}

describe.each(CLIENT_NAMES)('%s', (client) => {
  let run: Conversation | undefined;
  afterEach(() => run?.sandbox.remove());

  it('hands the model the view and its retrieve footer when headroom_compress reads a path', async () => {
    const original = listingText();
    run = await converse(client, {
      prepare: (box) => void copyListing(box.cwd),
      script: (turn, box) => (turn.results.length === 0 ? compress({ path: join(box.cwd, 'ls-la.txt') }) : say('done')),
    });
    const [view] = only(run, 1);
    const received = view?.text ?? '';
    record({ client, door: 'headroom_compress {path}', originalTokens: tokens(original), modelTokens: tokens(received), calls: 1 });
    expect(received).toMatch(FOOTER);
    expect(originalLinesIn(received, original)).toBeGreaterThanOrEqual(10);
    expect(tokens(received)).toBeLessThan(VIEW_MAX_TOKENS);
    expect(tokens(received) * 10).toBeLessThan(tokens(original));
  });

  it('gives back the original byte for byte when the model follows the retrieve pages', async () => {
    let original = '';
    const script: SandboxScript = (turn, box) => readBack(compress({ path: join(box.cwd, 'service.log') }))(turn);
    run = await converse(client, { prepare: (box) => void (original = writeGeneratedLog(box.cwd, PAGED_BYTES).text), script });
    expect(run.exited.code, describeRun(run)).toBe(0);
    const pages = run.results.slice(1);
    record({ client, door: 'headroom_retrieve {hash}, every page', originalTokens: tokens(original), modelTokens: pages.reduce((sum, page) => sum + tokens(page.text), 0), calls: pages.length });
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const rebuilt = pages.map((page) => pageBody(page.body)).join('');
    // Compare lengths first: a mismatch of 100 KB strings is unreadable.
    expect(rebuilt.length).toBe(original.length);
    expect(rebuilt === original).toBe(true);
  });

  it('hands the model the matching lines when headroom_retrieve gets a hash and a query', async () => {
    const original = listingText();
    run = await converse(client, {
      prepare: (box) => void copyListing(box.cwd),
      script: (turn, box) => {
        const [view, hits] = turn.results;
        if (view === undefined) return compress({ path: join(box.cwd, 'ls-la.txt') });
        const hash = footerHash(view.text);
        if (hits === undefined && hash !== undefined) return retrieve({ hash, query: 'zstd' });
        return say('done');
      },
    });
    const [, hits] = only(run, 2);
    record({ client, door: 'headroom_retrieve {hash, query}', originalTokens: tokens(original), modelTokens: tokens(hits?.text ?? ''), calls: 1 });
    expect(hits?.text).toContain(zstdLine(original));
  });

  it('hands the model hits with their text and hash when headroom_retrieve searches every original', async () => {
    const original = listingText();
    let listingHash: string | undefined;
    run = await converse(client, {
      prepare: (box) => {
        copyListing(box.cwd);
        writeGeneratedLog(box.cwd, 20_000);
      },
      script: (turn, box) => {
        const [listing, log, hits] = turn.results;
        if (listing === undefined) return compress({ path: join(box.cwd, 'ls-la.txt') });
        listingHash = footerHash(listing.text);
        if (log === undefined) return compress({ path: join(box.cwd, 'service.log') });
        if (hits === undefined) return retrieve({ query: 'zstd' });
        return say('done');
      },
    });
    const [, , hits] = only(run, 3);
    record({ client, door: 'headroom_retrieve {query}', originalTokens: tokens(original), modelTokens: tokens(hits?.text ?? ''), calls: 1 });
    expect(listingHash).toMatch(/^hr_[0-9a-f]{16}$/);
    expect(hits?.text).toContain(listingHash);
    expect(hits?.text).toContain(zstdLine(original));
  });

  it('hands the model the view and footer when its shell pipes a file into headroom compress, sharing the store', async () => {
    const original = listingText();
    run = await converse(client, {
      prepare: (box) => void copyListing(box.cwd),
      path: (box) => [headroomShim(join(box.root, 'bin'), box.headroomHome)],
      script: (turn, box) => {
        const [piped, hits] = turn.results;
        if (piped === undefined) return shell('cat ls-la.txt | headroom compress');
        const hash = footerHash(piped.text);
        if (hits === undefined && hash !== undefined) return retrieve({ hash, query: 'zstd' });
        return say('done');
      },
    });
    const [piped, hits] = only(run, 2);
    const received = piped?.text ?? '';
    record({ client, door: 'shell: cat FILE | headroom compress', originalTokens: tokens(original), modelTokens: tokens(received), calls: 1 });
    expect(received).toMatch(FOOTER);
    expect(originalLinesIn(received, original)).toBeGreaterThanOrEqual(10);
    expect(tokens(received)).toBeLessThan(VIEW_MAX_TOKENS);
    expect(hits?.text).toContain(zstdLine(original));
  });

  it('keeps a view whose errors alone pass the client\'s limit under that limit, by MCP and by the shell pipe', async () => {
    let original = '';
    run = await converse(client, {
      prepare: (box) => void (original = writeGeneratedLog(box.cwd, PAGED_BYTES, ALARMING, 'noisy.log').text),
      path: (box) => [headroomShim(join(box.root, 'bin'), box.headroomHome)],
      script: (turn, box) => {
        if (turn.results.length === 0) return compress({ path: join(box.cwd, 'noisy.log') });
        if (turn.results.length === 1) return shell('cat noisy.log | headroom compress');
        return say('done');
      },
    });
    const [byMcp, byShell] = only(run, 2);
    const firstLine = original.slice(0, original.indexOf('\n'));
    for (const [door, result] of [['headroom_compress {path}, errors past the limit', byMcp], ['shell: cat FILE | headroom compress, errors past the limit', byShell]] as const) {
      const received = result?.text ?? '';
      record({ client, door, originalTokens: tokens(original), modelTokens: tokens(received), calls: 1 });
      expect(received, door).toMatch(FOOTER);
      expect(received, door).toContain(firstLine);
      expect(received, door).toMatch(/lines of this view omitted \(view lines [\d,]+-[\d,]+\) to fit the client's limit/);
      // Neither client's own cut: Claude's saved-file error or preview, Codex's truncation marker.
      expect(received, door).not.toMatch(/exceeds maximum allowed tokens|Output too large|tokens truncated/);
      if (client === 'codex') expect(received.length, door).toBeLessThan(12_000);
      else expect(tokens(received), door).toBeLessThan(25_000);
    }
  });
});
