// In-process storage (STORAGE=memory): fast, lost on restart. Same eTag contract as every backend.
import type { StoreItem } from 'botbuilder';
import { ETagStore } from './etag-store.js';

export class MemoryStore extends ETagStore {
  private readonly items = new Map<string, string>();

  protected async load(key: string): Promise<StoreItem | undefined> {
    const json = this.items.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as StoreItem);
  }

  protected async save(key: string, item: StoreItem): Promise<void> {
    this.items.set(key, JSON.stringify(item));
  }

  protected async remove(key: string): Promise<void> {
    this.items.delete(key);
  }

  get count(): number {
    return this.items.size;
  }
}
