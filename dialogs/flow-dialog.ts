// Base for the three coaching flows. Interruptions (safety, help, menu, cancel, start over) are
// handled once in the root dialog before a flow sees a message; what a flow shares is here: a
// free-text prompt whose question can be asked again after an interruption, and the convention
// that a flow ends with { reroute } when the person's message belongs to something else.
import type { Attachment } from 'botbuilder';
import { ComponentDialog, TextPrompt, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { MendServices } from './services.js';
import type { FlowId } from './dialog-ids.js';

export interface FlowOptions {
  /** The message that started the flow, when it carries content (a pasted draft, a situation). */
  text?: string;
}

export interface FlowResult {
  /** A message the flow did not handle and that should be routed afresh. */
  reroute?: string;
}

export abstract class FlowDialog extends ComponentDialog {
  protected readonly promptId: string;

  protected constructor(
    id: FlowId,
    protected readonly services: MendServices,
  ) {
    super(id);
    this.promptId = `${id}.text`;
    this.addDialog(new TextPrompt(this.promptId));
  }

  /** Asks a free-text question (buttons optional); the answer arrives as step.result (a string). */
  protected ask(step: WaterfallStepContext, text: string, buttons: readonly string[] = [], attachments: Attachment[] = []): Promise<DialogTurnResult> {
    return step.prompt(this.promptId, { prompt: this.services.voice.message(text, buttons, attachments) });
  }

  protected say(step: WaterfallStepContext, key: string, vars?: Readonly<Record<string, string | number>>): string {
    return this.services.voice.text(step.context, key, vars);
  }
}
