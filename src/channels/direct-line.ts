// A local Direct Line 3.0 endpoint so the Web Chat page works with no Azure: conversations,
// activities with watermark polling, token refresh. Messages reach the bot as real turns and the
// bot's replies come back through Bot Connector routes on this same server (the path Azure uses;
// see loopback-connector.ts). Conversations live in memory, bounded in number and length.
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { MendApp } from '../app.js';
import { hashId } from '../log.js';
import { loopbackAuth, signedWith } from './loopback-connector.js';

export const CHANNEL_ID = 'directline';

export interface DirectLineLimits {
  maxConversations: number;
  maxActivitiesPerConversation: number;
  /** Kept activities of one conversation, as JSON; the oldest go first. */
  maxBytesPerConversation: number;
  tokenTtlSeconds: number;
}

export interface DirectLineOptions {
  /** Runs a turn in the server's per-conversation queue (keyed "channelId|conversationId"). */
  enqueue<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Where this server listens, e.g. http://127.0.0.1:3978 (known only once it listens). */
  serviceUrl(): string;
  limits?: Partial<DirectLineLimits>;
}

export interface IssuedToken {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
}

/** What the token route needs from the local endpoint. */
export interface LocalDirectLine {
  issueToken(): IssuedToken;
}

interface Conversation {
  id: string;
  userId: string;
  token: string;
  expiresAt: number;
  started: boolean;
  activities: { activity: Record<string, unknown>; bytes: number }[];
  bytes: number;
  /** Watermark of activities[0]: older ones were dropped to stay within the limits. */
  firstIndex: number;
}

// A development endpoint: worst case about 200 x 256 KB = 50 MB, however it is used.
const DEFAULT_LIMITS: DirectLineLimits = { maxConversations: 200, maxActivitiesPerConversation: 500, maxBytesPerConversation: 256 * 1024, tokenTtlSeconds: 1800 };
const FORWARDED_TYPES = new Set(['message', 'event']);

const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '');
  return match?.[1];
}

