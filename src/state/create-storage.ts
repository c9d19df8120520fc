// Builds the Storage backend named by config (STORAGE).
import { mkdirSync } from 'node:fs';
import type { Config } from '../config.js';
import type { ETagStore } from './etag-store.js';
import { LowdbStore } from './lowdb-storage.js';
import { MemoryStore } from './memory-storage.js';

type StorageConfig = Pick<Config, 'storage' | 'dataDir'> & Partial<Pick<Config, 'redisUrl' | 'redisKeyPrefix' | 'blobConnectionString' | 'blobContainer'>>;

/** The optional package STORAGE=blob needs (package.json "optionalDependencies"). */
export const BLOB_PACKAGE = '@azure/storage-blob';

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
    case 'blob': {
      const { BlobStore } = await loadBlobStore();
      return BlobStore.connect(config.blobConnectionString ?? '', config.blobContainer ?? '');
    }
  }
}

/**
 * Loads the Azure Blob backend. Its SDK is an optional dependency (npm ci --omit=optional, or a
 * failed optional install, leaves it out), so a missing package stops start-up saying what to do.
 */
export async function loadBlobStore(load: () => Promise<typeof import('./blob-storage.js')> = () => import('./blob-storage.js')): Promise<typeof import('./blob-storage.js')> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((err as Error).message).includes(BLOB_PACKAGE)) {
      throw new Error(`STORAGE=blob needs the optional package ${BLOB_PACKAGE}: run npm install --include=optional (package.json pins it), then start Mend again`, { cause: err });
    }
    throw err;
  }
}
