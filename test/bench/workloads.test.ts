import { describe, expect, it } from 'vitest';
import { recordVisible, showsAll } from '../../bench/recall.js';
import { reasonRows } from '../../bench/reasons.js';
import { generateWorkloads } from '../../bench/workloads/workloads.js';

// The bench is only a yardstick if its questions are answerable from the data it generates.
describe('bench workloads', () => {
  const workloads = generateWorkloads();

  it('generates the same four workloads for the same seed', () => {
    const again = generateWorkloads();
    expect(workloads.map((workload) => workload.name)).toEqual(['code search', 'SRE incident', 'issue triage', 'codebase exploration']);
    expect(again.map((workload) => workload.results.map((result) => result.content))).toEqual(workloads.map((workload) => workload.results.map((result) => result.content)));
    expect(generateWorkloads(1)[0]?.results[0]?.content).not.toBe(workloads[0]?.results[0]?.content);
  });

  it('plants every expected answer in the result its question names, away from its head and tail', () => {
    for (const workload of workloads) {
      for (const question of workload.questions) {
        const result = workload.results.find((candidate) => candidate.name === question.result);
        expect(result, question.ask).toBeDefined();
        expect(showsAll(result?.content ?? '', question.expect), question.ask).toBe(true);
        // Keeping the first and last 5% alone must not answer it: the needle sits in the middle.
        const content = result?.content ?? '';
        const edge = Math.floor(content.length * 0.05);
        expect(showsAll(`${content.slice(0, edge)}\n${content.slice(-edge)}`, question.expect), question.ask).toBe(false);
      }
    }
  });

  it('emits valid JSON for every JSON-shaped result', () => {
    for (const workload of workloads) {
      for (const result of workload.results.filter((candidate) => candidate.content.startsWith('{') || candidate.content.startsWith('['))) {
        expect(() => JSON.parse(result.content), result.name).not.toThrow();
      }
    }
  });
});

describe('bench recall checks', () => {
  const row = { id: 12, status: 'suspended', msg: 'line 12' };

  it('finds a record in pretty JSON, compact JSON and a table row', () => {
    expect(recordVisible(JSON.stringify([{ id: 11, status: 'ok', msg: 'line 11' }, row], null, 2), row)).toBe(true);
    expect(recordVisible(JSON.stringify([row]), row)).toBe(true);
    expect(recordVisible('id,status,msg\n12,suspended,line 12', row)).toBe(true);
  });

  it('does not count a record whose values are missing or only partly present', () => {
    expect(recordVisible('id,status,msg\n12,ok,line 12', row)).toBe(false);
    expect(recordVisible('id,status,msg\n120,suspended,line 120', row)).toBe(false);
  });

  it('flags error values, rare categories and outliers, but not error-free keys', () => {
    const rows = Array.from({ length: 30 }, (_, index) => ({ id: index, status: index === 7 ? 'closed' : 'open', latency: index === 20 ? 9000 : 100 + (index % 5), error: null, note: index === 3 ? 'request failed: timeout' : 'fine' }));
    const reasons = reasonRows(rows);
    expect([...reasons.keys()].sort((a, b) => a - b)).toEqual([3, 7, 20]);
    expect(reasons.get(3)).toBe('error value');
    expect(reasons.get(7)).toBe('rare status');
    expect(reasons.get(20)).toBe('outlier latency');
  });
});
