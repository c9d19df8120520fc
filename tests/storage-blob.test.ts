// The Azure Blob backend runs the same conformance suite as every other backend, against Azurite.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../src/state/blob-storage.js';
import { CREATE_ONLY, isStorageConflict } from '../src/state/etag-store.js';
import { BLOB_PACKAGE, loadBlobStore } from '../src/state/create-storage.js';
import { azuriteAvailable, startAzurite, type AzuriteServer } from './helpers/azurite.js';
import { retentionConformance, storageConformance, sweepRaceConformance } from './storage-conformance.js';

// CI installs Azurite (scripts/test-all.sh); a developer machine without it skips, CI never does.
const run = azuriteAvailable() || process.env['CI'] !== undefined;

describe.runIf(run)('blob backend', () => {
  let azurite: AzuriteServer;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  const make = async (now?: () => number): Promise<BlobStore> => {
    const { BlobStore } = await loadBlobStore();
    // A fresh container per store keeps tests apart on one emulator.
    return BlobStore.connect(azurite.connectionString, `t-${randomUUID()}`, now ? { now } : {});
  };
  storageConformance('blob', () => make());
  retentionConformance('blob', (now) => make(now));

  it('names blobs by a hash of the key, so ids appear in no blob name or storage log', async () => {
    const { ContainerClient } = await import('@azure/storage-blob');
    const container = `t-${randomUUID()}`;
    const { BlobStore } = await loadBlobStore();
    const store = await BlobStore.connect(azurite.connectionString, container);
    await store.write({ 'msteams/users/29:1abcDEF-person/': { v: 1 } });
    const names: string[] = [];
    for await (const blob of new ContainerClient(azurite.connectionString, container).listBlobsFlat()) names.push(blob.name);
    expect(names).toEqual([expect.stringMatching(/^state\/[0-9a-f]{64}$/)]);
  });

  it('takes a retried write whose first try landed as done, not as a conflict', async () => {
    const store = await make();
    await store.write({ k: { v: 1 } });
    const read = (await store.read(['k']))['k']!;
    // writeItem(key, item carrying this write's id, expected eTag), as write() calls it.
    const writeItem = (store as unknown as { writeItem: (k: string, i: object, e: string | undefined) => Promise<string> }).writeItem.bind(store);
    const first = await writeItem('k', { v: 2, eTag: 'write-1' }, read.eTag);
    // The SDK re-sends the same request after a lost answer: the blob's ETag moved, but by this write.
    expect(await writeItem('k', { v: 2, eTag: 'write-1' }, read.eTag)).toBe(first);
    await expect(writeItem('k', { v: 3, eTag: 'write-2' }, read.eTag)).rejects.toSatisfy(isStorageConflict);
    await expect(writeItem('fresh', { v: 1, eTag: 'write-3' }, CREATE_ONLY)).resolves.toBeTypeOf('string');
    await expect(writeItem('fresh', { v: 1, eTag: 'write-3' }, CREATE_ONLY)).resolves.toBeTypeOf('string');
    await expect(writeItem('fresh', { v: 1, eTag: 'write-4' }, CREATE_ONLY)).rejects.toSatisfy(isStorageConflict);
  });

  it('reports a container deleted under it as such, not as a conflict to retry', async () => {
    const { ContainerClient } = await import('@azure/storage-blob');
    const container = `t-${randomUUID()}`;
    const { BlobStore } = await loadBlobStore();
    const store = await BlobStore.connect(azurite.connectionString, container);
    await store.write({ k: { v: 1 } });
    const read = (await store.read(['k']))['k']!;
    await new ContainerClient(azurite.connectionString, container).delete();
    const failure = store.write({ k: { ...read, v: 2 } });
    await expect(failure).rejects.toThrow(`Azure Blob storage: container "${container}" does not exist`);
    await expect(store.write({ fresh: { v: 1, eTag: CREATE_ONLY } })).rejects.not.toSatisfy(isStorageConflict);
  });

  it('works with a SAS connection string: one for the account creates the container, one for the container uses it', async () => {
    const sdk = await import('@azure/storage-blob');
    const { BlobStore } = await loadBlobStore();
    const [, account, key] = /AccountName=([^;]+);AccountKey=([^;]+);/.exec(azurite.connectionString)!;
    const endpoint = /BlobEndpoint=([^;]+)/.exec(azurite.connectionString)![1];
    const credential = new sdk.StorageSharedKeyCredential(account!, key!);
    const expiresOn = new Date(Date.now() + 3_600_000);
    const accountSas = sdk
      .generateAccountSASQueryParameters({ services: 'b', resourceTypes: 'sco', permissions: sdk.AccountSASPermissions.parse('rwdlc'), expiresOn }, credential)
      .toString();
    const viaAccount = await BlobStore.connect(`BlobEndpoint=${endpoint};SharedAccessSignature=${accountSas}`, `t-${randomUUID()}`);
    await viaAccount.write({ k: { v: 1, eTag: CREATE_ONLY } });
    expect((await viaAccount.read(['k']))['k']).toMatchObject({ v: 1 });

    const container = `t-${randomUUID()}`;
    await new sdk.ContainerClient(azurite.connectionString, container).create();
    const containerSas = sdk.generateBlobSASQueryParameters({ containerName: container, permissions: sdk.ContainerSASPermissions.parse('rwdl'), expiresOn }, credential).toString();
    const viaContainer = await BlobStore.connect(`BlobEndpoint=${endpoint};SharedAccessSignature=${containerSas}`, container);
    await viaContainer.write({ k: { v: 1, eTag: CREATE_ONLY } });
    const read = (await viaContainer.read(['k']))['k']!;
    await viaContainer.write({ k: { ...read, v: 2 } });
    await expect(viaContainer.write({ k: { ...read, v: 3 } })).rejects.toSatisfy(isStorageConflict);
    expect(await viaContainer.sweep(Date.now() + 60_000)).toBe(1);
    // A SAS that does not reach the container stops start-up, naming the container.
    const other = `t-${randomUUID()}`;
    await expect(BlobStore.connect(`BlobEndpoint=${endpoint};SharedAccessSignature=${containerSas}`, other)).rejects.toThrow(`Azure Blob storage: container "${other}" could not be opened`);
  });

  sweepRaceConformance('blob', async (now) => {
    const container = `t-${randomUUID()}`;
    const { BlobStore } = await loadBlobStore();
    return Promise.all([BlobStore.connect(azurite.connectionString, container, { now }), BlobStore.connect(azurite.connectionString, container, { now })]);
  }, 'listed');
});

describe('blob backend without its optional package', () => {
  it('stops start-up naming the package and how to install it', async () => {
    const missing = Object.assign(new Error(`Cannot find package '${BLOB_PACKAGE}' imported from /app/dist/src/state/blob-storage.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadBlobStore(() => Promise.reject(missing))).rejects.toThrow(`STORAGE=blob needs the optional package ${BLOB_PACKAGE}: run npm install`);
    const other = Object.assign(new Error('boom'), { code: 'EACCES' });
    await expect(loadBlobStore(() => Promise.reject(other))).rejects.toBe(other);
  });
});
