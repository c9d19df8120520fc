// End-to-end over HTTP, the way Teams and Web Chat reach Mend: real server, free port, real storage.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { activity, conversationKey, post, startTestServer, tempDataDir, textOf, turn, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';

const servers: TestServer[] = [];
async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(env);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const R = testReplies();

describe('HTTP: health and bad requests', () => {
  it('answers /healthz with status, version and storage kind', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', version: '0.1.0', storage: 'lowdb' });
  });

  it.each([
    ['a text/plain body', 'hello', { 'content-type': 'text/plain' }, 415],
    ['a form body', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['malformed JSON', '{"type": "message",', {}, 400],
    ['a JSON array', '[]', {}, 400],
    ['a JSON string', '"hello"', {}, 400],
    ['no conversation', JSON.stringify({ type: 'message', channelId: 'test', serviceUrl: 'http://x/' }), {}, 400],
    ['no type', JSON.stringify({ channelId: 'test', conversation: { id: 'c' }, serviceUrl: 'http://x/' }), {}, 400],
    ['text that is not a string', JSON.stringify({ ...activity({}), text: 42 }), {}, 400],
    ['from without an id', JSON.stringify({ ...activity({}), from: 'me' }), {}, 400],
  ])('answers %s with %i, not 500', async (_name, body, headers, status) => {
    const { url } = await start();
    const res = await post(url, body, headers);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('refuses a body over the limit with 413', async () => {
    const { url } = await start({ MAX_BODY_BYTES: '2048' });
    const res = await post(url, activity({ text: 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
  });

  it('rejects unsigned requests with 401 when a MicrosoftAppId is configured', async () => {
    const { url } = await start({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
    const res = await post(url, activity({ text: 'hello' }));
    expect(res.status).toBe(401);
    const forged = await post(url, activity({ text: 'hello' }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJtZSJ9.' });
    expect(forged.status).toBe(401);
    expect(forged.text).not.toContain('not-a-real-secret');
  });
});

describe('HTTP: conversations', () => {
  it('welcomes a new person with what Mend is, what it is not, and the three flows as buttons', async () => {
    const { url } = await start();
    const replies = await turn(url, { type: 'conversationUpdate', membersAdded: [{ id: 'user-1', name: 'Sam' }] });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(R.text('core.welcome'));
    expect(replies[0]?.text).toMatch(/not a therapist/);
    expect(replies[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual([R.text('core.button_istatement'), R.text('core.button_apology'), R.text('core.button_escalate')]);
  });

  it('does not welcome when only the bot joins (outside Teams)', async () => {
    const { url } = await start();
    expect(await turn(url, { type: 'conversationUpdate', membersAdded: [{ id: 'mend-bot', name: 'Mend' }] })).toHaveLength(0);
  });

  it('shows the menu and help on request', async () => {
    const { url } = await start();
    const menu = await turn(url, { text: 'menu' });
    expect(menu.at(-1)?.suggestedActions?.actions).toHaveLength(3);
    const help = await turn(url, { text: 'help' });
    expect(textOf(help)).toContain(R.text('core.help'));
  });

  it('keeps a multi-turn exchange across a server restart on lowdb', async () => {
    const dataDir = tempDataDir();
    const first = await start({ DATA_DIR: dataDir });
    const asked = await turn(first.url, { text: R.text('core.button_istatement'), conversationId: 'restart-1' });
    expect(R.variants('istatement.ask_original')).toContain(asked.at(-1)?.text);
    await first.close();

    const second = await start({ DATA_DIR: dataDir });
    const checked = await turn(second.url, { text: 'You never listen to me, you are so selfish', conversationId: 'restart-1' });
    const text = textOf(checked);
    expect(text).toContain(R.text('istatement.check_intro'));
    expect(text).toMatch(/never/);
    expect(text).toMatch(/selfish/);
    // ...and it carries on with the build: the feeling question.
    expect(R.variants('istatement.ask_feeling')).toContain(checked.at(-1)?.text);
  });

  it('runs concurrent turns of one conversation one at a time: 10 turns, 10 effects kept', async () => {
    const server = await start();
    await Promise.all(Array.from({ length: 10 }, () => turn(server.url, { text: 'hello', conversationId: 'busy' })));
    const key = conversationKey('busy');
    const stored = (await server.app.storage.read([key]))[key] as { profile?: { turns: number } } | undefined;
    expect(stored?.profile?.turns).toBe(10);
  });

  it('tells the person kindly when a turn fails, clears only that dialog, and keeps the rest', async () => {
    const server = await start();
    await turn(server.url, { text: R.text('core.button_istatement'), conversationId: 'broken' });
    const spy = vi.spyOn(server.app.services, 'smallTalk');
    vi.spyOn(server.app.services, 'command').mockImplementationOnce(() => {
      throw new Error('command matcher exploded');
    });
    const replies = await turn(server.url, { text: 'anything', conversationId: 'broken' });
    expect(R.variants('core.error')).toContain(replies[0]?.text);
    const key = conversationKey('broken');
    const stored = (await server.app.storage.read([key]))[key] as { profile?: { turns: number }; dialogState?: unknown };
    expect(stored.dialogState).toBeUndefined();
    expect(stored.profile?.turns).toBe(2);
    expect(server.logLines.some((l) => l.includes('"turn failed"') && l.includes('command matcher exploded'))).toBe(true);
    spy.mockRestore();
  });
});

describe('HTTP: privacy and resilience', () => {
  it('never writes message text to the logs', async () => {
    const server = await start({ LOG_LEVEL: 'trace' });
    const secret = 'my partner Zanzibar-Quokka-7781 forgot our anniversary';
    await turn(server.url, { text: secret, conversationId: 'private' });
    await turn(server.url, { text: `I'm sorry I yelled about Zanzibar-Quokka-7781`, conversationId: 'private' });
    expect(server.logLines.length).toBeGreaterThan(0);
    expect(server.logLines.some((l) => l.includes('"turn"'))).toBe(true);
    for (const line of server.logLines) {
      expect(line).not.toContain('Zanzibar-Quokka-7781');
      expect(line).not.toContain('"private"');
    }
  });

  it('gives up on a channel that never answers after the outbound timeout', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const hang: Server = createServer(() => {
      /* accept and never answer */
    });
    hang.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/`;
    try {
      const server = await start({ OUTBOUND_TIMEOUT_MS: '500' });
      const started = Date.now();
      const body = activity({ text: 'hello', serviceUrl: hangUrl, conversationId: 'slow-channel' });
      delete body['deliveryMode'];
      const res = await post(server.url, body);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(5000);
      expect(res.status).toBeGreaterThanOrEqual(200);
      // The conversation is not stuck: the next turn is answered.
      expect((await turn(server.url, { text: 'menu', conversationId: 'slow-channel' })).length).toBeGreaterThan(0);
    } finally {
      sockets.forEach((s) => s.destroy());
      hang.close();
    }
  });

  it('finishes in-flight turns before closing on shutdown', async () => {
    const server = await startTestServer();
    const pending = Array.from({ length: 5 }, (_, i) => turn(server.url, { text: 'hello', conversationId: `shutdown-${i % 2}` }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = server.close();
    const results = await Promise.allSettled(pending);
    await closing;
    const answered = results.filter((r) => r.status === 'fulfilled').length;
    const stored = await server.app.storage.read([conversationKey('shutdown-0'), conversationKey('shutdown-1')]);
    const turns = Object.values(stored).reduce((sum, item) => sum + ((item as { profile?: { turns: number } }).profile?.turns ?? 0), 0);
    // Every turn that was answered is in the state.
    expect(turns).toBe(answered);
  });
});
