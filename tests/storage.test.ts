import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LowdbStore } from '../src/state/lowdb-storage.js';
import { MemoryStore } from '../src/state/memory-storage.js';
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
    files.forEach((f) => expect(f).toMatch(/^[0-9a-f]{64}\.json$/));
    const { file } = store.pathFor('x/../../y:z@w');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ key: 'x/../../y:z@w', item: { a: 1 } });
  });

  it('creates the data directory owner-only', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    await createStorage({ storage: 'lowdb', dataDir: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
