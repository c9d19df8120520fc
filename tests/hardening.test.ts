// Bad input and hostile callers: every request gets a clear 4xx or a gentle reply, never a 5xx,
// a crash or a stuck conversation; and a SIGKILL mid-write loses nothing that was answered.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, conversationKey, post, startTestServer, tempDataDir, textOf, turn, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';

const R = testReplies();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000', MAX_BODY_BYTES: '262144' });
});
afterAll(async () => {
  await server?.close();
});

describe('odd but valid messages get a gentle reply', () => {
  it.each([
    ['empty text', ''],
    ['only spaces', '   \n\t '],
    ['control characters', 'hi\u0000\u0007\u001b[31m there'],
    ['emoji', '😡😭💔 you never 🙄'],
    ['right-to-left text', 'אתה אף פעם לא מקשיב לי'],
    ['markup and script', '<script>alert(1)</script><b>you never listen</b>'],
    ['100 KB of text', 'you never listen to me. '.repeat(4200)],
  ])('%s', async (_name, text) => {
    const replies = await turn(server.url, { text, conversationId: `odd-${_name}` });
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r.text ?? '').not.toContain('<script>');
    // The conversation is not stuck.
    expect((await turn(server.url, { text: 'menu', conversationId: `odd-${_name}` })).at(-1)?.suggestedActions?.actions).toHaveLength(3);
  });

  it('an attachment with no text gets a reply, not an error', async () => {
    const replies = await turn(server.url, { attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }], conversationId: 'attach' });
    expect(textOf(replies)).toContain(R.variants('core.empty_message')[0]!);
  });

  it('a card payload is screened like typed text', async () => {
    const replies = await turn(server.url, { value: { text: 'i want to kill myself' }, conversationId: 'card-crisis' });
    expect(textOf(replies)).toContain('988');
  });

  it('an unknown activity type and an unhandled invoke get 2xx/4xx', async () => {
    expect((await post(server.url, activity({ type: 'somethingNew' }))).status).toBeLessThan(300);
    // Invokes are answered synchronously with their own status (not through expectReplies).
    const invokeBody = activity({ type: 'invoke', name: 'composeExtension/query', value: {} });
    delete invokeBody['deliveryMode'];
    const invoke = await post(server.url, invokeBody);
    expect(invoke.status).toBeGreaterThanOrEqual(400);
    expect(invoke.status).toBeLessThan(500);
  });
});

describe('rate limits', () => {
  it('asks the person to slow down once, then skips extra messages, per conversation', async () => {
    const limited = await startTestServer({ RATE_LIMIT_CONVERSATION_PER_MINUTE: '3', RATE_LIMIT_USER_PER_MINUTE: '100' });
    try {
      const results: string[] = [];
      for (let i = 0; i < 6; i += 1) results.push(textOf(await turn(limited.url, { text: 'hello', conversationId: 'flood' })));
      expect(results.slice(0, 3).every((t) => !t.includes(R.text('core.slow_down')))).toBe(true);
      expect(results[3]).toBe(R.text('core.slow_down'));
      expect(results[4]).toBe('');
      // Another conversation is unaffected.
      expect(textOf(await turn(limited.url, { text: 'hello', conversationId: 'calm' }))).not.toContain(R.text('core.slow_down'));
    } finally {
      await limited.close();
    }
  });
});

