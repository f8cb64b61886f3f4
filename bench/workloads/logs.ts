import type { Random } from '../random.js';
import { NOUNS, REGIONS, SERVICES, timestamp } from './vocabulary.js';

/** One hit of a log search API (Datadog/Loki/Elastic-shaped). */
export interface LogEntry {
  timestamp: string;
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  service: string;
  host: string;
  region: string;
  trace_id: string;
  message: string;
}

const LEVELS = ['INFO', 'DEBUG', 'WARN', 'ERROR'] as const;

function message(random: Random, level: LogEntry['level']): string {
  const noun = random.pick(NOUNS);
  switch (level) {
    case 'INFO':
      return random.pick([
        `GET /api/v2/${noun}s/${random.int(1000, 99999)} 200 ${random.int(4, 180)}ms`,
        `POST /api/v2/${noun}s 201 ${random.int(20, 400)}ms`,
        `processed ${random.int(1, 500)} ${noun} events from queue ${noun}-events in ${random.int(5, 900)}ms`,
        `cache refresh for ${noun} catalog completed, ${random.int(100, 9000)} keys`,
        `health check ok (uptime ${random.int(1, 400)}h)`,
      ]);
    case 'DEBUG':
      return `${noun} lookup hit=${random.chance(0.8)} key=${noun}:${random.int(1, 99999)}`;
    case 'WARN':
      return random.pick([
        `slow query on ${noun}s took ${random.int(1200, 4800)}ms`,
        `retrying request to ${random.pick(SERVICES)} (attempt ${random.int(2, 4)} of 5)`,
        `upstream ${random.pick(SERVICES)} responded 429, backing off ${random.int(100, 2000)}ms`,
      ]);
    case 'ERROR':
      return random.pick([
        `connect ECONNREFUSED 10.0.${random.int(0, 9)}.${random.int(2, 250)}:5432`,
        `request to ${random.pick(SERVICES)} timed out after 30000ms`,
        `upstream ${random.pick(SERVICES)} returned 503 Service Unavailable`,
      ]);
  }
}

/** `count` entries, one every few seconds from `startMs`, mostly INFO. */
export function logEntries(random: Random, count: number, startMs: number): LogEntry[] {
  const entries: LogEntry[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    offset += random.int(200, 6000);
    const level = random.weighted(LEVELS, [80, 10, 7, 3]);
    const region = random.pick(REGIONS);
    entries.push({
      timestamp: timestamp(startMs, offset),
      level,
      service: random.pick(SERVICES),
      host: `ip-10-0-${random.int(0, 9)}-${random.int(2, 250)}.${region}.compute.internal`,
      region,
      trace_id: random.hex(32),
      message: message(random, level),
    });
  }
  return entries;
}
