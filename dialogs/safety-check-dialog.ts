// When the safety screen cannot tell hyperbole from danger, Mend asks one short question with
// yes/no buttons instead of guessing. "Not safe" (or two unclear answers) leads to the crisis reply.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialog-kit.js';
import { TextPrompt } from './text-prompt.js';
import type { SafetyCategory } from '../src/nlu/safety.js';
import { DialogIds } from './dialog-ids.js';
import { CrisisDialog, type CrisisOptions } from './crisis-dialog.js';
import type { MendServices } from './services.js';

export interface SafetyCheckOptions {
  categories: SafetyCategory[];
  flowPaused: boolean;
  /** The message that raised the question, routed once the person says they are safe (if no flow is paused). */
  pendingText: string;
  attempt?: number;
}

export interface SafetyCheckResult {
  safe: true;
  pendingText: string;
}

const STEPS = 'safetyCheck.steps';
const ANSWER = 'safetyCheck.answer';

export class SafetyCheckDialog extends ComponentDialog {
  constructor(private readonly services: MendServices) {
    super(DialogIds.safetyCheck);
    this.addDialog(new TextPrompt(ANSWER));
    // "Not safe" hands over to the crisis reply inside this dialog (see handleAnswer); it must be
    // in this set because botbuilder re-prompts an inner stack without looking in parent sets.
    this.addDialog(new CrisisDialog(services));
    this.addDialog(new WaterfallDialog(STEPS, [this.askIfSafe.bind(this), this.handleAnswer.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async askIfSafe(step: WaterfallStepContext<SafetyCheckOptions>): Promise<DialogTurnResult> {
    const { voice } = this.services;
    const question = this.services.safety.question();
    const text = (step.options.attempt ?? 0) === 0 ? question.text : voice.text(step.context, 'crisis.unclear');
    return step.prompt(ANSWER, { prompt: voice.message(text, [question.yes, question.no]) });
  }

  private async handleAnswer(step: WaterfallStepContext<SafetyCheckOptions>): Promise<DialogTurnResult> {
    const { voice, safety } = this.services;
    const answer = safety.interpretAnswer(String(step.result ?? ''));
    const attempt = step.options.attempt ?? 0;
    if (answer === 'unsafe' || (answer === 'unclear' && attempt >= 1)) {
      // Nested inside this dialog, so a paused flow stays paused until the crisis dialog ends.
      const crisis: CrisisOptions = { categories: step.options.categories, flowPaused: step.options.flowPaused };
      return step.replaceDialog(DialogIds.crisis, crisis);
    }
    if (answer === 'unclear') return step.replaceDialog(STEPS, { ...step.options, attempt: attempt + 1 });
    await voice.say(step.context, 'crisis.check_safe');
    const result: SafetyCheckResult = { safe: true, pendingText: step.options.pendingText };
    return step.endDialog(result);
  }
}