describe('fuzz: 5,000 generated activities', () => {
  it('never answers 5xx, stays healthy, and memory stays bounded', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('help', 'menu', 'cancel', 'start over', 'forget me', 'Yes, forget me', 'you never listen', 'I want to die', "I'm safe", R.text('core.button_apology'), R.text('core.button_escalate'), R.text('core.button_istatement')),
    );
    const jsonish = fc.jsonValue({ maxDepth: 3 });
    const account = fc.oneof(fc.record({ id: fc.string({ minLength: 1, maxLength: 40 }) }), fc.constant(undefined), jsonish);
    const activityArb = fc.record(
      {
        type: fc.oneof(fc.constantFrom('message', 'conversationUpdate', 'event', 'invoke', 'typing', 'messageReaction', 'installationUpdate', 'endOfConversation'), fc.string({ maxLength: 20 })),
        text: fc.oneof(text, fc.constant(undefined), jsonish),
        value: fc.oneof(fc.constant(undefined), jsonish, fc.record({ text, action: fc.string({ maxLength: 20 }) })),
        from: account,
        recipient: account,
        conversation: fc.oneof(fc.record({ id: fc.string({ minLength: 1, maxLength: 60 }), conversationType: fc.constantFrom('personal', 'groupChat', 'channel', undefined) }), jsonish),
        channelId: fc.oneof(fc.constantFrom('test', 'msteams', 'webchat', 'directline'), fc.string({ maxLength: 30 })),
        locale: fc.oneof(fc.constantFrom('en-US', 'en-GB', 'fr-CA', 'xx', ''), fc.string({ maxLength: 10 }), jsonish),
        membersAdded: fc.oneof(fc.constant(undefined), fc.array(account, { maxLength: 3 }), jsonish),
        entities: fc.oneof(fc.constant(undefined), fc.array(jsonish, { maxLength: 2 })),
        attachments: fc.oneof(fc.constant(undefined), fc.array(fc.record({ contentType: fc.string({ maxLength: 30 }), content: jsonish }), { maxLength: 2 }), jsonish),
        name: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 30 })),
      },
      { requiredKeys: [] },
    );
    const before = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(activityArb, async (generated) => {
        // Replies always come back in the body (never to an outside serviceUrl).
        const body = { id: 'fuzz', serviceUrl: 'http://127.0.0.1:9/', ...generated, deliveryMode: 'expectReplies' };
        const { status } = await post(server.url, body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 5000, seed: 20261122 },
    );
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const grownMb = (process.memoryUsage().rss - before) / 1e6;
    expect(grownMb).toBeLessThan(300);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 240_000);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function spawnMend(dataDir: string, port: number): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STORAGE: 'lowdb', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('Mend did not start');
}

describe('crash safety', () => {
  it('after SIGKILL mid-write, every stored document reads back whole and every answered turn is in the state', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = await spawnMend(dataDir, port);
    const answered = new Map<string, number>();
    let stop = false;
    const workers = Array.from({ length: 8 }, async (_, w) => {
      let n = 0;
      while (!stop) {
        const conversationId = `crash-${w}-${n % 5}`;
        n += 1;
        try {
          const res = await post(url, activity({ text: 'hello', conversationId, userId: `u-${w}` }));
          if (res.status === 200) answered.set(conversationId, (answered.get(conversationId) ?? 0) + 1);
        } catch {
          return; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    expect([...answered.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(20);

    // Every stored document reads back whole: a write cut short can leave a partial file only in
    // the slot being written, never in the other one, which holds the previous complete version.
    const root = join(dataDir, 'state');
    const { TwoSlotFile, baseOfFileName } = await import('../src/state/two-slot-file.js');
    let documents = 0;
    for (const shard of readdirSync(root)) {
      const bases = new Set(readdirSync(join(root, shard)).map(baseOfFileName));
      for (const base of bases) {
        expect(base).toBeDefined(); // no stray files
        const file = new TwoSlotFile<{ key: string }>(join(root, shard, base!));
        expect(file.read()).toMatchObject({ key: expect.any(String) });
        const whole = file.paths.slice(0, 2).filter((path) => {
          try {
            return typeof JSON.parse(readFileSync(path, 'utf8')).gen === 'number';
          } catch {
            return false;
          }
        });
        expect(whole.length).toBeGreaterThanOrEqual(1);
        documents += 1;
      }
    }
    expect(documents).toBeGreaterThan(0);
    // Restart on the same data: every answered turn is there.
    const port2 = await freePort();
    const again = await spawnMend(dataDir, port2);
    try {
      const { LowdbStore } = await import('../src/state/lowdb-storage.js');
      const store = new LowdbStore(dataDir);
      for (const [conversationId, count] of answered) {
        const key = conversationKey(conversationId);
        const item = (await store.read([key]))[key] as { profile?: { turns: number } } | undefined;
        expect(item?.profile?.turns ?? 0).toBeGreaterThanOrEqual(count);
      }
      // ...and the restarted server carries on with them.
      const [first] = answered.keys();
      expect((await turn(`http://127.0.0.1:${port2}`, { text: 'menu', conversationId: first! })).length).toBeGreaterThan(0);
    } finally {
      again.kill('SIGTERM');
    }
  }, 60_000);
});
