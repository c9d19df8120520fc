// The HTTP surface: POST /api/messages (Bot Framework activities through CloudAdapter, one turn
// at a time per conversation) and GET /healthz. Bad requests get a clear 4xx, never a 500, and
// shutdown stops accepting, finishes in-flight turns and flushes state before closing.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import type { MendApp } from './app.js';
import { hashId } from './log.js';
import { KeyedQueue } from './state/keyed-queue.js';
import { registerDirectLine } from './channels/direct-line.js';
import { registerTokenRoute } from './channels/direct-line-token.js';
import { registerWebPage } from './channels/web-page.js';
import { VERSION } from './version.js';

export interface MendServer {
  server: Server;
  url: string;
  port: number;
  /** Turns queued or running. */
  inFlight(): number;
  /** Stop accepting, finish in-flight turns (up to the grace period), flush state, close. */
  close(): Promise<void>;
}

interface ActivityEnvelope {
  type: string;
  channelId: string;
  conversationId: string;
  id: string | undefined;
}

/** The few fields Mend needs before handing a body to the adapter; anything else is the adapter's job. */
function readEnvelope(body: unknown): ActivityEnvelope | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  const b = body as Record<string, unknown>;
  if (typeof b['type'] !== 'string' || b['type'] === '') return 'the activity needs a string "type"';
  if (typeof b['channelId'] !== 'string' || b['channelId'] === '') return 'the activity needs a string "channelId"';
  const conversation = b['conversation'];
  const conversationId = typeof conversation === 'object' && conversation !== null ? (conversation as Record<string, unknown>)['id'] : undefined;
  if (typeof conversationId !== 'string' || conversationId === '') return 'the activity needs "conversation.id"';
  if (typeof b['serviceUrl'] !== 'string' || b['serviceUrl'] === '') return 'the activity needs a string "serviceUrl"';
  for (const field of ['from', 'recipient'] as const) {
    const v = b[field];
    if (v !== undefined && (typeof v !== 'object' || v === null || typeof (v as Record<string, unknown>)['id'] !== 'string')) {
      return `"${field}" must be an object with a string "id"`;
    }
  }
  if (b['text'] !== undefined && typeof b['text'] !== 'string') return '"text" must be a string';
  return { type: b['type'], channelId: b['channelId'], conversationId, id: typeof b['id'] === 'string' ? b['id'] : undefined };
}

function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  res.json({ error: { code, message } });
}

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Azure Direct Line base URL for page tokens (tests point it at a stand-in). */
  azureDirectLineUrl?: string;
}

function stop(next: Next, res: Response, status: number, code: string, message: string): void {
  sendError(res, status, code, message);
  next(false);
}

export async function startServer(app: MendApp, options: ServerOptions = {}): Promise<MendServer> {
  const { config, logger } = app;
  const turns = new KeyedQueue();
  let draining = false;

  const server = restify.createServer({ name: 'mend', version: VERSION, handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    // Body-parser errors (malformed JSON, too large) carry their own 4xx; keep them, in our shape.
    const status = err.statusCode ?? 500;
    if (status >= 500) logger.error({ err: { name: err.name, message: err.message }, path: req.path() }, 'request failed');
    (err as Error & { toJSON?: () => unknown }).toJSON = () => ({ error: { code: err.name, message: status >= 500 ? 'internal error' : err.message } });
    callback();
  });

  // jsonBodyParser passes its options on to bodyReader, which enforces maxBodySize (413);
  // restify's typings only list the parser's own options.
  const bodyParser = restify.plugins.jsonBodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false } as restify.plugins.JsonBodyParserOptions);

  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.json({ status: draining ? 'draining' : 'ok', version: VERSION, storage: config.storage, inFlight: turns.size });
    return next();
  });

  // The Web Chat page, its token route and (for development) a local Direct Line endpoint whose
  // turns share the per-conversation queue below; its replies come back to this server's own URL.
  let ownUrl = '';
  const local = config.localDirectLine ? registerDirectLine(server, app, { enqueue: (key, task) => turns.run(key, task), serviceUrl: () => ownUrl }) : undefined;
  registerTokenRoute(server, app, { local, azureBaseUrl: options.azureDirectLineUrl });
  registerWebPage(server, app);

  server.post(
    '/api/messages',
    (req: Request, res: Response, next: Next) => {
      // Answered here: next(false) ends the chain without running the body parser or the turn.
      if (draining) return stop(next, res, 503, 'ShuttingDown', 'Mend is restarting; try again in a moment');
      if (!req.is('application/json')) return stop(next, res, 415, 'UnsupportedMediaType', 'send the activity as application/json');
      const declared = Number(req.header('content-length') ?? '0');
      if (declared > config.maxBodyBytes) return stop(next, res, 413, 'PayloadTooLarge', `the body is larger than ${config.maxBodyBytes} bytes`);
      return next();
    },
    ...bodyParser,
    async (req: Request, res: Response) => {
      const envelope = readEnvelope(req.body);
      if (typeof envelope === 'string') return sendError(res, 400, 'InvalidActivity', envelope);
      const started = performance.now();
      const conversation = hashId(`${envelope.channelId}|${envelope.conversationId}`);
      const turnId = envelope.id ?? randomUUID();
      try {
        await turns.run(`${envelope.channelId}|${envelope.conversationId}`, () => app.adapter.process(req, res, app.runTurn));
        logger.info({ turnId, conversation, channel: envelope.channelId, activityType: envelope.type, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'turn');
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        logger.warn({ turnId, conversation, activityType: envelope.type, err: { name: (err as Error).name, message: (err as Error).message } }, 'turn rejected');
        if (status === 401 || status === 403) return sendError(res, status, 'Unauthorized', 'the request is not signed by the Bot Framework');
        return sendError(res, 500, 'TurnFailed', 'the turn could not be completed');
      }
      return undefined;
    },
  );

  const host = options.host ?? config.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  ownUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), config.shutdownGraceMs).unref());
      const outcome = await Promise.race([turns.idle().then(() => 'done' as const), grace]);
      if (outcome === 'timeout') logger.warn({ inFlight: turns.size }, 'shutdown grace period ended with turns still running');
      await app.storage.close();
      server.closeIdleConnections?.();
      (server.server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
    })();
    return closing;
  };

  return { server, url: `http://${shownHost}:${port}`, port, inFlight: () => turns.size, close };
}
