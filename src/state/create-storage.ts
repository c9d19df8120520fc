// Builds the Storage backend named by config (STORAGE).
import { mkdirSync } from 'node:fs';
import type { Config } from '../config.js';
import type { ETagStore } from './etag-store.js';
import { LowdbStore } from './lowdb-storage.js';
import { MemoryStore } from './memory-storage.js';

export function createStorage(config: Pick<Config, 'storage' | 'dataDir'>): ETagStore {
  switch (config.storage) {
    case 'memory':
      return new MemoryStore();
    case 'lowdb':
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      return new LowdbStore(config.dataDir);
  }
}
