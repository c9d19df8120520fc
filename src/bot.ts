// The thin bot: picks what kind of activity arrived, runs the root dialog, saves state once per
// turn. Teams specifics live here because they are about the channel, not the coaching:
// in group chats and channels Mend answers only when @mentioned, and the mention is stripped.
import {
  ActivityTypes,
  StatusCodes,
  TeamsActivityHandler,
  type Activity,
  type InvokeResponse,
  TurnContext,
  type ConversationState,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import type { Dialog, DialogState } from '../dialogs/dialog-kit.js';
import { DialogRunner } from '../dialogs/dialog-runner.js';
import { newConversationProfile, type ConversationProfile } from '../dialogs/conversation-profile.js';
import type { Voice } from '../dialogs/voice.js';
import { wasForgotten } from './state/turn-flags.js';
import { isStorageConflict } from './state/etag-store.js';

export interface MendBotParts {
  conversationState: ConversationState;
  userState: UserState;
  dialog: Dialog;
  dialogState: StatePropertyAccessor<DialogState>;
  profile: StatePropertyAccessor<ConversationProfile>;
  voice: Voice;
  /** The first message of a conversation (it depends on what Mend remembers of the person). */
  welcome: (context: TurnContext) => Promise<Partial<Activity>>;
  /** Turns re-run from fresh state after an eTag conflict, at most this many times in all. */
  maxAttempts: number;
  /**
   * After the conversation state is saved, a conflict on the user state (the same person busy in
   * another conversation) cannot re-run the turn, which would apply it to the conversation twice:
   * this merges the turn's user-state changes onto the stored ones instead, before saving again.
   */
  rebaseUserState: (context: TurnContext) => Promise<void>;
  onConflict?: (attempt: number, retry: 'rerun' | 'merge-user-state') => void;
}

export class MendBot extends TeamsActivityHandler {
  private readonly dialogs: DialogRunner;

  constructor(private readonly parts: MendBotParts) {
    super();
    this.dialogs = new DialogRunner(parts.dialog, parts.dialogState);
    this.onMessage(async (context, next) => {
      if (this.addressedToMend(context)) {
        TurnContext.removeRecipientMention(context.activity);
        await this.dialogs.run(context);
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added = context.activity.membersAdded ?? [];
      const personAdded = added.some((m) => m.id !== botId);
      const botAddedInTeams = context.activity.channelId === 'msteams' && added.some((m) => m.id === botId);
      if (personAdded || botAddedInTeams) await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  /**
   * Invokes Mend does not handle (Teams task modules, message extensions...) are the caller's
   * mistake, not a server fault: answer 400 rather than the SDK's 501, so no request ever gets a 5xx.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status === StatusCodes.NOT_IMPLEMENTED) return { status: StatusCodes.BAD_REQUEST, body: { error: 'Mend does not handle this invoke' } };
    return response;
  }

  /**
   * One turn: run the handlers with their replies held back, save state with the eTags it was
   * read with, then send the replies. If another turn (or another instance) saved the
   * conversation first, the state is re-read and the turn runs again, so its effect is not lost
   * and the person gets exactly one answer. If only the user state changed meanwhile (after this
   * turn saved the conversation), the turn's user changes are merged onto it (rebaseUserState).
   */
  override async run(context: TurnContext): Promise<void> {
    const held: Partial<Activity>[] = [];
    let holding = true;
    context.onSendActivities(async (_ctx, activities, next) => {
      if (!holding) return next();
      // Traces (the dialog runner's "Bot State" snapshot, which holds the person's words) are for
      // the Emulator only; anywhere else they are dropped here.
      held.push(...activities.filter((a) => a.type !== ActivityTypes.Trace || context.activity.channelId === 'emulator'));
      return activities.map(() => ({ id: '' }));
    });
    try {
      const { conversationState, userState } = this.parts;
      let conversationSaved = false;
      for (let attempt = 1; ; attempt += 1) {
        if (!conversationSaved) {
          held.length = 0;
          await Promise.all([conversationState.load(context, attempt > 1), userState.load(context, attempt > 1)]);
          await super.run(context);
          if (wasForgotten(context)) break;
        }
        try {
          if (!conversationSaved) {
            await conversationState.saveChanges(context);
            conversationSaved = true;
          }
          await userState.saveChanges(context);
          break;
        } catch (err) {
          if (!isStorageConflict(err) || attempt >= this.parts.maxAttempts) throw err;
          this.parts.onConflict?.(attempt, conversationSaved ? 'merge-user-state' : 'rerun');
          if (conversationSaved) await this.parts.rebaseUserState(context);
          // A short, growing, jittered pause so two instances racing on one conversation stop colliding.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 8 * attempt));
        }
      }
    } finally {
      // A failed turn's partial replies are dropped; the error handler's apology must get out.
      holding = false;
    }
    if (held.length > 0) await context.sendActivities(held);
  }

  /** Personal chats always; group chats and channels only when Mend is @mentioned or a card was submitted. */
  private addressedToMend(context: TurnContext): boolean {
    const conversationType = context.activity.conversation?.conversationType;
    if (conversationType === undefined || conversationType === 'personal') return true;
    if (context.activity.value !== undefined && context.activity.value !== null) return true;
    const botId = context.activity.recipient?.id;
    return TurnContext.getMentions(context.activity).some((m) => m.mentioned?.id === botId);
  }

  /** Once per conversation, even when Teams sends both installationUpdate and conversationUpdate. */
  private async welcome(context: TurnContext): Promise<void> {
    const profile = await this.parts.profile.get(context, newConversationProfile());
    if (profile.welcomed) return;
    profile.welcomed = true;
    await context.sendActivity(await this.parts.welcome(context));
  }
}
