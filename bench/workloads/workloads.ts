import { createRandom, type Random } from '../random.js';
import { codeSearchResult, type CodeSearchPlant } from './code-search.js';
import { fileSearchMatches, ripgrepText } from './file-search.js';
import { issues } from './issues.js';
import { type LogEntry, logEntries } from './logs.js';
import { orderRows } from './orders.js';
import { directoryTree, type TreeEntry } from './tree.js';

/** One tool result in an agent's context: the text the tool returned. */
export interface ToolResult {
  name: string;
  content: string;
}

/** A targeted question whose exact answer was planted in one tool result. */
export interface Question {
  ask: string;
  /** Name of the tool result that holds the answer. */
  result: string;
  /** What an agent that knows the question (not the answer) would search for with headroom_retrieve. */
  query: string;
  /** Every one must be visible for the question to count as answered. */
  expect: Array<string | RegExp>;
}

export interface Workload {
  name: string;
  /** The agent's goal, passed as `query` when each result is compressed. */
  task: string;
  /** headroom's published token reduction on its workload of this shape, in percent. */
  headroomPercent: number;
  results: ToolResult[];
  questions: Question[];
}

/** Every workload is generated from this seed, so runs compare like with like. */
export const WORKLOAD_SEED = 20_261_121;
const START_MS = Date.UTC(2026, 10, 20, 13, 0, 0);

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function codeSearch(random: Random, count: number, term: string, plants: ReadonlyMap<number, CodeSearchPlant>) {
  const items = Array.from({ length: count }, (_, index) => codeSearchResult(random, term, plants.get(index)));
  return pretty({ total_count: count * 7 + random.int(0, 6), incomplete_results: false, items });
}

function codeSearchWorkload(random: Random): Workload {
  const plants = new Map<number, CodeSearchPlant>([
    [63, { repository: 'acme/payments', path: 'services/billing/src/webhooks/verify-stripe-signature.ts', term: 'verifyStripeSignature', lines: ["import { timingSafeEqual } from 'node:crypto';", 'export function verifyStripeSignature(payload: Buffer, header: string, secret: string): boolean {', "  const expected = sign(payload, secret, 'sha256');"] }],
    [17, { repository: 'globex/legacy-vault', path: 'lib/crypto/envelope.js', term: 'createCipher', lines: ["const crypto = require('crypto');", "  const cipher = crypto.createCipher('aes-256-cbc', secret); // deprecated since Node 10", '  return Buffer.concat([cipher.update(data), cipher.final()]);'] }],
  ]);
  return {
    name: 'code search',
    task: 'find where webhook signatures are verified',
    headroomPercent: 92,
    results: [{ name: 'code search (100 results)', content: codeSearch(random, 100, 'verifySignature', plants) }],
    questions: [
      { ask: 'Which file defines verifyStripeSignature?', result: 'code search (100 results)', query: 'verifyStripeSignature', expect: ['services/billing/src/webhooks/verify-stripe-signature.ts'] },
      { ask: 'Which repository still calls the deprecated crypto.createCipher?', result: 'code search (100 results)', query: 'createCipher deprecated', expect: ['globex/legacy-vault'] },
    ],
  };
}

function sreWorkload(random: Random): Workload {
  const logs = logEntries(random, 300, START_MS);
  const poolTrace = '7f3a9c2e51d04b6f8e2a61c9d0b4f7a3';
  logs[211] = { ...(logs[211] as LogEntry), level: 'ERROR', service: 'payments-worker', trace_id: poolTrace, message: 'pg pool exhausted: 50/50 connections in use, 212 requests waiting' };

  const rows = orderRows(random, 200, START_MS);
  const suspended = [12, 88, 171].map((index) => {
    const row = rows[index];
    if (row === undefined) throw new Error('planted row out of range');
    row.account_status = 'suspended';
    return row.user_id;
  });
  const anomaly = rows[57];
  if (anomaly === undefined) throw new Error('planted row out of range');
  anomaly.order_total = 48_210.5;

  const grepPlant = new Map([[96, { path: 'src/db/pool.ts', line: 42, text: '    max: Number(process.env.PG_POOL_MAX ?? 50),' }]]);
  return {
    name: 'SRE incident',
    task: 'why are checkout requests failing',
    headroomPercent: 92,
    results: [
      { name: 'log search (300 entries)', content: pretty({ query: 'service:* env:prod', took_ms: 412, hits: logs }) },
      { name: 'orders query (200 rows)', content: pretty({ rowCount: rows.length, rows }) },
      { name: 'rg -n -C1 pool (150 hits)', content: ripgrepText(random, 150, 'pool', grepPlant) },
    ],
    questions: [
      { ask: 'Which trace id belongs to the pool-exhaustion error?', result: 'log search (300 entries)', query: 'pool exhausted', expect: [poolTrace, 'pool exhausted'] },
      { ask: 'Which order has an abnormal total?', result: 'orders query (200 rows)', query: 'order total', expect: [anomaly.order_id, '48210.5'] },
      { ask: 'Which accounts are suspended?', result: 'orders query (200 rows)', query: 'suspended', expect: suspended },
      { ask: 'Where is the database pool size set (file and line)?', result: 'rg -n -C1 pool (150 hits)', query: 'pool max', expect: ['PG_POOL_MAX', /pool\.ts\D{0,3}42\b|\b42\D{1,3}\s*max: Number/] },
    ],
  };
}

