// Composition root: reads the environment, builds Mend, listens, and shuts down gracefully.
import { existsSync } from 'node:fs';
import { ConfigError, parseConfig } from './config.js';
import { createMendApp } from './app.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';
import { startRetentionSweep } from './state/retention.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // State files hold personal conversations: owner-only, whatever the caller's umask.
  process.umask(0o077);
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await createMendApp(config, logger);
  const mend = await startServer(app);
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
