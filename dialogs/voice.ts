// How dialogs speak: wording comes from content/replies by key, the variation rotates with the
// conversation's turn count (so repeated visits don't read word for word the same), and buttons
// are suggested actions that send their label as text (rendered by Teams, Web Chat and the CLI).
import { ActionTypes, ActivityTypes, type Activity, type Attachment, type CardAction, type TurnContext } from 'botbuilder';
import type { Replies, ReplyVars } from '../src/content/replies.js';
import { resultCard, resultCardText, type ResultCard } from './cards.js';

/** Channels known to render Adaptive Cards; others get the same content as plain text. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator']);

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

  /** A result card on channels that render cards (after a short intro), plain text elsewhere. */
  cardMessage(context: TurnContext, intro: string, card: ResultCard, buttons: readonly string[] = []): Partial<Activity> {
    if (CARD_CHANNELS.has(context.activity.channelId)) return this.message(intro, buttons, [resultCard(card)]);
    return this.message(`${intro}\n\n${resultCardText(card)}`, buttons);
  }

  /** "a, b or c", joined with the content's wording. */
  orList(context: TurnContext, words: readonly string[]): string {
    return this.joinList(context, 'core.list_or', words);
  }

  andList(context: TurnContext, words: readonly string[]): string {
    return this.joinList(context, 'core.list_and', words);
  }

  private joinList(context: TurnContext, key: string, words: readonly string[]): string {
    if (words.length <= 1) return words[0] ?? '';
    return this.text(context, key, { list: words.slice(0, -1).join(', '), last: words[words.length - 1]! });
  }

  /** The three menu buttons, in their content wording. */
  menuButtons(context: TurnContext): string[] {
    return ['core.button_istatement', 'core.button_apology', 'core.button_escalate'].map((k) => this.text(context, k));
  }
}
