import { describe, expect, it } from 'vitest';
import { chunkOriginal } from '../../src/search/chunks.js';

const texts = (content: string, kind: Parameters<typeof chunkOriginal>[2]) => chunkOriginal('hr_test', content, kind).map((chunk) => chunk.text);

describe('chunks are units of meaning', () => {
  it('keeps a commit of git log with its message, and leaves its stat lines out of it', () => {
    const log = [
      'commit 1111111111111111111111111111111111111111',
      'Author: A <a@example.invalid>',
      'Date:   Sun Feb 16 04:15:00 2025 +0000',
      '',
      '    fix: keep the whole message',
      '',
      '    A second paragraph of it.',
      '',
      ' src/a.ts | 2 +-',
      ' 1 file changed, 1 insertion(+), 1 deletion(-)',
      '',
      'commit 2222222222222222222222222222222222222222',
      'Author: B <b@example.invalid>',
    ].join('\n');
    const chunks = texts(log, 'log');
    expect(chunks[0]).toBe(log.split('\n').slice(0, 7).join('\n'));
    expect(chunks.some((chunk) => chunk.startsWith('commit 2222'))).toBe(true);
  });

  it('keeps a stack trace under a shared log prefix with the error it belongs to, and timestamped events apart', () => {
    const log = [
      'npm verbose stack HttpErrorGeneral: 404 Not Found',
      'npm verbose stack     at check-response.js:103:15',
      'npm verbose stack     at async RegistryFetcher.manifest (registry.js:128:23)',
      'npm verbose statusCode 404',
      '2025-06-24 14:36:25 status unpacked libc6',
      '2025-06-24 14:36:26 status installed libc6',
    ].join('\n');
    expect(texts(log, 'log')).toEqual([log.split('\n').slice(0, 3).join('\n'), ...log.split('\n').slice(3)]);
  });

  it('keeps a key: value record whole though it is longer than a paragraph, and cuts a long paragraph into blocks', () => {
    const record = ['Package: libuv1', 'Status: install ok installed', 'Version: 1.44.2-1', 'Description: event library', ...Array.from({ length: 32 }, (_, index) => ` continuation line ${index}`)];
    const definition = ['   PROMPT_DIRTRIM', '          If set to a number greater than zero, the value is used as the', '          number of trailing directory components to retain.'];
    const long = ['   OTHER_VARIABLE', ...Array.from({ length: 27 }, (_, index) => `          body line ${index} of another definition`), ...definition];
    const chunks = texts([...record, '', ...long, '', 'A short paragraph.'].join('\n'), 'text');
    expect(chunks[0]).toBe(record.join('\n'));
    expect(chunks).toContain(definition.join('\n'));
    expect(chunks).toContain('A short paragraph.');
  });
});
