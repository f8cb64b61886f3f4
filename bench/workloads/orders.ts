import type { Random } from '../random.js';
import { COUNTRIES, FIRST_NAMES, LAST_NAMES, timestamp } from './vocabulary.js';

/** A row of `SELECT ... FROM orders JOIN users` as a database tool returns it. */
export interface OrderRow {
  order_id: string;
  user_id: string;
  email: string;
  account_status: 'active' | 'trial' | 'suspended';
  plan: string;
  country: string;
  order_total: number;
  currency: string;
  items: number;
  created_at: string;
  last_login_at: string;
}

export function orderRows(random: Random, count: number, startMs: number): OrderRow[] {
  const rows: OrderRow[] = [];
  for (let index = 0; index < count; index++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    rows.push({
      order_id: `ord_${100_000 + index * 7 + random.int(0, 6)}`,
      user_id: `usr_${random.int(10_000, 99_999)}`,
      email: `${first}.${last}${random.int(1, 99)}@example.com`,
      account_status: random.weighted(['active', 'trial'] as const, [85, 15]),
      plan: random.weighted(['free', 'pro', 'team', 'enterprise'], [30, 45, 20, 5]),
      country: random.pick(COUNTRIES),
      order_total: Math.round((20 + random.next() * 280) * 100) / 100,
      currency: 'USD',
      items: random.int(1, 6),
      created_at: timestamp(startMs, index * 431_000 + random.int(0, 400_000)),
      last_login_at: timestamp(startMs, index * 431_000 - random.int(0, 86_400_000)),
    });
  }
  return rows;
}
