// The local Direct Line 3.0 endpoint, the page's token route and the page itself, over real HTTP.
// A tiny echo bot on a real CloudAdapter stands in for Mend, so these tests are about the
// protocol (tokens, watermarks, ids, limits, who may post as the bot), not about coaching.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import restify, { type Server } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import type { MendApp } from '../src/app.js';
import { registerDirectLine, type DirectLineLimits } from '../src/channels/direct-line.js';
import { registerTokenRoute } from '../src/channels/direct-line-token.js';
import { registerWebPage } from '../src/channels/web-page.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { KeyedQueue } from '../src/state/keyed-queue.js';

const GUID = '11111111-2222-3333-4444-555555555555';
const SECRET = 'azure-direct-line-secret-abcdefghijklmnop';

interface Harness {
  url: string;
  seen: Partial<Activity>[];
  server: Server;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A restify server with the channel routes and an echo bot behind them. */
async function harness(env: Record<string, string> = {}, limits: Partial<DirectLineLimits> = {}, azureBaseUrl?: string): Promise<Harness> {
  const config = parseConfig({ LOG_LEVEL: 'silent', ...env });
  const seen: Partial<Activity>[] = [];
  const runTurn = async (context: TurnContext): Promise<void> => {
    seen.push({ ...context.activity });
    if (context.activity.type === 'conversationUpdate') await context.sendActivity({ type: 'message', text: 'welcome', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'One', value: 'One' }] } });
    if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  };
  const app = { config, logger: createLogger((process.env['DL_LOG'] as 'info') ?? 'silent'), adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), runTurn } as unknown as MendApp;
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const queue = new KeyedQueue();
  let url = '';
  const local = config.localDirectLine ? registerDirectLine(server, app, { enqueue: (key, task) => queue.run(key, task), serviceUrl: () => url, limits }) : undefined;
  registerTokenRoute(server, app, { local, azureBaseUrl });
  registerWebPage(server, app);
  url = await listen(server);
  cleanups.push(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url, seen, server };
}

