// Composition root: reads the environment, builds Mend, listens, and shuts down gracefully.
import { configFromProcessEnvironment } from './config.js';
import { createMendApp, warmUpEngines } from './app.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';
import { startRetentionSweep } from './state/retention.js';

async function main(): Promise<void> {
  const config = configFromProcessEnvironment();
  if (!config) process.exit(2);
  const logger = createLogger(config.logLevel);
  const app = await createMendApp(config, logger);
  const mend = await startServer(app);
  const warmStarted = performance.now();
  void warmUpEngines().then(
    () => logger.debug({ ms: Math.round(performance.now() - warmStarted) }, 'analysers warm'),
    (err: unknown) => logger.warn({ err }, 'warming the analysers failed; they will compile on first use'),
  );
  const stopSweep = startRetentionSweep(app.storage, logger, { days: config.retentionDays, intervalMs: config.retentionSweepMinutes * 60_000 });
  logger.info(
    { url: mend.url, storage: config.storage, dataDir: config.storage === 'lowdb' ? config.dataDir : undefined, auth: config.microsoftAppId ? 'bot-framework' : 'anonymous' },
    'Mend is listening',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: mend.inFlight() }, 'shutting down');
    stopSweep();
    mend.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: { message: (err as Error).message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Mend could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
