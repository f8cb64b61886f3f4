import type { ResolvedConfig } from '../config.js';
import { createMemoryStorage } from './memory.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './types.js';

/** Opens the storage the configuration names. */
export async function openStorage(config: Pick<ResolvedConfig, 'store' | 'home' | 'ttlMs' | 'maxStoreBytes'>, now?: () => number): Promise<Storage> {
  const options = { ttlMs: config.ttlMs, maxStoreBytes: config.maxStoreBytes, ...(now === undefined ? {} : { now }) };
  switch (config.store) {
    case 'memory':
      return createMemoryStorage(options);
    case 'sqlite':
      return openSqliteStorage({ ...options, home: config.home });
  }
}
