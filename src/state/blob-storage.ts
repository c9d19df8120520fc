// STORAGE=blob: state shared by several Mend instances in one Azure Blob Storage container. One
// blob per state key; its eTag is the blob's own ETag, so every conditional write is a single
// request that the storage service checks (If-Match for a read eTag, If-None-Match: * for a
// create-only first write) and two instances racing on one conversation cannot both win.
//
// Written on @azure/storage-blob rather than botbuilder-azure-blobs' BlobsStorage, which cannot
// keep Mend's eTag contract: it has no create-only write (If-None-Match), does not hand the new
// eTag back to the writer, answers 400 for some keys (".") and maps "a/b/" and "a/b" to one blob.
//
// Layout: blob `state/<sha-256 of the key>` (ids never appear in blob names or the storage
// service's logs; any key shape fits), body = the item as JSON without its eTag, metadata = the
// key (base64url, to trace a blob back and catch a hash collision), when it was written (for the
// retention sweep) and the id of the write (so a retried request is not mistaken for a conflict).
import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import type { StoreItem } from 'botbuilder';
import { ContainerClient, type BlobRequestConditions, type StoragePipelineOptions } from '@azure/storage-blob';
import { CREATE_ONLY, ETagStore, StorageConflictError, type StoreOptions } from './etag-store.js';

const PREFIX = 'state/';

// A turn waits on these calls: retry quickly and give up in seconds, not the SDK's default minutes.
const PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 1_000, tryTimeoutInMs: 10_000 },
  userAgentOptions: { userAgentPrefix: 'mend' },
};

export class BlobStore extends ETagStore {
  private constructor(
    private readonly container: ContainerClient,
    options: StoreOptions,
  ) {
    super(options);
  }

  /** Opens the container, creating it if it does not exist yet; fails if the account cannot be reached. */
  static async connect(connectionString: string, containerName: string, options: StoreOptions = {}): Promise<BlobStore> {
    const container = new ContainerClient(connectionString, containerName, PIPELINE);
    try {
      try {
        await container.createIfNotExists();
      } catch (err) {
        if (statusOf(err) !== 403) throw err;
        // A SAS for this one container may not create containers or read their properties: check
        // that it can list this one instead (the retention sweep needs to), which fails if it is missing.
        await container.listBlobsFlat({ prefix: PREFIX }).byPage({ maxPageSize: 1 }).next();
      }
    } catch (err) {
      // The storage service's messages run to several lines (request id, time); the first says it.
      const message = String((err as Error).message).split('\n')[0];
      throw new Error(`Azure Blob storage: container "${containerName}" could not be opened: ${message}`, { cause: err });
    }
    return new BlobStore(container, options);
  }

  private blobName(key: string): string {
    return `${PREFIX}${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  }

  protected async load(key: string): Promise<StoreItem | undefined> {
    const name = this.blobName(key);
    let response;
    try {
      response = await this.container.getBlobClient(name).download();
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    const body = response.readableStreamBody ? await text(response.readableStreamBody) : '';
    const storedKey = response.metadata?.['mendkey'];
    if (storedKey !== undefined && decodeKey(storedKey) !== key) throw new Error(`State blob ${name} holds a different key (hash collision)`);
    if (response.etag === undefined) throw new Error(`State blob ${name} came back without an ETag`);
    return { ...(JSON.parse(body) as StoreItem), eTag: response.etag };
  }

  protected override async writeItem(key: string, item: StoreItem, expected: string | undefined): Promise<string> {
    const name = this.blobName(key);
    // The base class gave the item a fresh random eTag; the blob gets its own, so that one becomes
    // this write's id instead.
    const { eTag: writeId, ...data } = item;
    const body = Buffer.from(JSON.stringify(data), 'utf8');
    const conditional = expected !== undefined && expected !== '*';
    const conditions: BlobRequestConditions = !conditional ? {} : expected === CREATE_ONLY ? { ifNoneMatch: '*' } : { ifMatch: expected };
    try {
      const response = await this.container.getBlockBlobClient(name).upload(body, body.length, {
        conditions,
        metadata: { mendkey: encodeKey(key), savedat: String(this.now()), writeid: String(writeId) },
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
      });
      if (response.etag === undefined) throw new Error(`Writing state blob ${name} returned no ETag`);
      return response.etag;
    } catch (err) {
      // A missing container is not a conflict: retrying the turn cannot fix it, so say what is wrong.
      if (codeOf(err) === 'ContainerNotFound') throw new Error(`Azure Blob storage: container "${this.container.containerName}" does not exist (deleted while Mend was running?)`, { cause: err });
      // 412: If-Match failed; 409: If-None-Match * found a blob; 404: If-Match on a deleted blob.
      if (!conditional || ![404, 409, 412].includes(statusOf(err) ?? 0)) throw err;
      // The SDK retries a request whose answer was lost; if its first try landed, the retry
      // "conflicts" with this very write. The write id tells the two apart.
      const landed = await this.currentWrite(name);
      if (landed !== undefined && landed.writeId === String(writeId)) return landed.etag;
      throw new StorageConflictError(key);
    }
  }

  private async currentWrite(name: string): Promise<{ writeId: string | undefined; etag: string; savedAt: number } | undefined> {
    try {
      const { etag, metadata } = await this.container.getBlobClient(name).getProperties();
      return etag === undefined ? undefined : { writeId: metadata?.['writeid'], etag, savedAt: Number(metadata?.['savedat'] ?? 0) };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  protected async save(key: string, item: StoreItem): Promise<void> {
    await this.writeItem(key, item, undefined);
  }

  protected async remove(key: string): Promise<void> {
    await this.container.getBlobClient(this.blobName(key)).deleteIfExists();
  }

  protected async savedAt(key: string): Promise<number | undefined> {
    return (await this.currentWrite(this.blobName(key)))?.savedAt;
  }

  private async *listed(): AsyncIterable<{ name: string; key: string | undefined; savedAt: number; etag: string | undefined }> {
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX, includeMetadata: true })) {
      const storedKey = blob.metadata?.['mendkey'];
      yield { name: blob.name, key: storedKey === undefined ? undefined : decodeKey(storedKey), savedAt: Number(blob.metadata?.['savedat'] ?? 0), etag: blob.properties.etag };
    }
  }

  protected async *entries(): AsyncIterable<{ key: string; savedAt: number }> {
    for await (const { key, savedAt } of this.listed()) if (key !== undefined) yield { key, savedAt };
  }

  /**
   * Retention across instances: each stale blob is deleted only if its ETag is still the one the
   * listing saw, so a conversation another instance writes meanwhile is kept, not lost.
   */
  override async sweep(cutoff: number): Promise<number> {
    let deleted = 0;
    for await (const { name, savedAt, etag } of this.listed()) {
      if (savedAt >= cutoff || etag === undefined) continue;
      try {
        await this.container.deleteBlob(name, { conditions: { ifMatch: etag } });
        deleted += 1;
      } catch (err) {
        if (statusOf(err) !== 404 && statusOf(err) !== 412) throw err;
      }
    }
    return deleted;
  }
}

/** The storage service's error code (x-ms-error-code), such as "ContainerNotFound". */
function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function encodeKey(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeKey(value: string): string {
  return Buffer.from(value, 'base64url').toString('utf8');
}
