// Structured JSON logs (pino). Never message text: turn logs carry ids (conversation ids hashed),
// activity type, status and latency only. Secrets are redacted if anything ever passes them in.
import { createHash } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'mend' },
    redact: {
      paths: ['password', 'secret', 'token', 'authorization', '*.password', '*.secret', '*.token', '*.authorization', 'text', '*.text'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A short, stable, one-way id for a conversation or user, so logs can be correlated without naming anyone. */
export function hashId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16);
}
