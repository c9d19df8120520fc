// Base for the three coaching flows. Interruptions (safety, help, menu, cancel, start over) are
// handled once in the root dialog before a flow sees a message; what a flow shares is here: a
// free-text prompt whose question can be asked again after an interruption, and the convention
// that a flow ends with { reroute } when the person's message belongs to something else.
import type { Attachment } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogReason,
  type DialogTurnResult,
  type WaterfallStepContext,
} from './dialog-kit.js';
import { TextPrompt } from './text-prompt.js';
import { CrisisDialog } from './crisis-dialog.js';
import type { SafetyCheckResult } from './safety-check-dialog.js';
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
    // A flow may hand over to the crisis reply inside itself (the triage safety screen does).
    // botbuilder re-prompts a component's inner stack without looking in parent sets (after
    // "help", or when a second crisis reply on top ends), so the crisis dialog lives here too.
    this.addDialog(new CrisisDialog(services));
  }

  /**
   * The root asks a safety question when an answer worries it ("he checks my phone"), then resumes
   * this flow. That answer was meant for the question the flow is waiting on, so once the person
   * says they are safe it is taken as the answer; re-asking would make them type it again and,
   * when the answer itself raises the question again, loop.
   */
  override async resumeDialog(outerDc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const pending = (result as Partial<SafetyCheckResult> | undefined)?.pendingText;
    const innerDc = this.createChildContext(outerDc);
    if (typeof pending !== 'string' || pending.trim() === '' || innerDc.activeDialog?.id !== this.promptId) {
      return super.resumeDialog(outerDc, reason, result);
    }
    const turn = await innerDc.endDialog(pending);
    return turn.status === DialogTurnStatus.waiting ? Dialog.EndOfTurn : outerDc.endDialog(turn.result);
  }

  /** Asks a free-text question (buttons optional); the answer arrives as step.result (a string). */
  protected ask(step: WaterfallStepContext, text: string, buttons: readonly string[] = [], attachments: Attachment[] = []): Promise<DialogTurnResult> {
    return step.prompt(this.promptId, { prompt: this.services.voice.message(text, buttons, attachments) });
  }

  protected say(step: WaterfallStepContext, key: string, vars?: Readonly<Record<string, string | number>>): string {
    return this.services.voice.text(step.context, key, vars);
  }
}