function triageWorkload(random: Random): Workload {
  const list = issues(random, 100, 4200, START_MS - 90 * 86_400_000);
  const closed = list[37];
  if (closed === undefined) throw new Error('planted issue out of range');
  Object.assign(closed, { state: 'closed', title: 'Login crashes on Safari when the SSO token expires', closed_at: '2026-11-18T09:12:44Z' });

  const codePlants = new Map<number, CodeSearchPlant>([
    [22, { repository: 'acme/auth-service', path: 'src/session/refresh-token.ts', term: 'refreshSsoToken', lines: ['export async function refreshSsoToken(session: Session): Promise<Token> {', '  const current = session.token;', '  if (current.expiresAt < Date.now()) return exchange(current.refresh);'] }],
  ]);
  const logs = logEntries(random, 200, START_MS).map((entry) => (entry.level === 'ERROR' ? { ...entry, level: 'WARN' as const, message: `slow response from ${entry.service}` } : entry));
  const errorMessage = "TypeError: Cannot read properties of undefined (reading 'expiresAt') at refreshSsoToken (src/session/refresh-token.ts:88:31)";
  logs[150] = { ...(logs[150] as LogEntry), level: 'ERROR', service: 'auth-service', message: errorMessage };
  return {
    name: 'issue triage',
    task: 'which open issues are about login crashes',
    headroomPercent: 73,
    results: [
      { name: 'issues (100)', content: pretty(list) },
      { name: 'code search (80 results)', content: codeSearch(random, 80, 'refreshToken', codePlants) },
      { name: 'log search (200 entries)', content: pretty({ hits: logs }) },
    ],
    questions: [
      { ask: 'Which login-crash issue is already closed?', result: 'issues (100)', query: 'closed', expect: [new RegExp(`\\b${closed.number}\\b`), 'closed'] },
      { ask: 'Which file refreshes the SSO token?', result: 'code search (80 results)', query: 'refreshSsoToken', expect: ['src/session/refresh-token.ts'] },
      { ask: 'What error does the auth service log?', result: 'log search (200 entries)', query: 'auth-service error', expect: ["Cannot read properties of undefined (reading 'expiresAt')"] },
    ],
  };
}

function explorationWorkload(random: Random): Workload {
  const tree = directoryTree(random, 'repo', 3, 20, 4);
  const folder = tree.children?.[1]?.children?.[2];
  if (folder?.children === undefined) throw new Error('planted folder missing');
  const bundle: TreeEntry = { name: 'vendor.bundle.min.js', type: 'file', size: 48_211_904, modified: '2026-03-02' };
  folder.children.splice(7, 0, bundle);

  const matches = fileSearchMatches(random, 200, 'rateLimit');
  matches[141] = { path: 'src/middleware/rate-limit.ts', line_number: 27, column: 3, match: '  windowMs: 15 * 60 * 1000, // rate limit window', context_before: ['export const rateLimitOptions = {'], context_after: ['  max: 100,'] };
  const codePlants = new Map<number, CodeSearchPlant>([
    [58, { repository: 'hooli/platform-sdk', path: 'pkg/ratelimit/token_bucket.go', term: 'TokenBucket', lines: ['// TokenBucket refills rate tokens per second up to burst.', 'func (b *TokenBucket) Take(n int) bool {', '\tb.mu.Lock()'] }],
  ]);
  return {
    name: 'codebase exploration',
    task: 'where is the rate limiter configured',
    headroomPercent: 47,
    results: [
      { name: 'directory tree (depth 3)', content: pretty(tree) },
      { name: 'file search (200 matches)', content: pretty({ matches }) },
      { name: 'code search (100 results)', content: codeSearch(random, 100, 'rateLimit', codePlants) },
    ],
    questions: [
      { ask: 'Which file is the largest?', result: 'directory tree (depth 3)', query: 'largest file size', expect: ['vendor.bundle.min.js', '48211904'] },
      { ask: 'Where is the rate limit window set (file and line)?', result: 'file search (200 matches)', query: 'rate limit window', expect: ['src/middleware/rate-limit.ts', /\b27\b/, 'windowMs'] },
      { ask: 'Which repository implements the token bucket?', result: 'code search (100 results)', query: 'TokenBucket', expect: ['hooli/platform-sdk', 'pkg/ratelimit/token_bucket.go'] },
    ],
  };
}

/** The four agent contexts shaped like headroom's published benchmark workloads. */
export function generateWorkloads(seed = WORKLOAD_SEED): Workload[] {
  const random = createRandom(seed);
  return [codeSearchWorkload(random), sreWorkload(random), triageWorkload(random), explorationWorkload(random)];
}
