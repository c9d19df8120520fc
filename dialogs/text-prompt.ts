// A free-text prompt: asks, then hands the next message's text to the dialog beneath. It behaves
// as botbuilder's TextPrompt without a validator (same stored state, { options, state }, so a
// conversation saved mid-question by an earlier Mend carries on), but importing TextPrompt loads
// the prompts module's choice, number and date recognizers: ~85 ms of start-up and ~4 MB of
// memory that Mend never uses.
import { ActivityTypes, InputHints, type Activity, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogReason, type DialogTurnResult } from './dialog-kit.js';

export interface TextPromptOptions {
  prompt?: Partial<Activity>;
  /** Sent instead of `prompt` when a message had no text; `prompt` again when absent. */
  retryPrompt?: Partial<Activity>;
}

interface PromptState {
  options: TextPromptOptions;
  state: Record<string, unknown>;
}

export class TextPrompt extends Dialog<TextPromptOptions> {
  override async beginDialog(dc: DialogContext, options?: TextPromptOptions): Promise<DialogTurnResult> {
    const opt: TextPromptOptions = { ...options };
    for (const activity of [opt.prompt, opt.retryPrompt]) {
      if (activity && typeof activity.inputHint !== 'string') activity.inputHint = InputHints.ExpectingInput;
    }
    const state: PromptState = { options: opt, state: {} };
    dc.activeDialog!.state = state;
    await this.ask(dc.context, opt, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const text = dc.context.activity.text;
    if (typeof text === 'string' && text.length > 0) return dc.endDialog(text);
    if (!dc.context.responded) await this.ask(dc.context, (dc.activeDialog!.state as PromptState).options, true);
    return Dialog.EndOfTurn;
  }

  /** Something pushed on top of the prompt ended: ask again rather than end early. */
  override async resumeDialog(dc: DialogContext, _reason: DialogReason, _result?: unknown): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as PromptState).options, false);
  }

  private async ask(context: TurnContext, options: TextPromptOptions, isRetry: boolean): Promise<void> {
    const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (activity) await context.sendActivity(activity);
  }
}
