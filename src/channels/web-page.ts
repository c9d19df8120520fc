// The Web Chat page: GET / (public/index.html), its stylesheet and script, the icon, and the
// Web Chat bundle served from the installed botframework-webchat package (no CDN). Every answer
// carries security headers; the page's CSP allows this origin only (plus Azure Direct Line when
// the page talks to Azure), with a per-request nonce for the styles Web Chat injects.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import type { MendApp } from '../app.js';
import { PROJECT_ROOT } from '../content/files.js';

const AZURE_CONNECT = 'https://directline.botframework.com https://*.directline.botframework.com wss://directline.botframework.com wss://*.directline.botframework.com';

/** sha256 of the empty string. */
const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Buffer;
  cache: string;
}

export function securityHeaders(csp?: string): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(csp ? { 'content-security-policy': csp } : {}),
  };
}

export function pageCsp(nonce: string, azure: boolean): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat's styles carry the nonce; the hash admits only empty style attributes, which its
    // send box sets (style="") and which can change nothing.
    `style-src 'self' 'nonce-${nonce}' 'unsafe-hashes' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${azure ? ` ${AZURE_CONNECT}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function webChatBundlePath(): string {
  // The package's main entry is lib/index.js; the self-contained bundle sits in dist/.
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  return join(dirname(entry), '..', 'dist', 'webchat.js');
}

function load(path: string, type: string, cache: string, compress: boolean): Asset {
  const body = readFileSync(path);
  return compress ? { type, body, gzipped: gzipSync(body), cache } : { type, body, cache };
}

export function registerWebPage(server: Server, app: MendApp): void {
  const publicDir = join(PROJECT_ROOT, 'public');
  const template = readFileSync(join(publicDir, 'index.html'), 'utf8');
  const azure = app.config.directLineSecret !== undefined;
  const assets = new Map<string, () => Asset>();
  const lazy = (make: () => Asset): (() => Asset) => {
    let asset: Asset | undefined;
    return () => (asset ??= make());
  };
  assets.set('/mend.css', lazy(() => load(join(publicDir, 'mend.css'), 'text/css; charset=utf-8', 'no-cache', false)));
  assets.set('/mend.js', lazy(() => load(join(publicDir, 'mend.js'), 'text/javascript; charset=utf-8', 'no-cache', false)));
  assets.set('/icon.png', lazy(() => load(join(PROJECT_ROOT, 'appPackage', 'color.png'), 'image/png', 'public, max-age=86400', false)));
  // 3.9 MB raw, about 1 MB gzipped: compressed once, on first request.
  assets.set('/vendor/webchat.js', lazy(() => load(webChatBundlePath(), 'text/javascript; charset=utf-8', 'public, max-age=86400', true)));

  server.get('/', async (_req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const html = template.replaceAll('{{nonce}}', nonce);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...securityHeaders(pageCsp(nonce, azure)) });
    res.end(html);
  });

  for (const [path, asset] of assets) {
    server.get(path, async (req: Request, res: Response) => {
      let file: Asset;
      try {
        file = asset();
      } catch (err) {
        app.logger.error({ err: { message: (err as Error).message }, path }, 'a web page asset is missing');
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders() });
        res.end('not found');
        return;
      }
      const gzip = file.gzipped !== undefined && /\bgzip\b/.test(req.header('accept-encoding') ?? '');
      const body = gzip ? file.gzipped! : file.body;
      res.writeHead(200, {
        'content-type': file.type,
        'content-length': String(body.length),
        'cache-control': file.cache,
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        ...securityHeaders(),
      });
      res.end(body);
    });
  }
}