async function call(url: string, method: string, token?: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

interface Session {
  token: string;
  conversationId: string;
  userId: string;
  domain?: string;
}

async function newSession(url: string): Promise<Session> {
  const { status, json } = await call(`${url}/api/directline/token`, 'POST');
  expect(status).toBe(200);
  return json as unknown as Session;
}

async function poll(h: Harness, s: Session, watermark?: string, until?: (a: Record<string, unknown>[]) => boolean): Promise<{ activities: Record<string, unknown>[]; watermark: string }> {
  for (let i = 0; i < 50; i += 1) {
    const { status, json } = await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities${watermark ? `?watermark=${watermark}` : ''}`, 'GET', s.token);
    expect(status).toBe(200);
    const result = json as unknown as { activities: Record<string, unknown>[]; watermark: string };
    if (!until || until(result.activities)) return result;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the expected activities never arrived');
}

describe('local Direct Line: a conversation', () => {
  it('issues a token bound to a new conversation, starts it, and delivers the welcome', async () => {
    const h = await harness();
    const s = await newSession(h.url);
    expect(s).toMatchObject({ token: expect.stringMatching(/^[\w-]{40,}$/), conversationId: expect.any(String), userId: expect.stringMatching(/^dl_/), domain: '/v3/directline' });
    const started = await call(`${h.url}/v3/directline/conversations`, 'POST', s.token);
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ conversationId: s.conversationId, token: s.token, expires_in: expect.any(Number) });
    const { activities, watermark } = await poll(h, s, undefined, (a) => a.length > 0);
    expect(activities[0]).toMatchObject({ type: 'message', text: 'welcome', from: { role: 'bot' }, conversation: { id: s.conversationId }, channelId: 'directline' });
    expect((activities[0]?.['suggestedActions'] as { actions: unknown[] }).actions).toHaveLength(1);
    expect(watermark).toBe('1');
    // The bot saw the person join, in a Direct Line conversation whose replies come back here.
    expect(h.seen[0]).toMatchObject({ type: 'conversationUpdate', channelId: 'directline', serviceUrl: h.url, membersAdded: expect.arrayContaining([{ id: s.userId, name: '' }]) });
    // Starting again (a reconnect) does not welcome twice.
    expect((await call(`${h.url}/v3/directline/conversations`, 'POST', s.token)).status).toBe(200);
    expect(h.seen.filter((a) => a.type === 'conversationUpdate')).toHaveLength(1);
  });

  it('posts a message as the token\'s user, echoes it for Web Chat, and returns the reply after the watermark', async () => {
    const h = await harness();
    const s = await newSession(h.url);
    await call(`${h.url}/v3/directline/conversations`, 'POST', s.token);
    const first = await poll(h, s, undefined, (a) => a.length > 0);
    const sent = await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, {
      type: 'message',
      text: 'hello there',
      locale: 'en-GB',
      from: { id: 'someone-else', name: 'Sam', role: 'bot' },
      channelData: { clientActivityID: 'client-1' },
    });
    expect(sent.status).toBe(200);
    expect(sent.json['id']).toBe(`${s.conversationId}|0000001`);
    const { activities, watermark } = await poll(h, s, first.watermark, (a) => a.length >= 2);
    expect(activities.map((a) => a['text'])).toEqual(['hello there', 'echo: hello there']);
    expect(activities[0]).toMatchObject({ id: sent.json['id'], from: { id: s.userId, name: 'Sam', role: 'user' }, channelData: { clientActivityID: 'client-1' } });
    expect(activities[1]).toMatchObject({ replyToId: sent.json['id'], from: { role: 'bot' }, timestamp: expect.any(String) });
    expect(watermark).toBe('3');
    // The bot got the token's identity, not the one the body claimed, and the person's locale.
    expect(h.seen.at(-1)).toMatchObject({ type: 'message', text: 'hello there', locale: 'en-GB', from: { id: s.userId, role: 'user' } });
    // Nothing new after the latest watermark.
    expect((await poll(h, s, watermark)).activities).toEqual([]);
  });

  it('acknowledges typing without running a turn, and rejects bodies that are not activities', async () => {
    const h = await harness();
    const s = await newSession(h.url);
    await call(`${h.url}/v3/directline/conversations`, 'POST', s.token);
    await poll(h, s, undefined, (a) => a.length > 0);
    const turns = h.seen.length;
    expect((await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, { type: 'typing' })).status).toBe(200);
    expect(h.seen.length).toBe(turns);
    expect((await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, ['x'])).status).toBe(400);
    expect((await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, { type: 'message', text: 7 })).status).toBe(400);
  });
});

describe('local Direct Line: who may do what', () => {
  it('refuses a missing, unknown or other conversation\'s token with 403', async () => {
    const h = await harness();
    const a = await newSession(h.url);
    const b = await newSession(h.url);
    const path = `${h.url}/v3/directline/conversations/${a.conversationId}/activities`;
    expect((await call(path, 'GET')).status).toBe(403);
    expect((await call(path, 'GET', 'made-up-token')).status).toBe(403);
    expect((await call(path, 'GET', b.token)).status).toBe(403);
    expect((await call(path, 'POST', b.token, { type: 'message', text: 'hi' })).status).toBe(403);
    expect(h.seen).toHaveLength(0);
  });

  it('lets only this process post replies as the bot', async () => {
    const h = await harness();
    const s = await newSession(h.url);
    const forged = await call(`${h.url}/v3/conversations/${s.conversationId}/activities`, 'POST', 'guess', { type: 'message', text: 'I am the bot' });
    expect(forged.status).toBe(401);
    const unsigned = await call(`${h.url}/v3/conversations/${s.conversationId}/activities/x`, 'POST', undefined, { type: 'message', text: 'me too' });
    expect(unsigned.status).toBe(401);
    expect((await poll(h, s)).activities).toEqual([]);
  });

  it('expires tokens, and a refresh keeps a live one going', async () => {
    const expired = await harness({}, { tokenTtlSeconds: 0 });
    const old = await newSession(expired.url);
    const res = await call(`${expired.url}/v3/directline/conversations`, 'POST', old.token);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { code: 'TokenExpired' } });

    const h = await harness();
    const s = await newSession(h.url);
    const refreshed = await call(`${h.url}/v3/directline/tokens/refresh`, 'POST', s.token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ conversationId: s.conversationId, token: s.token, expires_in: 1800 });
  });

  it('is off when credentials are configured, unless explicitly on', async () => {
    const off = await harness({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' });
    const token = await call(`${off.url}/api/directline/token`, 'POST');
    expect(token.status).toBe(404);
    expect(token.json).toMatchObject({ error: { code: 'WebChatOff' } });
    expect((await call(`${off.url}/v3/directline/conversations`, 'POST', 'x')).status).toBe(404);

    const on = await harness({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', LOCAL_DIRECT_LINE: 'on' });
    const s = await newSession(on.url);
    await call(`${on.url}/v3/directline/conversations`, 'POST', s.token);
    // With auth on, the turn still runs and its reply still comes back (no call to Azure AD).
    await call(`${on.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, { type: 'message', text: 'hi' });
    const { activities } = await poll(on as Harness, s, undefined, (a) => a.some((x) => x['text'] === 'echo: hi'));
    expect(activities.map((a) => a['text'])).toContain('echo: hi');
  });
});

