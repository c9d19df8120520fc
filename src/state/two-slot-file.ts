// A lowdb adapter for one small JSON document kept in two slot files, "<base>.a.json" and
// "<base>.b.json", each holding { gen, data }. A write replaces the OLDER slot with a new file
// one generation higher; a read takes the highest generation that parses.
//
// Why not lowdb's own temp-file-then-rename: on ext4 (this machine's disk), renaming over an
// existing file makes the kernel write the new file's data out at once (auto_da_alloc), which
// measured ~290-380 us per 1 KB state write here, against ~35 us to unlink a file and create a
// new one. Two state writes per turn made that a quarter of a turn's CPU.
//
// Crash safety is the same or better:
// - A process killed mid-write leaves at most a partial file in the slot being written; it cannot
//   parse (a strict prefix of a JSON object is never valid JSON), so the read falls back to the
//   other slot, which still holds the previous complete version.
// - The previous version is never touched by a write, only the one before it, so after a power
//   loss the worst case is losing the last write, as with rename and no fsync.
// A third name, "<base>.json", is the single-file layout of earlier Mend versions: read when no
// slot exists yet, removed by the first write, so existing data directories carry over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { SyncAdapter } from 'lowdb';

type Slot = 'a' | 'b';

/** Where the current version lives: a slot, the old single file, or nowhere yet. */
interface Current {
  slot: Slot | 'legacy' | null;
  gen: number;
}

type SlotRead<T> = { gen: number; data: T } | 'missing' | 'invalid';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export class TwoSlotFile<T> implements SyncAdapter<T> {
  /** Learnt on the first read or write; every later write of this instance uses it. */
  #current: Current | undefined;

  constructor(readonly base: string) {}

  /** Every file name this document may occupy (slot a, slot b, the old single file). */
  get paths(): [string, string, string] {
    return [`${this.base}.a.json`, `${this.base}.b.json`, `${this.base}.json`];
  }

  private slotPath(slot: Slot): string {
    return slot === 'a' ? this.paths[0] : this.paths[1];
  }

  private readSlot(slot: Slot): SlotRead<T> {
    const text = readText(this.slotPath(slot));
    if (text === undefined) return 'missing';
    try {
      const parsed = JSON.parse(text) as { gen?: unknown; data?: unknown };
      if (typeof parsed.gen !== 'number' || typeof parsed.data !== 'object' || parsed.data === null) return 'invalid';
      return { gen: parsed.gen, data: parsed.data as T };
    } catch {
      return 'invalid'; // a write cut short by a crash
    }
  }

  read(): T | null {
    const a = this.readSlot('a');
    const b = this.readSlot('b');
    const best =
      typeof a === 'object' && (typeof b !== 'object' || a.gen >= b.gen)
        ? { slot: 'a' as const, ...a }
        : typeof b === 'object'
          ? { slot: 'b' as const, ...b }
          : undefined;
    if (best) {
      this.#current = { slot: best.slot, gen: best.gen };
      return best.data;
    }
    const legacy = readText(this.paths[2]);
    if (legacy !== undefined) {
      this.#current = { slot: 'legacy', gen: 0 };
      return JSON.parse(legacy) as T; // written by rename, so whole; a damaged one is an error to report
    }
    // Nothing, or only a first write that was cut short (never acknowledged): not stored.
    this.#current = { slot: null, gen: 0 };
    return null;
  }

  write(data: T): void {
    if (!this.#current) this.read();
    const current = this.#current!;
    const target: Slot = current.slot === 'a' ? 'b' : 'a';
    const path = this.slotPath(target);
    unlinkIfThere(path);
    // "wx": create a new file, never truncate one (truncating in place costs like a rename).
    writeFileSync(path, JSON.stringify({ gen: current.gen + 1, data }), { flag: 'wx' });
    if (current.slot === 'legacy') unlinkIfThere(this.paths[2]);
    this.#current = { slot: target, gen: current.gen + 1 };
  }

  /** Deletes every file of the document. */
  remove(): void {
    for (const path of this.paths) unlinkIfThere(path);
    this.#current = { slot: null, gen: 0 };
  }
}

/** The document base path ("<dir>/<hash>") a state file name belongs to, or undefined if none. */
export function baseOfFileName(name: string): string | undefined {
  const match = /^(.+?)(?:\.a|\.b)?\.json$/.exec(name);
  return match?.[1];
}
