// Runs the root dialog for one turn, as botbuilder's runDialog does, without the per-turn work
// Mend has no use for:
// - runDialog builds a new DialogSet around the root dialog every turn and sets its telemetry
//   client, which each dialog container passes down through the whole tree; the set here is built
//   once, as dialogs are stateless between turns (their state is in the stack `dialogState`
//   reads and writes), and Mend registers no telemetry client;
// - it loads and saves every memory scope through a DialogStateManager; Mend registers no bot
//   state in turn state, so for Mend those loads and saves do nothing (MendBot.run loads and
//   saves the conversation and user state itself, with eTags);
// - every dialog context (one per dialog container on the stack) makes a DialogStateManager, and
//   the first of a turn builds the memory-scope configuration through a dependency container;
//   the scopes are stateless, so the configuration built on the first turn is handed to every
//   later one through turn state, as botbuilder's DialogManager does with its stateConfiguration;
// - it snapshots the whole dialog memory into a "Bot State" trace every turn, which only the
//   Emulator shows (MendBot drops it everywhere else): the snapshot is taken for the Emulator only.
// The skill-protocol parts are kept as they are: a parent's EndOfConversation cancels the stack,
// a parent's reprompt event reprompts, and a finished dialog tells a parent bot it ended.
import { ActivityTypes, EndOfConversationCodes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { SkillValidation, type ClaimsIdentity } from 'botframework-connector';
import {
  Dialog,
  DialogEvents,
  DialogSet,
  DialogTurnStatus,
  getActiveDialogContext,
  isFromParentToSkill,
  shouldSendEndOfConversationToParent,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
} from './dialog-kit.js';

/** The turn-state key under which a DialogStateManager looks for its configuration first. */
const STATE_CONFIGURATION = 'DialogStateManagerConfiguration';

export class DialogRunner {
  private readonly dialogs: DialogSet;
  private stateConfiguration: unknown;

  constructor(
    private readonly root: Dialog,
    dialogState: StatePropertyAccessor<DialogState>,
  ) {
    this.dialogs = new DialogSet(dialogState);
    this.dialogs.add(root);
  }

  /** Continues the active dialog with this turn's activity, or begins the root dialog. */
  async run(context: TurnContext): Promise<DialogTurnResult> {
    if (this.stateConfiguration !== undefined) context.turnState.set(STATE_CONFIGURATION, this.stateConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateConfiguration ??= context.turnState.get(STATE_CONFIGURATION);
    for (;;) {
      try {
        return await this.turn(context, dc);
      } catch (err) {
        // As botbuilder does: an error event bubbles up from the active dialog; unless one
        // handles it (none of Mend's does), the error goes to the adapter's onTurnError.
        const handled = await dc.emitEvent(DialogEvents.error, err, true, true);
        if (!handled) throw err;
      }
    }
  }

  private async turn(context: TurnContext, dc: DialogContext): Promise<DialogTurnResult> {
    if (isFromParentToSkill(context)) {
      if (context.activity.type === ActivityTypes.EndOfConversation) {
        return dc.stack.length === 0 ? { status: DialogTurnStatus.empty } : getActiveDialogContext(dc).cancelAllDialogs(true);
      }
      if (context.activity.type === ActivityTypes.Event && context.activity.name === DialogEvents.repromptDialog) {
        if (dc.stack.length === 0) return { status: DialogTurnStatus.empty };
        await dc.repromptDialog();
        return Dialog.EndOfTurn;
      }
    }
    let result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) result = await dc.beginDialog(this.root.id);
    if (context.activity.channelId === 'emulator') await sendStateSnapshotTrace(context, dc);
    if ((result.status === DialogTurnStatus.complete || result.status === DialogTurnStatus.cancelled) && shouldSendEndOfConversationToParent(context, result)) {
      await context.sendActivity({
        type: ActivityTypes.EndOfConversation,
        value: result.result,
        locale: context.activity.locale,
        code: result.status === DialogTurnStatus.complete ? EndOfConversationCodes.CompletedSuccessfully : EndOfConversationCodes.UserCancelled,
      });
    }
    return result;
  }
}

/** The trace botbuilder sends every turn (here: to the Emulator only), built as botbuilder builds it. */
async function sendStateSnapshotTrace(context: TurnContext, dc: DialogContext): Promise<void> {
  const identity = context.turnState.get<ClaimsIdentity | undefined>(context.adapter.BotIdentityKey);
  const label = identity && SkillValidation.isSkillClaim(identity.claims) ? 'Skill State' : 'Bot State';
  await context.sendActivity({
    type: ActivityTypes.Trace,
    name: 'BotState',
    label,
    valueType: 'https://www.botframework.com/schemas/botState',
    value: getActiveDialogContext(dc).state.getMemorySnapshot(),
  });
}