describe('local Direct Line: memory stays bounded', () => {
  it('keeps the newest activities per conversation, with watermarks still counting up', async () => {
    const h = await harness({}, { maxActivitiesPerConversation: 4 });
    const s = await newSession(h.url);
    await call(`${h.url}/v3/directline/conversations`, 'POST', s.token);
    await poll(h, s, undefined, (a) => a.length > 0);
    for (let i = 0; i < 5; i += 1) await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, { type: 'message', text: `m${i}` });
    const { activities, watermark } = await poll(h, s, undefined, (a) => a.at(-1)?.['text'] === 'echo: m4');
    expect(watermark).toBe('11');
    expect(activities.map((a) => a['text'])).toEqual(['m3', 'echo: m3', 'm4', 'echo: m4']);
    // An old watermark gets what is still kept, not an error.
    expect((await poll(h, s, '2')).activities).toHaveLength(4);
  });

  it('keeps a conversation within its byte budget, dropping the oldest first', async () => {
    const h = await harness({}, { maxBytesPerConversation: 2500 });
    const s = await newSession(h.url);
    await call(`${h.url}/v3/directline/conversations`, 'POST', s.token);
    await poll(h, s, undefined, (a) => a.length > 0);
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 3; i += 1) await call(`${h.url}/v3/directline/conversations/${s.conversationId}/activities`, 'POST', s.token, { type: 'message', text: `${i}${long}` });
    const { activities } = await poll(h, s);
    expect(JSON.stringify(activities).length).toBeLessThanOrEqual(2500);
    expect(activities.at(-1)?.['text']).toBe(`echo: 2${long}`);
    expect(activities.some((a) => a['text'] === 'welcome')).toBe(false);
  });

  it('drops the idlest conversation when the table is full', async () => {
    const h = await harness({}, { maxConversations: 2 });
    const a = await newSession(h.url);
    const b = await newSession(h.url);
    await call(`${h.url}/v3/directline/conversations`, 'POST', a.token); // a is now the most recently used
    const c = await newSession(h.url);
    expect((await call(`${h.url}/v3/directline/conversations`, 'POST', b.token)).status).toBe(403);
    expect((await call(`${h.url}/v3/directline/conversations`, 'POST', a.token)).status).toBe(200);
    expect((await call(`${h.url}/v3/directline/conversations`, 'POST', c.token)).status).toBe(201);
  });
});

