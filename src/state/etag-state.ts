// Conversation and user state that save with the eTag they were read with. botbuilder's
// BotState.saveChanges always writes with "*", so two turns (or two instances) of one conversation
// silently overwrite each other; these raise a StorageConflictError instead, and MendBot retries
// the turn from fresh state. A state that did not exist when read is saved "create only".
//
// Change detection: botbuilder hashes the state with its own cycle-safe stringify and SHA-256 on
// every load and save (four times per state per turn here). State in Mend is plain JSON (every
// store round-trips it through JSON), so a JSON snapshot of what was read is compared instead.
import { ConversationState, UserState, type Storage, type StoreItem, type TurnContext } from 'botbuilder';
import { CREATE_ONLY } from './etag-store.js';

/** The parts of BotState these classes use; `stateKey` is private in botbuilder's typings. */
type StateInternals = {
  stateKey: symbol;
  storageKey: (context: TurnContext) => Promise<string> | string;
  storage: Storage;
};

/** What each state object looked like when read or last saved (JSON without its eTag). */
const snapshots = new WeakMap<object, string>();

function withoutETag(state: StoreItem): Record<string, unknown> {
  const { eTag: _eTag, ...rest } = state;
  return rest;
}

function snapshot(state: StoreItem): string {
  return JSON.stringify(withoutETag(state));
}

async function loadState(self: StateInternals, context: TurnContext, force: boolean): Promise<StoreItem> {
  const cached = context.turnState.get(self.stateKey) as { state?: StoreItem } | undefined;
  if (!force && cached?.state) return cached.state;
  const key = await self.storageKey(context);
  const items = await self.storage.read([key]);
  const state: StoreItem = items[key] ?? {};
  snapshots.set(state, snapshot(state));
  // BotState keeps { state, hash } under its key; the hash is only read by its saveChanges,
  // which these classes replace.
  context.turnState.set(self.stateKey, { state, hash: '' });
  return state;
}

async function saveWithETag(self: StateInternals, context: TurnContext, force: boolean): Promise<void> {
  const state = (context.turnState.get(self.stateKey) as { state?: StoreItem } | undefined)?.state;
  if (!state) return;
  const now = snapshot(state);
  if (!force && snapshots.get(state) === now) return;
  const key = await self.storageKey(context);
  const item: StoreItem = { ...state, eTag: typeof state.eTag === 'string' && state.eTag !== '*' ? state.eTag : CREATE_ONLY };
  await self.storage.write({ [key]: item });
  // The store put the new eTag on `item`; keep it on the cached state for any later save this turn.
  state.eTag = item.eTag;
  snapshots.set(state, now);
}

/** Combines a turn's changes with what another writer stored meanwhile (all without eTags). */
export type StateMerge = (read: Record<string, unknown>, ours: Record<string, unknown>, fresh: Record<string, unknown>) => Record<string, unknown>;

/**
 * After a conflict on saving: re-reads the stored state and replaces this turn's cached copy with
 * `merge(what the turn read, what it made of it, what is stored now)`, carrying the stored eTag,
 * so the next saveChanges writes the merge over exactly that version. The turn is not run again.
 */
async function rebaseState(self: StateInternals, context: TurnContext, merge: StateMerge): Promise<void> {
  const ours = (context.turnState.get(self.stateKey) as { state?: StoreItem } | undefined)?.state;
  if (!ours) return;
  const read = JSON.parse(snapshots.get(ours) ?? '{}') as Record<string, unknown>;
  const key = await self.storageKey(context);
  const fresh: StoreItem = (await self.storage.read([key]))[key] ?? {};
  const merged: StoreItem = { ...merge(read, withoutETag(ours), withoutETag(fresh)), ...(fresh.eTag !== undefined ? { eTag: fresh.eTag } : {}) };
  snapshots.set(merged, snapshot(fresh));
  context.turnState.set(self.stateKey, { state: merged, hash: '' });
}

export class ETagConversationState extends ConversationState {
  override load(context: TurnContext, force = false): Promise<StoreItem> {
    return loadState(this as unknown as StateInternals, context, force);
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return saveWithETag(this as unknown as StateInternals, context, force);
  }
}

export class ETagUserState extends UserState {
  override load(context: TurnContext, force = false): Promise<StoreItem> {
    return loadState(this as unknown as StateInternals, context, force);
  }

  /** See rebaseState: after a conflict, this turn's changes are merged onto the stored state. */
  rebase(context: TurnContext, merge: StateMerge): Promise<void> {
    return rebaseState(this as unknown as StateInternals, context, merge);
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return saveWithETag(this as unknown as StateInternals, context, force);
  }
}
