// The baseline for the turn benchmark: a bare echo bot on the same restify + CloudAdapter stack,
// no state, no dialogs. Started as a child process by bench/run.ts.
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify, { type Next, type Request, type Response } from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});
const server = restify.createServer({ name: 'echo' });
server.use(restify.plugins.jsonBodyParser({ mapParams: false }));
server.post('/api/messages', async (req: Request, res: Response) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req: Request, res: Response, next: Next) => {
  res.json({ status: 'ok' });
  return next();
});
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
