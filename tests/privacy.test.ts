// "What do you know about me?", "forget me" and retention, over HTTP on every embedded backend.
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis, type RedisServer } from './helpers/redis-server.js';
import { azuriteAvailable, startAzurite, type AzuriteServer } from './helpers/azurite.js';
import { conversationKey, startTestServer, textOf, turn, userKey, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';
import { LowdbStore } from '../src/state/lowdb-storage.js';
import { startRetentionSweep } from '../src/state/retention.js';
import { createLogger } from '../src/log.js';

const R = testReplies();
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// Every backend: lowdb and memory always; Redis where redis-server is installed and Azure Blob
// storage where Azurite is (both always on CI, where a missing server fails the test).
let redis: RedisServer | undefined;
const backends: [string, () => Record<string, string>][] = [
  ['lowdb', () => ({ STORAGE: 'lowdb' })],
  ['memory', () => ({ STORAGE: 'memory' })],
];
if (redisAvailable() || process.env['CI'] !== undefined) {
  backends.push(['redis', () => ({ STORAGE: 'redis', REDIS_URL: redis!.url, REDIS_KEY_PREFIX: `privacy-${Date.now()}:` })]);
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
}
let azurite: AzuriteServer | undefined;
const blobContainer = `privacy-${Date.now()}`;
if (azuriteAvailable() || process.env['CI'] !== undefined) {
  backends.push(['blob', () => ({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite!.connectionString, BLOB_CONTAINER: blobContainer })]);
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
}

describe.each(backends)('privacy on %s storage', (storage, env) => {
  it('shows what it stores, then forgets everything on confirmation', async () => {
    const server = await startTestServer(env());
    servers.push(server);
    const conv = { conversationId: `priv-${storage}`, userId: `person-${storage}`, locale: 'en-GB' };
    await turn(server.url, { ...conv, text: R.text('core.button_istatement') });
    await turn(server.url, { ...conv, text: 'you never call when you are late' });

    const shown = await turn(server.url, { ...conv, text: 'what do you know about me?' });
    const summary = textOf(shown);
    expect(summary).toContain(R.text('privacy.summary_intro'));
    expect(summary).toContain(R.text('privacy.summary_flow', { flow: R.text('core.button_istatement') }));
    expect(summary).toContain('United Kingdom');
    // Where it is kept names this backend, not another.
    expect(summary).toContain(R.text('privacy.summary_where', { where: R.text(`privacy.where_${storage}`) }));
    for (const other of ['lowdb', 'memory', 'redis', 'blob'].filter((kind) => kind !== storage)) expect(summary).not.toContain(R.text(`privacy.where_${other}`));
    // The full data, exactly as stored, includes what they typed into the flow.
    const full = shown.find((a) => a.text?.startsWith(R.text('privacy.full_data_intro')));
    expect(full?.text).toContain('you never call when you are late');
    expect(full?.attachments?.[0]).toMatchObject({ contentType: 'application/json', name: 'mend-data.json' });
    // ...and the flow's question is asked again afterwards.
    expect(R.variants('istatement.ask_feeling').some((v) => summary.includes(v))).toBe(true);

    const key = conversationKey(conv.conversationId);
    expect(Object.keys(await server.app.storage.read([key]))).toEqual([key]);

    const confirm = await turn(server.url, { ...conv, text: 'forget me' });
    expect(confirm.at(-1)?.text).toBe(R.text('privacy.forget_confirm'));
    expect(confirm.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual([R.text('privacy.forget_yes'), R.text('privacy.forget_no')]);
    expect(Object.keys(await server.app.storage.read([key]))).toEqual([key]); // nothing deleted before confirming

    const done = await turn(server.url, { ...conv, text: R.text('privacy.forget_yes') });
    expect(done.at(-1)?.text).toBe(R.text('privacy.forgotten'));
    const personKey = userKey(conv.userId);
    expect(await server.app.storage.read([key, personKey])).toEqual({});
    if (storage === 'lowdb') {
      const shards = readdirSync(join(server.dataDir, 'state'));
      const files = shards.flatMap((s) => readdirSync(join(server.dataDir, 'state', s)));
      expect(files).toEqual([]);
    }
    if (storage === 'blob') {
      const { ContainerClient } = await import('@azure/storage-blob');
      const left: string[] = [];
      for await (const blob of new ContainerClient(azurite!.connectionString, blobContainer).listBlobsFlat()) left.push(blob.name);
      expect(left).toEqual([]);
    }

    // Writing again starts from scratch.
    const again = await turn(server.url, { ...conv, text: 'what do you know about me' });
    expect(textOf(again)).toContain(R.text('privacy.summary_turns', { turns: 1 }));
  });

  it('keeps everything when the person says no', async () => {
    const server = await startTestServer(env());
    servers.push(server);
    const conv = { conversationId: `keep-${storage}` };
    await turn(server.url, { ...conv, text: 'hello' });
    await turn(server.url, { ...conv, text: 'forget me' });
    const kept = await turn(server.url, { ...conv, text: R.text('privacy.forget_no') });
    expect(kept[0]?.text).toBe(R.text('privacy.kept'));
    const key = conversationKey(conv.conversationId);
    expect(Object.keys(await server.app.storage.read([key]))).toEqual([key]);
  });
});

describe('retention and file permissions', () => {
  it('the periodic sweep deletes state untouched for RETENTION_DAYS (injected clock)', async () => {
    let clock = Date.UTC(2026, 5, 1);
    const store = new LowdbStore((await import('./helpers/http.js')).tempDataDir(), { now: () => clock });
    await store.write({ 'test/conversations/old': { v: 1 } });
    clock += 91 * 86_400_000;
    await store.write({ 'test/conversations/new': { v: 2 } });
    const stop = startRetentionSweep(store, createLogger('silent'), { days: 90, intervalMs: 60_000, now: () => clock });
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(Object.keys(await store.read(['test/conversations/old', 'test/conversations/new']))).toEqual(['test/conversations/new']);
  });

  it('writes state files owner-only when the process umask is owner-only (as src/index.ts sets it)', async () => {
    const previous = process.umask(0o077);
    try {
      const server = await startTestServer();
      servers.push(server);
      await turn(server.url, { text: 'hello', conversationId: 'perm' });
      const { dir, base } = new LowdbStore(server.dataDir).pathFor(conversationKey('perm'));
      const files = readdirSync(dir).filter((name) => join(dir, name).startsWith(base));
      expect(files.length).toBeGreaterThan(0);
      for (const name of files) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
      expect(statSync(join(server.dataDir, 'state')).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });
});
