// Deletes state nobody has touched for RETENTION_DAYS, on a timer. Conversations about a
// relationship should not sit on a server forever just because nobody asked to delete them.
import type { Logger } from '../log.js';
import type { ETagStore } from './etag-store.js';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  days: number;
  intervalMs: number;
  now?: () => number;
}

/** Runs one sweep now and then every intervalMs; returns a function that stops it. */
export function startRetentionSweep(storage: ETagStore, logger: Logger, options: RetentionOptions): () => void {
  if (options.days <= 0) return () => undefined;
  const now = options.now ?? Date.now;
  let running = false;
  const sweep = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const started = now();
      const deleted = await storage.sweep(started - options.days * DAY_MS);
      logger.info({ deleted, retentionDays: options.days, ms: now() - started }, 'retention sweep');
    } catch (err) {
      logger.error({ err: { message: (err as Error).message } }, 'retention sweep failed');
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
