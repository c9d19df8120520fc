// One conformance suite that every Storage backend runs (lowdb, memory, and any added later).
import { describe, expect, it } from 'vitest';
import type { StoreItems } from 'botbuilder';
import { CREATE_ONLY, isStorageConflict, type ETagStore } from '../src/state/etag-store.js';

export function storageConformance(name: string, makeStore: () => Promise<ETagStore> | ETagStore): void {
  describe(`Storage conformance: ${name}`, () => {
    it('reads nothing for missing keys', async () => {
      const store = await makeStore();
      expect(await store.read(['nope', 'also-nope'])).toEqual({});
    });

    it('writes, reads back with an eTag, and deletes', async () => {
      const store = await makeStore();
      await store.write({ a: { count: 1, nested: { list: [1, 2] } } });
      const items = await store.read(['a', 'missing']);
      expect(Object.keys(items)).toEqual(['a']);
      expect(items['a']).toMatchObject({ count: 1, nested: { list: [1, 2] } });
      expect(typeof items['a']?.eTag).toBe('string');
      await store.delete(['a']);
      expect(await store.read(['a'])).toEqual({});
      await store.delete(['a']); // deleting a missing key is fine
    });

    it('gives a new eTag on every write', async () => {
      const store = await makeStore();
      await store.write({ k: { v: 1 } });
      const first = (await store.read(['k']))['k']?.eTag;
      await store.write({ k: { v: 2 } });
      const second = (await store.read(['k']))['k']?.eTag;
      expect(first).toBeDefined();
      expect(second).not.toBe(first);
    });

    it('accepts a write with the current eTag and rejects a stale one', async () => {
      const store = await makeStore();
      await store.write({ k: { v: 1 } });
      const read1 = (await store.read(['k']))['k']!;
      await store.write({ k: { ...read1, v: 2 } });
      await expect(store.write({ k: { ...read1, v: 3 } })).rejects.toSatisfy(isStorageConflict);
      expect((await store.read(['k']))['k']).toMatchObject({ v: 2 });
    });

    it('rejects an eTag write to a key that no longer exists', async () => {
      const store = await makeStore();
      await store.write({ k: { v: 1 } });
      const read1 = (await store.read(['k']))['k']!;
      await store.delete(['k']);
      await expect(store.write({ k: { ...read1, v: 2 } })).rejects.toSatisfy(isStorageConflict);
      expect(await store.read(['k'])).toEqual({});
    });

    it('lets "*" and a missing eTag overwrite unconditionally', async () => {
      const store = await makeStore();
      await store.write({ k: { v: 1 } });
      await store.write({ k: { v: 2, eTag: '*' } });
      expect((await store.read(['k']))['k']).toMatchObject({ v: 2 });
      await store.write({ k: { v: 3 } });
      expect((await store.read(['k']))['k']).toMatchObject({ v: 3 });
    });

    it('does not hand out live objects: changing what was read or written changes nothing stored', async () => {
      const store = await makeStore();
      const item = { list: [1] };
      await store.write({ k: item });
      item.list.push(2);
      const read = (await store.read(['k']))['k'] as { list: number[] };
      read.list.push(3);
      expect(((await store.read(['k']))['k'] as { list: number[] }).list).toEqual([1]);
    });

    it('keeps unicode, emoji and right-to-left text intact', async () => {
      const store = await makeStore();
      const value = { text: 'Ça va? 😊 שלום مرحبا \u0000 "quotes" \\ back' };
      await store.write({ 'ключ/🔑': value });
      expect((await store.read(['ключ/🔑']))['ключ/🔑']).toMatchObject(value);
    });

    it('handles keys of any shape: Teams ids, slashes, dots, 600 characters', async () => {
      const store = await makeStore();
      const keys = [
        'msteams/conversations/a:1Hk3Rv9_xYz-AbC@thread.v2;messageid=1697651/',
        '../../etc/passwd',
        'CON',
        '.',
        'a'.repeat(600),
        'emulator/users/29:1abcDEF-ghi_JKL/',
        'key with spaces and \u00e9',
      ];
      const changes: StoreItems = {};
      keys.forEach((k, i) => (changes[k] = { i }));
      await store.write(changes);
      const items = await store.read(keys);
      keys.forEach((k, i) => expect(items[k]).toMatchObject({ i }));
    });

    it('lets exactly one of many concurrent writers with the same eTag win', async () => {
      const store = await makeStore();
      await store.write({ race: { winner: -1 } });
      const base = (await store.read(['race']))['race']!;
      const attempts = Array.from({ length: 20 }, (_, i) => store.write({ race: { ...base, winner: i } }));
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      lost.forEach((o) => expect(isStorageConflict((o as PromiseRejectedResult).reason)).toBe(true));
      const stored = (await store.read(['race']))['race'] as { winner: number };
      expect(stored.winner).toBe(outcomes.findIndex((o) => o.status === 'fulfilled'));
    });

    it('creates with CREATE_ONLY only when nothing is stored, and one of many racing creators wins', async () => {
      const store = await makeStore();
      await store.write({ fresh: { v: 1, eTag: CREATE_ONLY } });
      await expect(store.write({ fresh: { v: 2, eTag: CREATE_ONLY } })).rejects.toSatisfy(isStorageConflict);
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.write({ race2: { i, eTag: CREATE_ONLY } })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    });

    it('puts the new eTag back on the written item, so a second save in one turn succeeds', async () => {
      const store = await makeStore();
      const item: { v: number; eTag?: string } = { v: 1, eTag: CREATE_ONLY };
      await store.write({ twice: item });
      expect(item.eTag).not.toBe(CREATE_ONLY);
      item.v = 2;
      await store.write({ twice: item });
      expect((await store.read(['twice']))['twice']).toMatchObject({ v: 2, eTag: item.eTag });
    });

    it('rejects items that are not objects', async () => {
      const store = await makeStore();
      await expect(store.write({ k: 'text' as unknown as object })).rejects.toThrow(TypeError);
    });
  });
}

