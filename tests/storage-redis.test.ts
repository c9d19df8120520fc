// The Redis backend runs the same conformance suite as every other backend, against a real server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/state/redis-storage.js';
import { redisAvailable, startRedis, type RedisServer } from './helpers/redis-server.js';
import { retentionConformance, storageConformance } from './storage-conformance.js';

// CI installs redis-server (scripts/test-all.sh); a developer machine without it skips, CI never does.
const run = redisAvailable() || process.env['CI'] !== undefined;

describe.runIf(run)('redis backend', () => {
  let redis: RedisServer;
  const stores: RedisStore[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });
  const make = async (now?: () => number): Promise<RedisStore> => {
    // A fresh prefix per store keeps tests apart on one server.
    const store = await RedisStore.connect(redis.url, { prefix: `t-${randomUUID()}:`, ...(now ? { now } : {}) });
    stores.push(store);
    return store;
  };
  storageConformance('redis', () => make());
  retentionConformance('redis', (now) => make(now));

  it('keeps a stale key that another instance rewrites between the sweep listing it and deleting it', async () => {
    let clock = 1_000;
    const prefix = `t-${randomUUID()}:`;
    const sweeper = await RedisStore.connect(redis.url, { prefix, now: () => clock });
    const otherInstance = await RedisStore.connect(redis.url, { prefix, now: () => clock });
    stores.push(sweeper, otherInstance);
    await sweeper.write({ k: { v: 1 } });
    // Hook the listing so the other instance writes right after the sweep has seen the old key.
    type Listing = { entries: () => AsyncIterable<unknown> };
    const entries = (sweeper as unknown as Listing).entries.bind(sweeper);
    (sweeper as unknown as Listing).entries = async function* () {
      for await (const entry of entries()) {
        clock = 10_000;
        await otherInstance.write({ k: { v: 2 } });
        yield entry;
      }
    };
    expect(await sweeper.sweep(5_000)).toBe(0);
    expect((await sweeper.read(['k']))['k']).toMatchObject({ v: 2 });
  });
});
