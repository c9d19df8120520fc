// STORAGE=lowdb (the default): one small JSON document per state key under DATA_DIR/state,
// through lowdb (LowSync) with an adapter that keeps two slot files per key, each rewritten in
// place (two-slot-file.ts: a crash never leaves a key without a whole version, and a write costs
// ~20 us instead of the ~300 us of lowdb's temp-file-then-rename on ext4). One document per key
// keeps the cost of a turn flat however many conversations are stored; a single lowdb file for
// everything costs ~1.4 s per write at 100k conversations.
//
// Reads and writes are synchronous: a ~1 KB state file is read or written in tens of
// microseconds, while the promise-based path (open, writev, close through the thread pool) cost
// more than the work itself. The event loop is held no longer than by a regular expression match.
// Per-key locks (ETagStore) order the writes of one key.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoreItem } from 'botbuilder';
import { LowSync } from 'lowdb';
import { ETagStore, type StoreOptions } from './etag-store.js';
import { TwoSlotFile, baseOfFileName } from './two-slot-file.js';

interface StoredFile {
  /** The original key, kept so a file can be traced back (and collisions detected). */
  key: string;
  item: StoreItem;
  /** When it was written (ms since the epoch), for the retention sweep. */
  savedAt?: number;
}

/** lowdb's default data for a key with no document (compared by identity). */
const NOTHING: StoredFile = Object.freeze({ key: '', item: {} });

/** How many recently used items are kept in memory (as JSON text) to spare a file read. */
const CACHED_ITEMS = 2_000;

interface CacheEntry {
  file: TwoSlotFile<StoredFile>;
  /** The item as JSON text, or null for "known not to exist". */
  json: string | null;
}

export class LowdbStore extends ETagStore {
  private readonly root: string;
  private readonly madeDirs = new Set<string>();
  /**
   * Recently read or written items, least recently used first. Only this process writes DATA_DIR
   * (lowdb is the single-instance backend; use Redis or Blob storage to share state), so what it
   * last wrote is what the files hold. Files stay the source of truth.
   */
  private readonly recent = new Map<string, CacheEntry>();

  constructor(dataDir: string, options: StoreOptions = {}) {
    super(options);
    this.root = join(dataDir, 'state');
  }

  /**
   * Any key (Teams ids with ":" "/" "@", 600-character keys) maps to a fixed-length safe name:
   * `base` is "<dir>/<sha256 of the key>"; the files are `base` + ".a.json" / ".b.json".
   */
  pathFor(key: string): { dir: string; base: string } {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    const dir = join(this.root, hash.slice(0, 2));
    return { dir, base: join(dir, hash) };
  }

  /** The key's document; `fresh` skips the cache and reads the files. */
  private fileFor(key: string, fresh = false): TwoSlotFile<StoredFile> {
    return (!fresh && this.recent.get(key)?.file) || new TwoSlotFile<StoredFile>(this.pathFor(key).base);
  }

  private static read(file: TwoSlotFile<StoredFile>): StoredFile | undefined {
    try {
      const db = new LowSync<StoredFile>(file, NOTHING);
      db.read();
      return db.data === NOTHING ? undefined : db.data;
    } catch (err) {
      throw new Error(`State file ${file.base}.*.json could not be read: ${(err as Error).message}`);
    }
  }

  private remember(key: string, entry: CacheEntry): void {
    this.recent.delete(key);
    this.recent.set(key, entry);
    if (this.recent.size > CACHED_ITEMS) this.recent.delete(this.recent.keys().next().value as string);
  }

  protected async load(key: string): Promise<StoreItem | undefined> {
    const cached = this.recent.get(key);
    if (cached !== undefined) {
      this.remember(key, cached);
      return cached.json === null ? undefined : (JSON.parse(cached.json) as StoreItem);
    }
    const file = this.fileFor(key, true);
    const stored = LowdbStore.read(file);
    if (stored === undefined) {
      this.remember(key, { file, json: null });
      return undefined;
    }
    if (stored.key !== key) throw new Error(`State file ${file.base}.*.json holds a different key (hash collision)`);
    this.remember(key, { file, json: JSON.stringify(stored.item) });
    return stored.item;
  }

  protected async savedAt(key: string): Promise<number | undefined> {
    const stored = LowdbStore.read(this.fileFor(key, true));
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
      let names: string[];
      try {
        names = readdirSync(join(this.root, shard));
      } catch {
        continue; // removed meanwhile
      }
      const bases = new Set(names.map(baseOfFileName).filter((b): b is string => b !== undefined));
      for (const base of bases) {
        let stored: StoredFile | undefined;
        try {
          stored = LowdbStore.read(new TwoSlotFile<StoredFile>(join(this.root, shard, base)));
        } catch {
          continue; // an unreadable document is reported when its key is read, not swept blind
        }
        if (stored) yield { key: stored.key, savedAt: stored.savedAt ?? 0 };
        // Let turns run between documents: a sweep of 100k of them must not hold the event loop.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  protected async save(key: string, item: StoreItem): Promise<void> {
    const file = this.fileFor(key);
    const dir = dirname(file.base);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.madeDirs.add(dir);
    }
    const db = new LowSync<StoredFile>(file, NOTHING);
    db.data = { key, item, savedAt: this.now() };
    db.write();
    this.remember(key, { file, json: JSON.stringify(item) });
  }

  protected async remove(key: string): Promise<void> {
    const file = this.fileFor(key);
    file.remove();
    this.remember(key, { file, json: null });
  }
}