/** Retention: each backend built with an injected clock deletes only what was not written since the cutoff. */
export function retentionConformance(name: string, makeStore: (now: () => number) => Promise<ETagStore> | ETagStore): void {
  describe(`Storage retention sweep: ${name}`, () => {
    it('deletes items untouched since the cutoff and keeps the rest', async () => {
      let clock = Date.UTC(2026, 0, 1);
      const store = await makeStore(() => clock);
      await store.write({ old: { v: 1 }, 'old/2:x@y': { v: 2 } });
      clock += 40 * 86_400_000;
      await store.write({ fresh: { v: 3 } });
      const cutoff = clock - 30 * 86_400_000;
      expect(await store.sweep(cutoff)).toBe(2);
      expect(Object.keys(await store.read(['old', 'old/2:x@y', 'fresh']))).toEqual(['fresh']);
      expect(await store.sweep(cutoff)).toBe(0);
    });

    it('keeps an old item that is written again before the sweep reaches it', async () => {
      let clock = 1_000;
      const store = await makeStore(() => clock);
      await store.write({ k: { v: 1 } });
      clock = 10_000;
      await store.write({ k: { v: 2 } });
      expect(await store.sweep(5_000)).toBe(0);
      expect((await store.read(['k']))['k']).toMatchObject({ v: 2 });
    });
  });
}

/**
 * For backends several instances share: a stale item that another instance rewrites after the
 * sweep has listed it, but before it deletes it, is kept. `listing` names the store's method the
 * sweep iterates, which the test hooks to make the other instance write at that moment.
 */
export function sweepRaceConformance(name: string, makeInstances: (now: () => number) => Promise<[ETagStore, ETagStore]>, listing: string): void {
  it(`${name}: keeps a stale item another instance rewrites between the sweep listing it and deleting it`, async () => {
    let clock = 1_000;
    const [sweeper, otherInstance] = await makeInstances(() => clock);
    await sweeper.write({ k: { v: 1 } });
    const hooked = sweeper as unknown as Record<string, () => AsyncIterable<unknown>>;
    const list = hooked[listing]!.bind(sweeper);
    hooked[listing] = async function* () {
      for await (const entry of list()) {
        clock = 10_000;
        await otherInstance.write({ k: { v: 2 } });
        yield entry;
      }
    };
    expect(await sweeper.sweep(5_000)).toBe(0);
    expect((await sweeper.read(['k']))['k']).toMatchObject({ v: 2 });
  });
}
