// Two Mend processes sharing one Redis: a conversation moves between them, and concurrent turns
// spread over both keep every effect, each answered exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/state/redis-storage.js';
import { conversationKey, textOf, turn } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';
import { freePort, redisAvailable, startRedis, type RedisServer } from './helpers/redis-server.js';

const R = testReplies();
const run = redisAvailable() || process.env['CI'] !== undefined;

async function startInstance(redisUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STORAGE: 'redis', REDIS_URL: redisUrl, REDIS_KEY_PREFIX: 'scale:', LOG_LEVEL: 'warn', RATE_LIMIT_CONVERSATION_PER_MINUTE: '10000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('a Mend instance did not start');
}

describe.runIf(run)('scale-out on Redis', () => {
  let redis: RedisServer;
  let a: { url: string; child: ChildProcess };
  let b: { url: string; child: ChildProcess };
  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startInstance(redis.url), startInstance(redis.url)]);
  }, 60_000);
  afterAll(async () => {
    for (const instance of [a, b]) instance?.child.kill('SIGTERM');
    await redis?.stop();
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
    const store = await RedisStore.connect(redis.url, { prefix: 'scale:' });
    try {
      const key = conversationKey('contended');
      const item = (await store.read([key]))[key] as { profile?: { turns: number } };
      expect(item.profile?.turns).toBe(n);
    } finally {
      await store.close();
    }
  }, 60_000);
});
