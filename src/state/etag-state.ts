// Conversation and user state that save with the eTag they were read with. botbuilder's
// BotState.saveChanges always writes with "*", so two turns (or two instances) of one conversation
// silently overwrite each other; these raise a StorageConflictError instead, and MendBot retries
// the turn from fresh state. A state that did not exist when read is saved "create only".
import { ConversationState, UserState, calculateChangeHash, type Storage, type StoreItem, type TurnContext } from 'botbuilder';
import { CREATE_ONLY } from './etag-store.js';

type Loadable = {
  get(context: TurnContext): StoreItem | undefined;
  storageKey: (context: TurnContext) => Promise<string> | string;
  storage: Storage;
};

/** The hash of each state object as it was read, to tell whether a turn changed it. */
const readHashes = new WeakMap<object, string>();

function remember(state: StoreItem): StoreItem {
  if (!readHashes.has(state)) readHashes.set(state, calculateChangeHash(state));
  return state;
}

async function saveWithETag(self: Loadable, context: TurnContext, force: boolean): Promise<void> {
  const state = self.get(context);
  if (!state) return;
  if (!force && readHashes.get(state) === calculateChangeHash(state)) return;
  const key = await self.storageKey(context);
  const item: StoreItem = { ...state, eTag: typeof state.eTag === 'string' && state.eTag !== '*' ? state.eTag : CREATE_ONLY };
  await self.storage.write({ [key]: item });
  // The store put the new eTag on `item`; keep it on the cached state for any later save this turn.
  state.eTag = item.eTag;
  readHashes.set(state, calculateChangeHash(state));
}

export class ETagConversationState extends ConversationState {
  override async load(context: TurnContext, force = false): Promise<StoreItem> {
    return remember(await super.load(context, force));
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return saveWithETag(this as unknown as Loadable, context, force);
  }
}

export class ETagUserState extends UserState {
  override async load(context: TurnContext, force = false): Promise<StoreItem> {
    return remember(await super.load(context, force));
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return saveWithETag(this as unknown as Loadable, context, force);
  }
}