export function registerDirectLine(server: Server, app: MendApp, options: DirectLineOptions): LocalDirectLine {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { config, logger } = app;
  const botId = config.microsoftAppId ?? 'mend';
  const connectorKey = random(32);
  const conversations = new Map<string, Conversation>();
  const byToken = new Map<string, string>();
  const parseJson = restify.plugins.jsonBodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false } as restify.plugins.JsonBodyParserOptions);

  const auth = loopbackAuth(config.microsoftAppId, connectorKey, config.outboundTimeoutMs);

  const drop = (conversation: Conversation): void => {
    conversations.delete(conversation.id);
    byToken.delete(conversation.token);
  };

  const append = (conversation: Conversation, activity: Record<string, unknown>): string => {
    const index = conversation.firstIndex + conversation.activities.length;
    const id = `${conversation.id}|${String(index).padStart(7, '0')}`;
    const stored = { ...activity, id, timestamp: new Date().toISOString(), channelId: CHANNEL_ID, conversation: { id: conversation.id } };
    const bytes = JSON.stringify(stored).length;
    conversation.activities.push({ activity: stored, bytes });
    conversation.bytes += bytes;
    const tooMany = (): boolean => conversation.activities.length > limits.maxActivitiesPerConversation || conversation.bytes > limits.maxBytesPerConversation;
    while (conversation.activities.length > 1 && tooMany()) {
      conversation.bytes -= conversation.activities.shift()!.bytes;
      conversation.firstIndex += 1;
    }
    return id;
  };

  /** Runs one activity through the bot as a turn of this conversation. */
  const toBot = (conversation: Conversation, activity: Partial<Activity>): Promise<void> =>
    options.enqueue(`${CHANNEL_ID}|${conversation.id}`, () =>
      app.adapter.processActivityDirect(
        auth,
        {
          ...activity,
          channelId: CHANNEL_ID,
          serviceUrl: options.serviceUrl(),
          conversation: { id: conversation.id },
          recipient: { id: botId, name: 'Mend', role: 'bot' },
          timestamp: new Date(),
        } as Activity,
        app.runTurn,
      ),
    );

  /** The conversation the request's token opens, or a 403 answered. */
  const authorised = (req: Request, res: Response, conversationId?: string): Conversation | undefined => {
    const token = bearer(req);
    const id = token === undefined ? undefined : byToken.get(token);
    const conversation = id === undefined ? undefined : conversations.get(id);
    if (!conversation || (conversationId !== undefined && conversation.id !== conversationId)) {
      fail(res, 403, 'TokenInvalid', 'the token is missing, unknown or for another conversation');
      return undefined;
    }
    if (conversation.expiresAt <= Date.now()) {
      drop(conversation);
      fail(res, 403, 'TokenExpired', 'the token has expired; reload the page');
      return undefined;
    }
    // Most recently used last, so eviction takes the idlest conversation.
    conversations.delete(conversation.id);
    conversations.set(conversation.id, conversation);
    return conversation;
  };

  const describe = (conversation: Conversation): IssuedToken => ({
    conversationId: conversation.id,
    token: conversation.token,
    userId: conversation.userId,
    expires_in: Math.max(0, Math.round((conversation.expiresAt - Date.now()) / 1000)),
  });

  const issueToken = (): IssuedToken => {
    const now = Date.now();
    for (const c of [...conversations.values()]) if (c.expiresAt <= now) drop(c);
    while (conversations.size >= limits.maxConversations) {
      const oldest = conversations.values().next().value;
      if (!oldest) break;
      drop(oldest);
    }
    const conversation: Conversation = { id: random(16), userId: `dl_${random(12)}`, token: random(32), expiresAt: now + limits.tokenTtlSeconds * 1000, started: false, activities: [], bytes: 0, firstIndex: 0 };
    conversations.set(conversation.id, conversation);
    byToken.set(conversation.token, conversation.id);
    return describe(conversation);
  };

  const start = async (req: Request, res: Response): Promise<void> => {
    const conversation = authorised(req, res, req.params['conversationId'] as string | undefined);
    if (!conversation) return;
    const firstTime = !conversation.started;
    conversation.started = true;
    res.status(firstTime ? 201 : 200);
    res.json(describe(conversation));
    if (!firstTime) return;
    // The welcome: the bot sees the person (and itself) join, as with Azure Direct Line.
    const update: Partial<Activity> = { type: 'conversationUpdate', id: `${conversation.id}|join`, from: { id: conversation.userId, name: '' }, membersAdded: [{ id: botId, name: 'Mend' }, { id: conversation.userId, name: '' }] };
    toBot(conversation, update).catch((err: unknown) => logger.error({ err: { message: (err as Error).message }, conversation: hashId(`${CHANNEL_ID}|${conversation.id}`) }, 'direct line welcome failed'));
  };

  server.post('/v3/directline/conversations', start);
  server.get('/v3/directline/conversations/:conversationId', start);

  server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => {
    const conversation = authorised(req, res);
    if (!conversation) return;
    conversation.expiresAt = Date.now() + limits.tokenTtlSeconds * 1000;
    res.json(describe(conversation));
  });

  server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
    const conversation = authorised(req, res, req.params['conversationId'] as string);
    if (!conversation) return;
    const raw = Number((req.query as Record<string, unknown> | undefined)?.['watermark'] ?? 0);
    const from = Number.isInteger(raw) && raw > conversation.firstIndex ? raw : conversation.firstIndex;
    const next = conversation.firstIndex + conversation.activities.length;
    res.header('cache-control', 'no-store');
    res.json({ activities: conversation.activities.slice(Math.min(from, next) - conversation.firstIndex).map((a) => a.activity), watermark: String(next) });
  });

  server.post('/v3/directline/conversations/:conversationId/activities', ...parseJson, async (req: Request, res: Response) => {
    const conversation = authorised(req, res, req.params['conversationId'] as string);
    if (!conversation) return;
    const body = req.body as Record<string, unknown> | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body['type'] !== 'string') return fail(res, 400, 'BadArgument', 'send an activity: a JSON object with a "type"');
    if (body['text'] !== undefined && typeof body['text'] !== 'string') return fail(res, 400, 'BadArgument', '"text" must be a string');
    if (!FORWARDED_TYPES.has(body['type'])) {
      res.json({ id: `${conversation.id}|ignored` });
      return;
    }
    const sender = typeof body['from'] === 'object' && body['from'] !== null ? (body['from'] as Record<string, unknown>) : {};
    // Only what a person can send; the identity is the token's, whatever the body claims.
    const activity: Partial<Activity> = {
      type: body['type'],
      from: { id: conversation.userId, name: typeof sender['name'] === 'string' ? sender['name'] : '', role: 'user' },
      ...(typeof body['text'] === 'string' ? { text: body['text'] } : {}),
      ...(typeof body['locale'] === 'string' ? { locale: body['locale'] } : {}),
      ...(typeof body['textFormat'] === 'string' ? { textFormat: body['textFormat'] } : {}),
      ...(body['value'] !== undefined ? { value: body['value'] } : {}),
      ...(typeof body['name'] === 'string' ? { name: body['name'] } : {}),
      ...(typeof body['channelData'] === 'object' && body['channelData'] !== null ? { channelData: body['channelData'] } : {}),
    };
    const id = append(conversation, activity as Record<string, unknown>);
    try {
      await toBot(conversation, { ...activity, id });
    } catch (err) {
      logger.error({ err: { message: (err as Error).message }, conversation: hashId(`${CHANNEL_ID}|${conversation.id}`) }, 'direct line turn failed');
      return fail(res, 502, 'BotError', 'Mend could not handle that message');
    }
    res.json({ id });
  });

  // Bot Connector routes: the bot's replies (new, in reply to an activity, or updated).
  const capture = async (req: Request, res: Response): Promise<void> => {
    if (!signedWith(req.header('authorization'), connectorKey)) return fail(res, 401, 'Unauthorized', 'only this Mend process may post here');
    const conversation = conversations.get(req.params['conversationId'] as string);
    if (!conversation) return fail(res, 404, 'ConversationNotFound', 'no such conversation (it may have expired)');
    const body = req.body as Record<string, unknown> | undefined;
    if (typeof body !== 'object' || body === null || typeof body['type'] !== 'string') return fail(res, 400, 'BadArgument', 'send an activity');
    const { serviceUrl: _serviceUrl, recipient: _recipient, ...reply } = body;
    const id = append(conversation, { ...reply, from: { id: botId, name: 'Mend', role: 'bot' } });
    res.json({ id });
  };
  server.post('/v3/conversations/:conversationId/activities', ...parseJson, capture);
  server.post('/v3/conversations/:conversationId/activities/:activityId', ...parseJson, capture);

  logger.info({ maxConversations: limits.maxConversations }, 'local Direct Line endpoint is on (for the Web Chat page)');
  return { issueToken };
}
