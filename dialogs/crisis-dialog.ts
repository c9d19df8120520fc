// The crisis reply (COACHING.md §4): acknowledge, ask whether the person is safe now, the emergency
// number and helplines for their country, say Mend is not a crisis service, invite them to keep
// talking. It sits on top of whatever flow was running; that flow resumes only once they say
// they are safe.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialog-kit.js';
import { TextPrompt } from './text-prompt.js';
import type { TurnContext } from 'botbuilder';
import type { SafetyCategory } from '../src/nlu/safety.js';
import type { CountryHelplines } from '../src/nlu/country.js';
import { DialogIds } from './dialog-ids.js';
import type { MendServices } from './services.js';
import { newConversationProfile } from './conversation-profile.js';

export interface CrisisOptions {
  categories: SafetyCategory[];
  /** A flow is paused underneath and can be resumed once the person is safe. */
  flowPaused: boolean;
  mode?: 'full' | 'unsafe' | 'unclear';
}

const STEPS = 'crisis.steps';
const DANGER_THIS_TURN = Symbol('mend.dangerThisTurn');

/** The root saw a new danger signal in this turn's message while the crisis reply was waiting. */
export function markDangerThisTurn(context: TurnContext): void {
  context.turnState.set(DANGER_THIS_TURN, true);
}
const ANSWER = 'crisis.answer';

export class CrisisDialog extends ComponentDialog {
  constructor(private readonly services: MendServices) {
    super(DialogIds.crisis);
    this.addDialog(new TextPrompt(ANSWER));
    this.addDialog(new WaterfallDialog(STEPS, [this.askIfSafe.bind(this), this.handleAnswer.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async askIfSafe(step: WaterfallStepContext<CrisisOptions>): Promise<DialogTurnResult> {
    const { voice } = this.services;
    const options = step.options;
    const lines = await this.helplines(step.context);
    const help = this.helplineText(step.context, lines, options.categories);
    let text: string;
    switch (options.mode ?? 'full') {
      case 'unsafe':
        text = [voice.text(step.context, 'crisis.unsafe', { emergency: lines.emergency }), help, voice.text(step.context, 'crisis.keep_talking')].join('\n\n');
        break;
      case 'unclear':
        text = voice.text(step.context, 'crisis.unclear');
        break;
      case 'full': {
        const first = options.categories[0] ?? 'unsafe_now';
        text = [
          voice.text(step.context, `crisis.acknowledge_${first}`),
          voice.text(step.context, 'crisis.ask_safe'),
          help,
          voice.text(step.context, 'crisis.not_a_crisis_service'),
          voice.text(step.context, 'crisis.keep_talking'),
        ].join('\n\n');
        break;
      }
    }
    const buttons = [voice.text(step.context, 'crisis.button_safe'), voice.text(step.context, 'crisis.button_unsafe')];
    return step.prompt(ANSWER, { prompt: voice.message(text, buttons) });
  }

  private async handleAnswer(step: WaterfallStepContext<CrisisOptions>): Promise<DialogTurnResult> {
    const { voice, safety } = this.services;
    const answer = safety.interpretAnswer(String(step.result ?? ''));
    const danger = step.context.turnState.get(DANGER_THIS_TURN) === true;
    // Anything but "I'm safe" that carries a new danger signal gets the helplines again.
    if (answer === 'unsafe' || (danger && answer !== 'safe')) return step.replaceDialog(STEPS, { ...step.options, mode: 'unsafe' });
    if (answer === 'unclear') return step.replaceDialog(STEPS, { ...step.options, mode: 'unclear' });
    await voice.say(step.context, 'crisis.safe_ack');
    if (step.options.flowPaused) {
      await voice.say(step.context, 'crisis.resume_offer');
    } else {
      await voice.say(step.context, 'crisis.no_resume', {}, voice.menuButtons(step.context));
    }
    return step.endDialog({ safe: true });
  }

  private async helplines(context: TurnContext): Promise<CountryHelplines> {
    const profile = await this.services.profile.get(context, newConversationProfile());
    return this.services.safety.helplines(profile.country ?? this.services.defaultCountry);
  }

  /** Emergency number, then the helplines most relevant to what was said first. */
  private helplineText(context: TurnContext, lines: CountryHelplines, categories: readonly SafetyCategory[]): string {
    const { voice } = this.services;
    const relevant = (h: CountryHelplines['helplines'][number]): number => (h.for.some((f: string) => (categories as readonly string[]).includes(f)) ? 0 : 1);
    const ordered = [...lines.helplines].sort((a, b) => relevant(a) - relevant(b));
    const emergencyNote = lines.emergencyNote ? ` ${lines.emergencyNote}` : '';
    return [
      voice.text(context, 'crisis.emergency', { emergency: lines.emergency, emergencyNote }),
      voice.text(context, 'crisis.helplines_intro', { countryName: lines.countryName }),
      ...ordered.map((h) => voice.text(context, 'crisis.helpline_line', { name: h.name, contact: h.contact, how: h.how, hours: h.hours ? `, ${h.hours}` : '' })),
    ].join('\n');
  }
}
