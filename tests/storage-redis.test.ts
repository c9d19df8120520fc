// The Redis backend runs the same conformance suite as every other backend, against a real server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisStore } from '../src/state/redis-storage.js';
import { redisAvailable, startRedis, type RedisServer } from './helpers/redis-server.js';
import { retentionConformance, storageConformance, sweepRaceConformance } from './storage-conformance.js';

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

  sweepRaceConformance('redis', async (now) => {
    const prefix = `t-${randomUUID()}:`;
    const pair = await Promise.all([RedisStore.connect(redis.url, { prefix, now }), RedisStore.connect(redis.url, { prefix, now })]);
    stores.push(...pair);
    return pair;
  }, 'entries');
});
