// Shared eTag semantics for Mend's Storage backends, so every backend agrees on one contract:
// - a write whose item has no eTag, or eTag "*", overwrites unconditionally;
// - a write with any other eTag succeeds only if the stored item has that same eTag
//   (a missing item never matches, so a stale read cannot resurrect a deleted key);
// - the eTag CREATE_ONLY succeeds only if nothing is stored under the key yet (a brand-new
//   conversation's first write cannot overwrite one another instance created meanwhile);
// - every successful write stores a fresh eTag and puts it back on the caller's item, so a
//   second save in the same turn compares against what the first one wrote;
// - reads return copies, never live objects.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { KeyedQueue } from './keyed-queue.js';

/** eTag meaning "only if the key does not exist yet". */
export const CREATE_ONLY = '#create-only';

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
   * many went. Each deletion re-checks the item (removeIfStale), so a turn writing at the same
   * moment is never lost.
   */
  async sweep(cutoff: number): Promise<number> {
    let deleted = 0;
    for await (const { key, savedAt } of this.entries()) {
      if (savedAt >= cutoff) continue;
      if (await this.removeIfStale(key, cutoff)) deleted += 1;
    }
    return deleted;
  }

  /**
   * Deletes the key if it was last written before `cutoff`, checked again at the moment of the
   * delete; true if it went. The default re-checks under the key's in-process lock; a store
   * shared by several instances (Redis) overrides it with a check-and-delete on its server.
   */
  protected async removeIfStale(key: string, cutoff: number): Promise<boolean> {
    return this.locks.run(key, async () => {
      const fresh = await this.savedAt(key);
      if (fresh === undefined || fresh >= cutoff) return false;
      await this.remove(key);
      return true;
    });
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
      Object.entries(changes).map(async ([key, change]) => {
        const item = toStoreItem(change);
        const eTag = randomUUID();
        const stored = await this.writeItem(key, { ...item, eTag }, item.eTag);
        (change as StoreItem).eTag = stored ?? eTag;
      }),
    );
  }

  /**
   * Stores `item` (already carrying its new eTag) if `expected` allows it. The default compares
   * under an in-process lock per key, which is atomic for stores only this process writes;
   * shared stores (Redis, Azure Blob) override it with a server-side compare-and-set. A store whose
   * server assigns the eTag itself (Azure Blob) returns that eTag, and it replaces `item.eTag`.
   */
  protected async writeItem(key: string, item: StoreItem, expected: string | undefined): Promise<string | void> {
    await this.locks.run(key, async () => {
      if (expected !== undefined && expected !== '*') {
        const current = await this.load(key);
        const ok = expected === CREATE_ONLY ? current === undefined : current !== undefined && current.eTag === expected;
        if (!ok) throw new StorageConflictError(key);
      }
      await this.save(key, item);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Storage.delete: keys must be an array');
    await Promise.all(keys.map((key) => this.locks.run(key, () => this.remove(key))));
  }

  /** Resolves when no write or delete is in flight (used by graceful shutdown). */
  flush(): Promise<void> {
    return this.locks.idle();
  }

  /** Flushes and releases connections (nothing to release for file and memory stores). */
  async close(): Promise<void> {
    await this.flush();
  }
}

function toStoreItem(value: unknown): StoreItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('Storage.write: each item must be a plain object');
  }
  // A JSON round trip gives the same copy every backend stores (drops functions and undefined).
  return JSON.parse(JSON.stringify(value)) as StoreItem;
}
