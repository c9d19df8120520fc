// The HTTP side shared by the bench's baseline bots: restify with the JSON body parser, a
// CloudAdapter with no app id (anonymous), POST /api/messages, GET /healthz, PORT from the
// environment, and a clean exit on SIGTERM. (Mend's own server, src/server.ts, does more: body
// limits, content-type checks, graceful shutdown.)
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ActivityHandler } from 'botbuilder';
import restify, { type Next, type Request, type Response } from 'restify';

export function serveBot(name: string, bot: ActivityHandler): void {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name });
  server.use(restify.plugins.jsonBodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.json({ status: 'ok' });
    return next();
  });
  server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
    process.stdout.write(`listening ${server.address().port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
