// POST /api/directline/token: what the Web Chat page calls first. With DIRECT_LINE_SECRET it
// exchanges the secret for a short-lived Azure Direct Line token (the secret never reaches the
// browser); otherwise it issues a token for the local endpoint, or says web chat is off.
import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { MendApp } from '../app.js';
import type { LocalDirectLine } from './direct-line.js';

export const AZURE_DIRECT_LINE = 'https://directline.botframework.com/v3/directline';
export const TOKEN_PATH = '/api/directline/token';

export interface TokenRouteOptions {
  /** The local endpoint, when it is on. */
  local?: LocalDirectLine;
  /** Azure Direct Line base URL (tests point it at a stand-in). */
  azureBaseUrl?: string;
}

/** What the page gets: a token, the user id bound to it, and where to connect (absent for Azure). */
export interface PageToken {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
  /** Base URL of the Direct Line API the page should use; omitted means Azure's default. */
  domain?: string;
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}

async function azureToken(secret: string, baseUrl: string, timeoutMs: number): Promise<PageToken> {
  // Azure requires user ids bound to a token to start with "dl_".
  const userId = `dl_${randomBytes(12).toString('base64url')}`;
  const response = await fetch(`${baseUrl}/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: userId } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`Azure Direct Line answered ${response.status}`);
  const body = (await response.json()) as Partial<PageToken>;
  if (typeof body.token !== 'string' || typeof body.conversationId !== 'string') throw new Error('Azure Direct Line sent no token');
  return { token: body.token, conversationId: body.conversationId, userId, expires_in: typeof body.expires_in === 'number' ? body.expires_in : 1800 };
}

export function registerTokenRoute(server: Server, app: MendApp, options: TokenRouteOptions = {}): void {
  const { config, logger } = app;
  server.post(TOKEN_PATH, async (_req: Request, res: Response) => {
    res.header('cache-control', 'no-store');
    if (config.directLineSecret !== undefined) {
      try {
        res.json(await azureToken(config.directLineSecret, options.azureBaseUrl ?? AZURE_DIRECT_LINE, config.outboundTimeoutMs));
        return;
      } catch (err) {
        logger.warn({ err: { message: (err as Error).message } }, 'could not get a Direct Line token from Azure');
        return fail(res, 502, 'DirectLineUnavailable', 'the chat service is not reachable right now');
      }
    }
    if (options.local) {
      res.json({ ...options.local.issueToken(), domain: '/v3/directline' } satisfies PageToken);
      return;
    }
    fail(res, 404, 'WebChatOff', 'web chat is not set up on this server (set DIRECT_LINE_SECRET, or LOCAL_DIRECT_LINE=on for development)');
  });
}
