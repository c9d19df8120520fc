// In-process storage (STORAGE=memory): fast, lost on restart. Same eTag contract as every backend.
import type { StoreItem } from 'botbuilder';
import { ETagStore } from './etag-store.js';

export class MemoryStore extends ETagStore {
  private readonly items = new Map<string, { json: string; savedAt: number }>();

  protected async load(key: string): Promise<StoreItem | undefined> {
    const stored = this.items.get(key);
    return stored === undefined ? undefined : (JSON.parse(stored.json) as StoreItem);
  }

  protected async save(key: string, item: StoreItem): Promise<void> {
    this.items.set(key, { json: JSON.stringify(item), savedAt: this.now() });
  }

  protected async remove(key: string): Promise<void> {
    this.items.delete(key);
  }

  protected async *entries(): AsyncIterable<{ key: string; savedAt: number }> {
    for (const [key, { savedAt }] of [...this.items]) yield { key, savedAt };
  }

  protected async savedAt(key: string): Promise<number | undefined> {
    return this.items.get(key)?.savedAt;
  }

  get count(): number {
    return this.items.size;
  }
}
