import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LowdbStore } from '../src/state/lowdb-storage.js';
import { CREATE_ONLY } from '../src/state/etag-store.js';
import { MemoryStore } from '../src/state/memory-storage.js';
import { parseSlot, slotBytes } from '../src/state/two-slot-file.js';
import { createStorage } from '../src/state/create-storage.js';
import { retentionConformance, storageConformance } from './storage-conformance.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mend-store-'));

storageConformance('memory', () => new MemoryStore());
storageConformance('lowdb', () => new LowdbStore(tempDir()));
retentionConformance('memory', (now) => new MemoryStore({ now }));
retentionConformance('lowdb', (now) => new LowdbStore(tempDir(), { now }));

describe('lowdb store on disk', () => {
  it('survives a new store instance on the same directory (a restart)', async () => {
    const dir = tempDir();
    await new LowdbStore(dir).write({ 'msteams/conversations/a:b@c': { turns: 3 } });
    const again = await new LowdbStore(dir).read(['msteams/conversations/a:b@c']);
    expect(again['msteams/conversations/a:b@c']).toMatchObject({ turns: 3 });
  });

  it('stores each key in its own fixed-length, safe file name and leaves no temp files', async () => {
    const dir = tempDir();
    const store = new LowdbStore(dir);
    await store.write({ 'x/../../y:z@w': { a: 1 }, ['k'.repeat(600)]: { b: 2 } });
    const shards = readdirSync(join(dir, 'state'));
    const files = shards.flatMap((s) => readdirSync(join(dir, 'state', s)));
    expect(files).toHaveLength(2);
    files.forEach((f) => expect(f).toMatch(/^[0-9a-f]{64}\.a\.json$/));
    const { base } = store.pathFor('x/../../y:z@w');
    expect(JSON.parse(readFileSync(`${base}.a.json`, 'utf8'))).toMatchObject({ gen: 1, data: { key: 'x/../../y:z@w', item: { a: 1 } } });
  });

  it('keeps at most two files per key, alternating slots, and deletes them all', async () => {
    const dir = tempDir();
    const store = new LowdbStore(dir);
    const { dir: shard, base } = store.pathFor('k');
    for (let i = 1; i <= 5; i += 1) await store.write({ k: { n: i } });
    expect(readdirSync(shard).sort()).toEqual([`${basename(base)}.a.json`, `${basename(base)}.b.json`]);
    expect(JSON.parse(readFileSync(`${base}.a.json`, 'utf8'))).toMatchObject({ gen: 5, data: { item: { n: 5 } } });
    expect(JSON.parse(readFileSync(`${base}.b.json`, 'utf8'))).toMatchObject({ gen: 4, data: { item: { n: 4 } } });
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 5 });
    await store.delete(['k']);
    expect(readdirSync(shard)).toEqual([]);
    expect(await new LowdbStore(dir).read(['k'])).toEqual({});
  });

  it('reads the previous version when the newest write was cut short or torn, and the next write repairs it', async () => {
    const dir = tempDir();
    await new LowdbStore(dir).write({ k: { n: 1 } }); // slot a, gen 1
    await new LowdbStore(dir).write({ k: { n: 2 } }); // slot b, gen 2
    const { base } = new LowdbStore(dir).pathFor('k');
    const old = readFileSync(`${base}.a.json`);
    // Writing gen 3 overwrites slot a in place; a crash may leave a strict prefix of the new
    // bytes, a mix of new bytes over the old ones at any point, or zeros (a power cut).
    const next = slotBytes(3, { key: 'k', item: { n: 3 }, savedAt: 1 }, old.length);
    expect(next.length).toBe(old.length);
    const damaged: Buffer[] = [Buffer.alloc(old.length)];
    for (let cut = 0; cut < next.length; cut += 1) {
      damaged.push(next.subarray(0, cut), Buffer.concat([next.subarray(0, cut), old.subarray(cut)]));
    }
    for (const bytes of damaged) {
      if (bytes.equals(old) || bytes.equals(next)) continue; // untouched, or the write finished
      writeFileSync(`${base}.a.json`, bytes);
      // Only bytes that hold the whole new version (cut short in the padding) may read as it.
      const whole = bytes.toString('utf8').trimEnd() === next.toString('utf8').trimEnd();
      expect((await new LowdbStore(dir).read(['k']))['k'], `after ${bytes.length} bytes`).toMatchObject({ n: whole ? 3 : 2 });
    }
    writeFileSync(`${base}.a.json`, Buffer.alloc(old.length)); // zero-filled, as after a power cut
    const store = new LowdbStore(dir);
    expect((await store.read(['k']))['k']).toMatchObject({ n: 2 });
    await store.write({ k: { n: 4 } });
    expect(JSON.parse(readFileSync(`${base}.a.json`, 'utf8'))).toMatchObject({ gen: 3, data: { item: { n: 4 } } });
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 4 });
  });

  it('reads the newest whole version whichever slot holds it, and skips a newer slot whose sum fails', async () => {
    const dir = tempDir();
    const { base } = new LowdbStore(dir).pathFor('k');
    for (let n = 1; n <= 4; n += 1) {
      await new LowdbStore(dir).write({ k: { n } }); // slots a, b, a, b: gens 1-4
      expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n });
    }
    // Slot a holds gen 3; make it claim gen 9 with a sum that cannot match: slot b (gen 4) still wins.
    const a = readFileSync(`${base}.a.json`, 'utf8');
    writeFileSync(`${base}.a.json`, a.replace('"gen":3', '"gen":9'));
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 4 });
    // Generations compare as numbers (10 after 9); a damaged newer slot falls back to the other.
    writeFileSync(`${base}.a.json`, slotBytes(10, { key: 'k', item: { n: 10 } }));
    writeFileSync(`${base}.b.json`, slotBytes(9, { key: 'k', item: { n: 9 } }));
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 10 });
    writeFileSync(`${base}.a.json`, 'not json at all');
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 9 });
  });

  it('writes a new key whose slot file appeared after it was read as missing over that file, cut to size', async () => {
    const dir = tempDir();
    const store = new LowdbStore(dir);
    expect(await store.read(['k'])).toEqual({});
    const { base } = store.pathFor('k');
    mkdirSync(join(base, '..'), { recursive: true });
    writeFileSync(`${base}.a.json`, 'x'.repeat(4000)); // made behind the store's back
    await store.write({ k: { n: 1 } });
    expect(statSync(`${base}.a.json`).size).toBe(512);
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 1 });
    await store.write({ k: { n: 2 } }); // the other slot: created without a failed open first
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 2 });
    expect(readdirSync(join(base, '..')).sort()).toEqual([`${basename(base)}.a.json`, `${basename(base)}.b.json`]);
  });

  it('rejects a slot whose data or generation was altered, even as valid JSON', () => {
    const good = slotBytes(7, { key: 'k', item: { n: 1 } });
    expect(parseSlot(good)).toEqual({ gen: 7, data: { key: 'k', item: { n: 1 } } });
    expect(parseSlot(Buffer.from(good.toString('utf8').replace('"n":1', '"n":2')))).toBe('invalid');
    expect(parseSlot(Buffer.from(good.toString('utf8').replace('"gen":7', '"gen":8')))).toBe('invalid');
    expect(parseSlot(Buffer.from(good.toString('utf8').trimEnd() + 'x'))).toBe('invalid');
  });

  it('rewrites each slot in place (same file, padded size), shrinks it when the state does, and creates files owner-only', async () => {
    const dir = tempDir();
    const store = new LowdbStore(dir);
    const { base } = store.pathFor('k');
    await store.write({ k: { text: 'x'.repeat(100) } });
    await store.write({ k: { text: 'x'.repeat(100) } });
    const inodes = [statSync(`${base}.a.json`).ino, statSync(`${base}.b.json`).ino];
    for (const file of [`${base}.a.json`, `${base}.b.json`]) {
      expect(statSync(file).size).toBe(512);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    await store.write({ k: { text: 'x'.repeat(4_800) } }); // slot a grows
    await store.write({ k: { text: 'x'.repeat(700) } }); // slot b grows a little
    expect([statSync(`${base}.a.json`).ino, statSync(`${base}.b.json`).ino]).toEqual(inodes);
    expect(statSync(`${base}.a.json`).size).toBe(5_120);
    expect(statSync(`${base}.b.json`).size).toBe(1_024);
    await store.write({ k: { text: 'x'.repeat(2_000) } }); // slot a keeps its size (padding, no truncation)
    expect(statSync(`${base}.a.json`).size).toBe(5_120);
    await store.write({ k: { text: 'short' } });
    await store.write({ k: { text: 'short' } }); // slot a is now more than 4x too big: cut down
    expect(statSync(`${base}.a.json`).size).toBe(512);
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ text: 'short' });
  });

  it('treats a first write cut short as nothing stored', async () => {
    const dir = tempDir();
    const store = new LowdbStore(dir);
    const { dir: shard, base } = store.pathFor('k');
    mkdirSync(shard, { recursive: true });
    writeFileSync(`${base}.a.json`, '{"gen":1,"data":{"key":"k","it');
    expect(await store.read(['k'])).toEqual({});
    await store.write({ k: { n: 1, eTag: CREATE_ONLY } });
    expect((await new LowdbStore(dir).read(['k']))['k']).toMatchObject({ n: 1 });
  });

  it('reads state files of the earlier single-file layout and moves them to slots on the next write', async () => {
    const dir = tempDir();
    const store = new LowdbStore(dir);
    const { dir: shard, base } = store.pathFor('old/conversations/x/');
    mkdirSync(shard, { recursive: true });
    writeFileSync(`${base}.json`, JSON.stringify({ key: 'old/conversations/x/', item: { turns: 7, eTag: 'e1' }, savedAt: 5 }, null, 2));
    const item = (await store.read(['old/conversations/x/']))['old/conversations/x/'] as { turns: number; eTag: string };
    expect(item).toMatchObject({ turns: 7, eTag: 'e1' });
    await store.write({ 'old/conversations/x/': { ...item, turns: 8 } });
    expect(readdirSync(shard)).toEqual([`${basename(base)}.a.json`]);
    expect((await new LowdbStore(dir).read(['old/conversations/x/']))['old/conversations/x/']).toMatchObject({ turns: 8 });
  });

  it('creates the data directory owner-only', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    await createStorage({ storage: 'lowdb', dataDir: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
