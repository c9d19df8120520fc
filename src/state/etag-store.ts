// Shared eTag semantics for Mend's Storage backends, so every backend agrees on one contract:
// - a write whose item has no eTag, or eTag "*", overwrites unconditionally;
// - a write with any other eTag succeeds only if the stored item has that same eTag
//   (a missing item never matches, so a stale read cannot resurrect a deleted key);
// - every successful write stores a fresh eTag; reads return copies, never live objects.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { KeyedQueue } from './keyed-queue.js';

export class StorageConflictError extends Error {
  readonly code = 'ETAG_CONFLICT';
  constructor(readonly key: string) {
    super(`Storage conflict: the item was changed by someone else since it was read (key hash ${key.length} chars)`);
    this.name = 'StorageConflictError';
  }
}

export function isStorageConflict(err: unknown): err is StorageConflictError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ETAG_CONFLICT';
}

export interface StoreOptions {
  /** The clock used to stamp writes (injected in tests of the retention sweep). */
  now?: () => number;
}

export abstract class ETagStore implements Storage {
  private readonly locks = new KeyedQueue();
  protected readonly now: () => number;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  protected abstract load(key: string): Promise<StoreItem | undefined>;
  /** Stores the item, stamped with this.now() for the retention sweep. */
  protected abstract save(key: string, item: StoreItem): Promise<void>;
  protected abstract remove(key: string): Promise<void>;
  /** Every stored key with the time it was last written (ms since the epoch). */
  protected abstract entries(): AsyncIterable<{ key: string; savedAt: number }>;

  /**
   * Retention: deletes every item not written since `cutoff` (ms since the epoch) and returns how
   * many went. Each deletion re-checks the item under its key's lock, so a turn writing at the
   * same moment is never lost.
   */
  async sweep(cutoff: number): Promise<number> {
    let deleted = 0;
    for await (const { key, savedAt } of this.entries()) {
      if (savedAt >= cutoff) continue;
      await this.locks.run(key, async () => {
        const fresh = await this.savedAt(key);
        if (fresh !== undefined && fresh < cutoff) {
          await this.remove(key);
          deleted += 1;
        }
      });
    }
    return deleted;
  }

  protected abstract savedAt(key: string): Promise<number | undefined>;

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Storage.read: keys must be an array');
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const item = await this.load(key);
        if (item !== undefined) items[key] = item;
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (typeof changes !== 'object' || changes === null) throw new TypeError('Storage.write: changes must be an object');
    await Promise.all(
      Object.entries(changes).map(([key, change]) =>
        this.locks.run(key, async () => {
          const item = toStoreItem(change);
          const wanted = item.eTag;
          if (wanted !== undefined && wanted !== '*') {
            const current = await this.load(key);
            if (current === undefined || current.eTag !== wanted) throw new StorageConflictError(key);
          }
          await this.save(key, { ...item, eTag: randomUUID() });
        }),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Storage.delete: keys must be an array');
    await Promise.all(keys.map((key) => this.locks.run(key, () => this.remove(key))));
  }

  /** Resolves when no write or delete is in flight (used by graceful shutdown). */
  flush(): Promise<void> {
    return this.locks.idle();
  }
}

function toStoreItem(value: unknown): StoreItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('Storage.write: each item must be a plain object');
  }
  // A JSON round trip gives the same copy every backend stores (drops functions and undefined).
  return JSON.parse(JSON.stringify(value)) as StoreItem;
}
