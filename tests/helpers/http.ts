// Starts a real Mend HTTP server on a free loopback port and talks to it like a channel does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { createMendApp, type MendApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type MendServer } from '../../src/server.js';

export interface TestServer {
  app: MendApp;
  mend: MendServer;
  url: string;
  dataDir: string;
  logLines: string[];
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mend-data-'));
}

export async function startTestServer(env: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<TestServer> {
  const dataDir = env['DATA_DIR'] ?? tempDataDir();
  const config = parseConfig({ STORAGE: 'lowdb', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env, DATA_DIR: dataDir });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const app = await createMendApp(config, createLogger(config.logLevel, sink), options.now ? { now: options.now } : {});
  const mend = await startServer(app, { port: 0, host: '127.0.0.1' });
  return { app, mend, url: mend.url, dataDir, logLines, close: () => mend.close() };
}

let nextId = 0;

/** A Bot Framework activity as a channel would send it, answered in the HTTP body (expectReplies). */
export function activity(fields: Partial<Activity> & { conversationId?: string; userId?: string }): Record<string, unknown> {
  const { conversationId = 'conv-1', userId = 'user-1', ...rest } = fields;
  nextId += 1;
  return {
    type: 'message',
    id: `act-${nextId}`,
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: userId, name: 'Test person' },
    recipient: { id: 'mend-bot', name: 'Mend' },
    conversation: { id: conversationId },
    locale: 'en-US',
    ...rest,
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Sends a message and returns Mend's replies (expectReplies). */
export async function turn(url: string, fields: Partial<Activity> & { conversationId?: string; userId?: string }): Promise<Partial<Activity>[]> {
  const { status, json, text } = await post(url, activity(fields));
  if (status !== 200) throw new Error(`POST /api/messages answered ${status}: ${text}`);
  return ((json as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []) as Partial<Activity>[];
}

export function textOf(replies: readonly Partial<Activity>[]): string {
  return replies
    .map((r) => [r.text ?? '', ...(r.attachments ?? []).map((a) => JSON.stringify(a.content ?? '')), ...(r.suggestedActions?.actions ?? []).map((a) => `[${a.title}]`)].join('\n'))
    .join('\n---\n');
}

/** The storage key botbuilder's ConversationState uses for a conversation. */
export function conversationKey(conversationId: string, channelId = 'test'): string {
  return `${channelId}/conversations/${conversationId}/`;
}

/** The storage key botbuilder's UserState uses for a person. */
export function userKey(userId: string, channelId = 'test'): string {
  return `${channelId}/users/${userId}/`;
}
