// Runs Mend's root dialog (with the real engines, content and flows) in botbuilder's
// DialogTestClient, so conversation tests read as tables of what a person says and what Mend replies.
import { AutoSaveStateMiddleware, ConversationState, TestAdapter, TurnContext, UserState, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createServices, loadContent } from '../../src/app.js';
import { MemoryStore } from '../../src/state/memory-storage.js';
import { newConversationProfile, type ConversationProfile } from '../../dialogs/conversation-profile.js';
import { createFlows } from '../../dialogs/create-flows.js';
import { MainDialog } from '../../dialogs/main-dialog.js';
import type { MendServices, StoredData } from '../../dialogs/services.js';
import type { Replies } from '../../src/content/replies.js';

let replies: Replies | undefined;
export function testReplies(): Replies {
  replies ??= loadContent();
  return replies;
}

export interface MendTestClient {
  client: DialogTestClient;
  services: MendServices;
  conversationState: ConversationState;
  /** Sends one message (text or a partial activity) and returns every reply Mend sent this turn. */
  send(message: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  /** Like send, but returns the replies' text joined, for loose matching. */
  say(message: string | Partial<Activity>): Promise<string>;
  /** The ids on the dialog stack under the root, bottom first. */
  stack(): string[];
  profile(): Promise<ConversationProfile>;
  /** Everything stored for the test person and conversation, read fresh from storage. */
  stored(): Promise<StoredData>;
}

export function mendTestClient(options: { channelId?: string; locale?: string; defaultCountry?: string } = {}): MendTestClient {
  const storage = new MemoryStore();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = conversationState.createProperty<ConversationProfile>('profile');
  const services = createServices(testReplies(), { conversationState, userState, profile }, options.defaultCountry ?? 'US', 'memory');
  const dialog = new MainDialog(services, createFlows(services));
  // DialogTestClient saves conversation state after each turn; user state needs its own autosave.
  const client = new DialogTestClient(options.channelId ?? 'test', dialog, undefined, [new AutoSaveStateMiddleware(userState)], conversationState);
  const send = async (message: string | Partial<Activity>): Promise<Partial<Activity>[]> => {
    const activity: Partial<Activity> = typeof message === 'string' ? { type: 'message', text: message } : { type: 'message', ...message };
    if (options.locale && activity.locale === undefined) activity.locale = options.locale;
    const out: Partial<Activity>[] = [];
    let reply = (await client.sendActivity(activity)) as Partial<Activity> | undefined;
    while (reply) {
      out.push(reply);
      reply = client.getNextReply();
    }
    return out;
  };
  return {
    client,
    services,
    conversationState,
    send,
    say: async (message) => (await send(message)).map(replyText).join('\n---\n'),
    stack: () => {
      const root = client.dialogContext?.stack[0];
      const inner = (root?.state as { dialogs?: { dialogStack?: { id: string }[] } } | undefined)?.dialogs?.dialogStack ?? [];
      return inner.map((d) => d.id);
    },
    stored: async () => {
      const probe = new TurnContext(new TestAdapter(), { type: 'message', channelId: options.channelId ?? 'test', conversation: { id: 'Convo1' }, from: { id: 'user1' } } as Activity);
      return services.privacy.snapshot(probe);
    },
    profile: async () => {
      // The last turn's context is revoked once the turn ends: read what was stored with a fresh one.
      const probe = new TurnContext(new TestAdapter(), { type: 'message', channelId: options.channelId ?? 'test', conversation: { id: 'Convo1' } } as Activity);
      await conversationState.load(probe, true);
      return profile.get(probe, newConversationProfile());
    },
  };
}

/** A reply's visible text: its text plus any Adaptive Card text blocks and suggested-action labels. */
export function replyText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const attachment of activity.attachments ?? []) parts.push(JSON.stringify(attachment.content ?? ''));
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length > 0) parts.push(`[${actions.map((a) => a.title).join(' | ')}]`);
  return parts.join('\n');
}

export function buttons(activity: Partial<Activity> | undefined): string[] {
  return (activity?.suggestedActions?.actions ?? []).map((a) => String(a.title));
}