describe('token route with Azure Direct Line', () => {
  async function fakeAzure(status = 200): Promise<{ url: string; requests: { authorization: string | undefined; body: unknown }[] }> {
    const requests: { authorization: string | undefined; body: unknown }[] = [];
    const server: HttpServer = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        requests.push({ authorization: req.headers.authorization, body: JSON.parse(raw || '{}') });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? { conversationId: 'azure-conv', token: 'azure-token', expires_in: 1800 } : { error: { code: 'BadArgument' } }));
      });
    });
    const url = await listen(server);
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return { url, requests };
  }

  it('exchanges the secret for a token bound to a dl_ user, and never shows the secret', async () => {
    const azure = await fakeAzure();
    const h = await harness({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', DIRECT_LINE_SECRET: SECRET }, {}, azure.url);
    const res = await fetch(`${h.url}/api/directline/token`, { method: 'POST' });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text) as Session;
    expect(body).toMatchObject({ token: 'azure-token', conversationId: 'azure-conv', userId: expect.stringMatching(/^dl_/) });
    expect(body.domain).toBeUndefined();
    expect(azure.requests[0]).toEqual({ authorization: `Bearer ${SECRET}`, body: { user: { id: body.userId } } });
    // The local endpoint is off: Azure carries the conversation.
    expect((await call(`${h.url}/v3/directline/conversations`, 'POST', 'azure-token')).status).toBe(404);
    // And the page's CSP lets it reach Azure Direct Line.
    const page = await fetch(`${h.url}/`);
    expect(page.headers.get('content-security-policy')).toContain('wss://directline.botframework.com');
  });

  it('answers 502 when Azure refuses', async () => {
    const azure = await fakeAzure(403);
    const h = await harness({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', DIRECT_LINE_SECRET: SECRET }, {}, azure.url);
    const res = await call(`${h.url}/api/directline/token`, 'POST');
    expect(res.status).toBe(502);
    expect(JSON.stringify(res.json)).not.toContain(SECRET);
  });
});

describe('the Web Chat page', () => {
  it('serves the page with a strict CSP whose nonce the page carries', async () => {
    const h = await harness();
    const res = await fetch(`${h.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    const html = await res.text();
    expect(html).toContain(`<meta name="csp-nonce" content="${nonce}">`);
    expect(html).toContain('<script src="/vendor/webchat.js" defer></script>');
    expect(html).toMatch(/<html lang="en">/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // A fresh nonce every time.
    const again = await fetch(`${h.url}/`);
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('serves the Web Chat bundle from the installed package, gzipped when asked', async () => {
    const h = await harness();
    const res = await fetch(`${h.url}/vendor/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const raw = Buffer.from(await res.arrayBuffer());
    // fetch decodes gzip itself; either way the body is the full bundle (several MB).
    const body = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    expect(body.length).toBeGreaterThan(3_000_000);
    expect(body.toString('utf8', 0, 2000)).toMatch(/\S/);
  });

  it.each([
    ['/mend.js', /javascript/],
    ['/mend.css', /text\/css/],
    ['/icon.png', /image\/png/],
  ])('serves %s with nosniff', async (path, type) => {
    const h = await harness();
    const res = await fetch(`${h.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('config: Direct Line settings', () => {
  it('turns the local endpoint on for an anonymous bot and off with credentials', () => {
    expect(parseConfig({}).localDirectLine).toBe(true);
    expect(parseConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' }).localDirectLine).toBe(false);
    expect(parseConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', LOCAL_DIRECT_LINE: 'ON' }).localDirectLine).toBe(true);
    expect(parseConfig({ LOCAL_DIRECT_LINE: 'off' }).localDirectLine).toBe(false);
    expect(parseConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', DIRECT_LINE_SECRET: SECRET })).toMatchObject({ directLineSecret: SECRET, localDirectLine: false });
  });

  it.each([
    [{ LOCAL_DIRECT_LINE: 'maybe' }, 'LOCAL_DIRECT_LINE'],
    [{ DIRECT_LINE_SECRET: SECRET }, 'DIRECT_LINE_SECRET'],
    [{ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', DIRECT_LINE_SECRET: 'short' }, 'DIRECT_LINE_SECRET'],
    [{ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', DIRECT_LINE_SECRET: 'has spaces in it but is long' }, 'DIRECT_LINE_SECRET'],
    [{ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', DIRECT_LINE_SECRET: SECRET, LOCAL_DIRECT_LINE: 'on' }, 'LOCAL_DIRECT_LINE'],
  ])('rejects %j naming %s, without echoing the secret', (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
    try {
      parseConfig(env);
    } catch (err) {
      expect((err as Error).message).not.toContain(SECRET);
    }
  });
});
