// Two Mend processes sharing one store (Redis, and Azure Blob storage on Azurite): a conversation
// moves between them, and concurrent turns spread over both keep every effect, each answered once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ETagStore } from '../src/state/etag-store.js';
import { azuriteAvailable, startAzurite } from './helpers/azurite.js';
import { conversationKey, textOf, turn } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';
import { freePort, redisAvailable, startRedis } from './helpers/redis-server.js';

const R = testReplies();
const ci = process.env['CI'] !== undefined;

/** A shared store for the two instances: the environment they start with, and a direct reader. */
interface SharedStore {
  env: Record<string, string>;
  open(): Promise<ETagStore>;
  stop(): Promise<void>;
}

// Each runs where its server is installed, and always on CI (where a missing server fails).
const backends: { name: string; run: boolean; start: () => Promise<SharedStore> }[] = [
  {
    name: 'Redis',
    run: redisAvailable() || ci,
    start: async () => {
      const redis = await startRedis();
      const { RedisStore } = await import('../src/state/redis-storage.js');
      return {
        env: { STORAGE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'scale:' },
        open: () => RedisStore.connect(redis.url, { prefix: 'scale:' }),
        stop: () => redis.stop(),
      };
    },
  },
  {
    name: 'Azure Blob storage (Azurite)',
    run: azuriteAvailable() || ci,
    start: async () => {
      const azurite = await startAzurite();
      const container = `scale-${randomUUID()}`;
      const { BlobStore } = await import('../src/state/blob-storage.js');
      return {
        env: { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: container },
        open: () => BlobStore.connect(azurite.connectionString, container),
        stop: () => azurite.stop(),
      };
    },
  },
];

async function startInstance(storageEnv: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...storageEnv, LOG_LEVEL: 'warn', RATE_LIMIT_CONVERSATION_PER_MINUTE: '10000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      /* starting */
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('a Mend instance did not start');
}

describe.each(backends.filter((b) => b.run).map((b) => [b.name, b.start] as const))('scale-out on %s', (_name, start) => {
  let shared: SharedStore;
  let a: { url: string; child: ChildProcess };
  let b: { url: string; child: ChildProcess };
  beforeAll(async () => {
    shared = await start();
    [a, b] = await Promise.all([startInstance(shared.env), startInstance(shared.env)]);
  }, 60_000);
  afterAll(async () => {
    for (const instance of [a, b]) instance?.child.kill('SIGTERM');
    await shared?.stop();
  });

  it('a conversation started on one instance continues on the other', async () => {
    const asked = await turn(a.url, { text: R.text('core.button_istatement'), conversationId: 'moving' });
    expect(R.variants('istatement.ask_original')).toContain(asked.at(-1)?.text);
    const checked = await turn(b.url, { text: 'you never listen to me', conversationId: 'moving' });
    expect(textOf(checked)).toContain(R.text('istatement.check_intro'));
    expect(R.variants('istatement.ask_feeling')).toContain(checked.at(-1)?.text);
  });

  it('N concurrent turns on one conversation over both instances keep N effects, each answered once', async () => {
    const n = 20;
    const responses = await Promise.all(Array.from({ length: n }, (_, i) => turn(i % 2 === 0 ? a.url : b.url, { text: 'hello', conversationId: 'contended', userId: 'u-contended' })));
    for (const replies of responses) {
      // One answer: one greeting and one menu, never a doubled reply from a retried turn.
      expect(replies).toHaveLength(2);
      expect(R.variants('core.greeting')).toContain(replies[0]?.text);
    }
    const store = await shared.open();
    try {
      const key = conversationKey('contended');
      const item = (await store.read([key]))[key] as { profile?: { turns: number } };
      expect(item.profile?.turns).toBe(n);
    } finally {
      await store.close();
    }
  }, 60_000);
});
