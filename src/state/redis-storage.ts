// STORAGE=redis: state shared by several Mend instances. Each key is a Redis hash
// {etag, data, savedAt}; the eTag compare-and-set runs as one Lua script on the server, so two
// instances racing on one conversation cannot both win. Keys carry a configurable prefix.
import type { StoreItem } from 'botbuilder';
import { createClient } from 'redis';
import { CREATE_ONLY, ETagStore, StorageConflictError, type StoreOptions } from './etag-store.js';

// KEYS[1] = key; ARGV = expected eTag ('' = unconditional), new eTag, data, savedAt, ttl ms ('0' = none)
const COMPARE_AND_SET = `
local expected = ARGV[1]
if expected == '${CREATE_ONLY}' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
elseif expected ~= '' and expected ~= '*' then
  if redis.call('HGET', KEYS[1], 'etag') ~= expected then return 0 end
end
redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'data', ARGV[3], 'savedAt', ARGV[4])
if ARGV[5] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[5]) else redis.call('PERSIST', KEYS[1]) end
return 1
`;

// KEYS[1] = key; ARGV[1] = cutoff (ms). Deletes the key only if it was last written before the
// cutoff, checked on the server, so a write by another instance just before is never lost.
const DELETE_IF_STALE = `
local savedAt = redis.call('HGET', KEYS[1], 'savedAt')
if savedAt and tonumber(savedAt) < tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
return 0
`;

type Client = ReturnType<typeof createClient>;

export interface RedisStoreOptions extends StoreOptions {
  prefix: string;
  /** When set, Redis itself expires keys not written for this long (retention without a sweep). */
  ttlMs?: number;
}

export class RedisStore extends ETagStore {
  private constructor(
    private readonly client: Client,
    private readonly options: RedisStoreOptions,
  ) {
    super(options);
  }

  static async connect(url: string, options: RedisStoreOptions): Promise<RedisStore> {
    const client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) } });
    client.on('error', () => {
      /* reconnects on its own; commands fail meanwhile and the turn reports it */
    });
    await client.connect();
    return new RedisStore(client, options);
  }

  private redisKey(key: string): string {
    return `${this.options.prefix}${key}`;
  }

  protected async load(key: string): Promise<StoreItem | undefined> {
    const data = await this.client.hGet(this.redisKey(key), 'data');
    return data === null || data === undefined ? undefined : (JSON.parse(data) as StoreItem);
  }

  protected override async writeItem(key: string, item: StoreItem, expected: string | undefined): Promise<void> {
    const ok = await this.client.eval(COMPARE_AND_SET, {
      keys: [this.redisKey(key)],
      arguments: [expected ?? '', String(item.eTag), JSON.stringify(item), String(this.now()), String(this.options.ttlMs ?? 0)],
    });
    if (ok !== 1) throw new StorageConflictError(key);
  }

  protected async save(key: string, item: StoreItem): Promise<void> {
    await this.writeItem(key, item, undefined);
  }

  protected async remove(key: string): Promise<void> {
    await this.client.del(this.redisKey(key));
  }

  protected async savedAt(key: string): Promise<number | undefined> {
    const value = await this.client.hGet(this.redisKey(key), 'savedAt');
    return value === null || value === undefined ? undefined : Number(value);
  }

  protected async *entries(): AsyncIterable<{ key: string; savedAt: number }> {
    for await (const batch of this.client.scanIterator({ MATCH: `${escapeGlob(this.options.prefix)}*`, COUNT: 500 })) {
      const keys = Array.isArray(batch) ? batch : [batch];
      for (const redisKey of keys) {
        const savedAt = await this.client.hGet(redisKey, 'savedAt');
        yield { key: redisKey.slice(this.options.prefix.length), savedAt: Number(savedAt ?? 0) };
      }
    }
  }

  /**
   * Retention across instances: a stale key is deleted by a script that re-checks its savedAt on
   * the server, so a conversation another instance writes meanwhile is kept, not lost.
   */
  protected override async removeIfStale(key: string, cutoff: number): Promise<boolean> {
    return (await this.client.eval(DELETE_IF_STALE, { keys: [this.redisKey(key)], arguments: [String(cutoff)] })) === 1;
  }

  override async close(): Promise<void> {
    await this.flush();
    if (this.client.isOpen) await this.client.quit();
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
