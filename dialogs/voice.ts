// How dialogs speak: wording comes from content/replies by key, the variation rotates with the
// conversation's turn count (so repeated visits don't read word for word the same), and buttons
// are suggested actions that send their label as text (rendered by Teams, Web Chat and the CLI).
import { ActionTypes, ActivityTypes, type Activity, type Attachment, type CardAction, type TurnContext } from 'botbuilder';
import type { Replies, ReplyVars } from '../src/content/replies.js';

const VARIANT_KEY = Symbol('mend.variant');

export class Voice {
  constructor(readonly replies: Replies) {}

  /** Called once per turn by the root dialog with the conversation's turn number. */
  static setVariant(context: TurnContext, variant: number): void {
    context.turnState.set(VARIANT_KEY, variant);
  }

  text(context: TurnContext, key: string, vars?: ReplyVars): string {
    const variant = (context.turnState.get(VARIANT_KEY) as number | undefined) ?? 0;
    return this.replies.text(key, vars, variant);
  }

  /** A message activity; `buttons` are labels (each sent back as text when tapped). */
  message(text: string, buttons: readonly string[] = [], attachments: Attachment[] = []): Partial<Activity> {
    const activity: Partial<Activity> = { type: ActivityTypes.Message, text, inputHint: 'expectingInput' };
    if (buttons.length > 0) {
      const actions: CardAction[] = buttons.map((label) => ({ type: ActionTypes.ImBack, title: label, value: label }));
      activity.suggestedActions = { actions, to: [] };
    }
    if (attachments.length > 0) activity.attachments = attachments;
    return activity;
  }

  async say(context: TurnContext, key: string, vars?: ReplyVars, buttons: readonly string[] = []): Promise<void> {
    await context.sendActivity(this.message(this.text(context, key, vars), buttons));
  }

  /** The three menu buttons, in their content wording. */
  menuButtons(context: TurnContext): string[] {
    return ['core.button_istatement', 'core.button_apology', 'core.button_escalate'].map((k) => this.text(context, k));
  }
}
