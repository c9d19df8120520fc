// STORAGE=lowdb (the default): one small JSON file per state key under DATA_DIR/state, written
// through lowdb's synchronous data-file adapter (temp file + rename, so a crash never leaves half
// a file). One file per key keeps the cost of a turn flat however many conversations are stored;
// a single lowdb file for everything costs ~1.4 s per write at 100k conversations.
//
// Why synchronous: a state file is ~1 KB, and writing one synchronously (write temp, rename) takes
// tens of microseconds, while the promise-based path (open, writev, close, rename through the
// thread pool) cost about a quarter of a whole turn's CPU in the turns benchmark. The event loop
// is held for no longer than a regular expression match. Per-key locks (ETagStore) still order
// the writes of one key, and the sync rename keeps them atomic.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreItem } from 'botbuilder';
import { DataFileSync } from 'lowdb/node';
import { ETagStore, type StoreOptions } from './etag-store.js';

interface StoredFile {
  /** The original key, kept so a file can be traced back (and collisions detected). */
  key: string;
  item: StoreItem;
  /** When it was written (ms since the epoch), for the retention sweep. */
  savedAt?: number;
}

/** How many recently used items are kept in memory (as JSON text) to spare a file read. */
const CACHED_ITEMS = 2_000;

export class LowdbStore extends ETagStore {
  private readonly root: string;
  private readonly madeDirs = new Set<string>();
  /**
   * Recently read or written items, least recently used first; null means "known not to exist".
   * Only this process writes DATA_DIR (lowdb is the single-instance backend; use Redis to share
   * state), so what it last wrote is what the file holds. Files stay the source of truth.
   */
  private readonly recent = new Map<string, string | null>();

  constructor(dataDir: string, options: StoreOptions = {}) {
    super(options);
    this.root = join(dataDir, 'state');
  }

  /** Any key (Teams ids with ":" "/" "@", 600-character keys) maps to a fixed-length safe name. */
  pathFor(key: string): { dir: string; file: string } {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    const dir = join(this.root, hash.slice(0, 2));
    return { dir, file: join(dir, `${hash}.json`) };
  }

  private file(path: string): DataFileSync<StoredFile> {
    return new DataFileSync<StoredFile>(path, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) });
  }

  private readFile(file: string): StoredFile | undefined {
    try {
      return this.file(file).read() ?? undefined;
    } catch (err) {
      throw new Error(`State file ${file} could not be read: ${(err as Error).message}`);
    }
  }

  private remember(key: string, json: string | null): void {
    this.recent.delete(key);
    this.recent.set(key, json);
    if (this.recent.size > CACHED_ITEMS) this.recent.delete(this.recent.keys().next().value as string);
  }

  protected async load(key: string): Promise<StoreItem | undefined> {
    const cached = this.recent.get(key);
    if (cached !== undefined) {
      this.remember(key, cached);
      return cached === null ? undefined : (JSON.parse(cached) as StoreItem);
    }
    const { file } = this.pathFor(key);
    const stored = this.readFile(file);
    if (stored === undefined) {
      this.remember(key, null);
      return undefined;
    }
    if (stored.key !== key) throw new Error(`State file ${file} holds a different key (hash collision)`);
    this.remember(key, JSON.stringify(stored.item));
    return stored.item;
  }

  protected async savedAt(key: string): Promise<number | undefined> {
    const stored = this.readFile(this.pathFor(key).file);
    return stored === undefined ? undefined : (stored.savedAt ?? 0);
  }

  protected async *entries(): AsyncIterable<{ key: string; savedAt: number }> {
    let shards: string[];
    try {
      shards = readdirSync(this.root);
    } catch {
      return; // nothing stored yet
    }
    for (const shard of shards) {
      let files: string[];
      try {
        files = readdirSync(join(this.root, shard));
      } catch {
        continue; // removed meanwhile
      }
      for (const name of files) {
        if (!name.endsWith('.json')) continue;
        let stored: StoredFile | undefined;
        try {
          stored = this.readFile(join(this.root, shard, name));
        } catch {
          continue; // an unreadable file is reported when its key is read, not swept blind
        }
        if (stored) yield { key: stored.key, savedAt: stored.savedAt ?? 0 };
        // Let turns run between files: a sweep of 100k files must not hold the event loop.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  protected async save(key: string, item: StoreItem): Promise<void> {
    const { dir, file } = this.pathFor(key);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.madeDirs.add(dir);
    }
    this.file(file).write({ key, item, savedAt: this.now() });
    this.remember(key, JSON.stringify(item));
  }

  protected async remove(key: string): Promise<void> {
    rmSync(this.pathFor(key).file, { force: true });
    this.remember(key, null);
  }
}
