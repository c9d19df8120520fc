// Builds the Storage backend named by config (STORAGE).
import { mkdirSync } from 'node:fs';
import type { Config } from '../config.js';
import type { ETagStore } from './etag-store.js';
import { LowdbStore } from './lowdb-storage.js';
import { MemoryStore } from './memory-storage.js';

type StorageConfig = Pick<Config, 'storage' | 'dataDir'> & Partial<Pick<Config, 'redisUrl' | 'redisKeyPrefix'>>;

export async function createStorage(config: StorageConfig): Promise<ETagStore> {
  switch (config.storage) {
    case 'memory':
      return new MemoryStore();
    case 'lowdb':
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      return new LowdbStore(config.dataDir);
    case 'redis': {
      // Loaded only when used, so the default install path never touches the Redis client.
      const { RedisStore } = await import('./redis-storage.js');
      return RedisStore.connect(config.redisUrl ?? '', { prefix: config.redisKeyPrefix ?? 'mend:' });
    }
  }
}
