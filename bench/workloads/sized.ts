import { createRandom } from '../random.js';
import { logEntries } from './logs.js';
import { orderRows } from './orders.js';

const START_MS = Date.UTC(2026, 10, 20, 13, 0, 0);

/** An application log of about `bytes` bytes: timestamped lines, a few errors, one Node stack trace per ~500 lines. */
export function sizedLog(bytes: number, seed = 7): string {
  const random = createRandom(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    for (const entry of logEntries(random, 500, START_MS + lines.length * 1000)) {
      const line = `${entry.timestamp} ${entry.level.padEnd(5)} [${entry.service}] ${entry.message} trace=${entry.trace_id.slice(0, 16)}`;
      lines.push(line);
      size += line.length + 1;
    }
    const trace = [
      `${new Date(START_MS + lines.length * 1000).toISOString()} ERROR [checkout-api] unhandled rejection: TypeError: Cannot read properties of undefined (reading 'total')`,
      '    at computeTotals (/srv/app/dist/cart/totals.js:41:22)',
      '    at async CheckoutController.submit (/srv/app/dist/checkout/controller.js:118:9)',
      '    at async /srv/app/node_modules/express/lib/router/layer.js:95:5',
    ];
    lines.push(...trace);
    size += trace.join('\n').length + 1;
  }
  return cutAt(lines.join('\n'), bytes);
}

/** A compact JSON array of order rows, about `bytes` bytes (or exactly `items` rows). */
export function sizedJsonArray(bytes: number, items?: number, seed = 11): string {
  const random = createRandom(seed);
  if (items !== undefined) return JSON.stringify(orderRows(random, items, START_MS));
  const perRow = JSON.stringify(orderRows(createRandom(seed), 50, START_MS)).length / 50;
  return JSON.stringify(orderRows(random, Math.max(1, Math.round(bytes / perRow)), START_MS));
}

function cutAt(text: string, bytes: number): string {
  if (text.length <= bytes) return text;
  const end = text.lastIndexOf('\n', bytes);
  return text.slice(0, end > 0 ? end : bytes);
}
