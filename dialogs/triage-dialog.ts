// The professional-help decision (issue 6): a short safety screen (any danger goes straight to the
// crisis reply), then short questions with buttons, then the kind of help the content's rules point
// to, with the reasons, what a first step is like, where to find a professional and a summary card.
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialog-kit.js';
import type { TurnContext } from 'botbuilder';
import {
  directoriesFor,
  interpretAnswer,
  tierText,
  triage,
  triageQuestions,
  type PracticeFlow,
  type TriageAnswers,
  type TriageQuestion,
  type TriageResult,
} from '../src/coaching/triage.js';
import type { SafetyCategory } from '../src/nlu/safety.js';
import type { CountryHelplines, Helpline } from '../src/nlu/country.js';
import type { CardSection, ResultCard } from './cards.js';
import { newConversationProfile, type ConversationProfile } from './conversation-profile.js';
import type { CrisisOptions } from './crisis-dialog.js';
import { DialogIds } from './dialog-ids.js';
import { FlowDialog, type FlowOptions, type FlowResult } from './flow-dialog.js';
import type { MendServices } from './services.js';

const MAIN = 'escalate.main';
const QUESTION = 'escalate.question';
const RESULT = 'escalate.result';

/** Every reply key this dialog uses, with the placeholders it fills (checked at start-up). */
export const TRIAGE_REPLIES = {
  'triage.intro': [],
  'triage.screen_done': [],
  'triage.not_understood': ['prompt'],
  'triage.skipped': [],
  'triage.recommendation': ['title', 'summary'],
  'triage.reasons_intro': [],
  'triage.reason_line': ['reason'],
  'triage.not_a_therapist': [],
  'triage.dv_intro': ['countryName'],
  'triage.urgent_intro': ['countryName'],
  'triage.helpline_line': ['name', 'contact', 'how', 'hours'],
  'triage.emergency': ['emergency', 'emergencyNote'],
  'triage.dv_fallback': [],
  'triage.card_intro': [],
  'triage.card_title': ['title'],
  'triage.card_reasons_heading': [],
  'triage.card_first_step_heading': [],
  'triage.card_directories_heading': ['countryName'],
  'triage.card_directories_heading_later': ['countryName'],
  'triage.card_dv_heading': [],
  'triage.card_helplines_heading': [],
  'triage.directory_line': ['name', 'url', 'note'],
  'triage.card_footnote': [],
  'triage.what_next': [],
  'triage.what_next_self_help': [],
  'triage.button_checkin': [],
  'triage.checkin_phrases': [],
  'triage.checkin_saved': ['step'],
  /** Used by the welcome-back message (dialogs/welcome.ts) when a check-in is pending. */
  'triage.checkin_return': ['step'],
  'triage.step_self_help': [],
  'triage.step_couples_counselling': [],
  'triage.step_individual_therapy': [],
  'triage.step_urgent': [],
} as const satisfies Record<string, readonly string[]>;

/**
 * Which crisis acknowledgement and helplines fit a danger found by each screen question. The
 * question ids are content (content/triage.json); an id missing here still gets the general
 * "unsafe now" crisis reply, so renaming a question can never silence the crisis reply.
 */
const SCREEN_CATEGORIES: Readonly<Record<string, readonly SafetyCategory[]>> = {
  safe_now: ['unsafe_now'],
  partner_harm: ['abuse'],
  self_harm_thoughts: ['suicide', 'self_harm'],
};

/** The menu button that starts each practice flow (the root recognises these labels). */
const FLOW_BUTTONS: Readonly<Record<PracticeFlow, string>> = {
  istatement: 'core.button_istatement',
  apology: 'core.button_apology',
};

interface QuestionState {
  /** Position in triageQuestions(). */
  index: number;
  /** 0 on the first ask; 1 when asking again after an answer that was not understood. */
  attempt: number;
  answers: TriageAnswers;
}

/** Helplines to show with a result: an introduction, one line per service, the emergency number. */
interface SupportLines {
  intro: string;
  lines: string[];
  emergency: string;
}

interface ResultState {
  result: TriageResult;
}

export class TriageDialog extends FlowDialog {
  constructor(services: MendServices) {
    super(DialogIds.escalate, services);
    this.addDialog(new WaterfallDialog<FlowOptions>(MAIN, [this.introduce.bind(this)]));
    this.addDialog(new WaterfallDialog<QuestionState>(QUESTION, [this.askQuestion.bind(this), this.readAnswer.bind(this)]));
    this.addDialog(new WaterfallDialog<ResultState>(RESULT, [this.showResult.bind(this), this.afterResult.bind(this)]));
    this.initialDialogId = MAIN;
  }

  private async introduce(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    await step.context.sendActivity(this.services.voice.message(this.say(step, 'triage.intro')));
    return step.replaceDialog(QUESTION, { index: 0, attempt: 0, answers: {} } satisfies QuestionState);
  }

  private async askQuestion(step: WaterfallStepContext<QuestionState>): Promise<DialogTurnResult> {
    const question = triageQuestions()[step.options.index];
    if (!question) return step.replaceDialog(RESULT, { result: await this.decide(step.context, step.options.answers) } satisfies ResultState);
    const text = step.options.attempt === 0 ? question.prompt : this.say(step, 'triage.not_understood', { prompt: question.prompt });
    return this.ask(step, text, question.options.map((o) => o.label));
  }

  private async readAnswer(step: WaterfallStepContext<QuestionState>): Promise<DialogTurnResult> {
    const state = step.options;
    const questions = triageQuestions();
    const question = questions[state.index]!;
    const typed = String(step.result ?? '').trim();
    const value = typed === '' ? undefined : interpretAnswer(question.id, typed);

    if (value === undefined) {
      if (state.attempt === 0) return step.replaceDialog(QUESTION, { ...state, attempt: 1 } satisfies QuestionState);
      // A safety question is never skipped: two answers Mend cannot read get the crisis reply, as the safety check does.
      if (question.safety) return this.toCrisis(step, ['unsafe_now', ...this.categoriesFor(question)]);
      await step.context.sendActivity(this.services.voice.message(this.say(step, 'triage.skipped')));
      return this.nextQuestion(step, state.answers, questions);
    }

    const answers: TriageAnswers = { ...state.answers, [question.id]: value };
    if (question.safety) {
      const check = await this.decide(step.context, answers);
      if (check.tier === 'urgent') return this.toCrisis(step, [...this.categoriesFor(question), ...(check.abusePath ? (['abuse'] as const) : [])]);
    }
    return this.nextQuestion(step, answers, questions);
  }

  private async nextQuestion(step: WaterfallStepContext<QuestionState>, answers: TriageAnswers, questions: readonly TriageQuestion[]): Promise<DialogTurnResult> {
    const index = step.options.index + 1;
    const leavingScreen = questions[step.options.index]?.safety === true && questions[index]?.safety === false;
    if (leavingScreen) await step.context.sendActivity(this.services.voice.message(this.say(step, 'triage.screen_done')));
    return step.replaceDialog(QUESTION, { index, attempt: 0, answers } satisfies QuestionState);
  }

  /** Danger in the screen: the crisis reply replaces this flow's questions; when it ends, so does the flow. */
  private toCrisis(step: WaterfallStepContext<QuestionState>, categories: readonly SafetyCategory[]): Promise<DialogTurnResult> {
    const options: CrisisOptions = { categories: [...new Set(categories)], flowPaused: false };
    return step.replaceDialog(DialogIds.crisis, options);
  }

  private categoriesFor(question: TriageQuestion): readonly SafetyCategory[] {
    return SCREEN_CATEGORIES[question.id] ?? ['unsafe_now'];
  }

  /**
   * The engine's decision over the answers so far, with abuse the safety net saw elsewhere in the
   * conversation. When the answers themselves reveal abuse, their own reasons say so and the
   * "earlier you told me" flag would misquote the person, so it is added only when they do not.
   */
  private async decide(context: TurnContext, answers: TriageAnswers): Promise<TriageResult> {
    const profile = await this.profile(context);
    const own = triage(answers);
    const result = own.abusePath || !profile.abuseSeen ? own : triage(answers, { abuse: true });
    // Remembered for the whole conversation, so no later step suggests couples counselling.
    if (result.abusePath) profile.abuseSeen = true;
    return result;
  }

  private async showResult(step: WaterfallStepContext<ResultState>): Promise<DialogTurnResult> {
    const { voice } = this.services;
    const { context } = step;
    const { result } = step.options;
    const text = tierText(result);
    const { country, lines } = await this.where(context);

    const recommendation = [
      this.say(step, 'triage.recommendation', { title: text.title, summary: text.summary }),
      [this.say(step, 'triage.reasons_intro'), ...result.reasons.map((r) => this.say(step, 'triage.reason_line', { reason: r.text }))].join('\n'),
      this.say(step, 'triage.not_a_therapist'),
    ];
    await context.sendActivity(voice.message(recommendation.join('\n\n')));

    const support = this.supportLines(context, result, lines);
    if (support) await context.sendActivity(voice.message([support.intro, ...support.lines, '', support.emergency].join('\n')));

    await context.sendActivity(voice.cardMessage(context, this.say(step, 'triage.card_intro'), this.summaryCard(context, result, country, lines, support)));

    const flows = result.tier === 'self_help' ? result.suggestedFlows.map((f) => voice.text(context, FLOW_BUTTONS[f])) : [];
    const question = flows.length > 0 ? 'triage.what_next_self_help' : 'triage.what_next';
    return this.ask(step, this.say(step, question), [...flows, this.say(step, 'triage.button_checkin'), voice.text(context, 'core.button_menu')]);
  }

  private async afterResult(step: WaterfallStepContext<ResultState>): Promise<DialogTurnResult> {
    const answer = String(step.result ?? '').trim();
    if (this.asksForCheckIn(step.context, answer)) {
      const { tier } = step.options.result;
      await this.services.practice.requestCheckIn(step.context, tier);
      await step.context.sendActivity(this.services.voice.message(this.say(step, 'triage.checkin_saved', { step: this.say(step, `triage.step_${tier}`) })));
      return step.endDialog({} satisfies FlowResult);
    }
    // The flow and menu buttons are commands the root handles before this step; anything else is routed afresh.
    const result: FlowResult = answer === '' ? {} : { reroute: answer };
    return step.endDialog(result);
  }

  private asksForCheckIn(context: TurnContext, answer: string): boolean {
    const said = normalise(answer);
    if (said === '') return false;
    const phrases = this.services.voice.replies.variants('triage.checkin_phrases').map(normalise);
    return said === normalise(this.services.voice.text(context, 'triage.button_checkin')) || phrases.some((p) => ` ${said} `.includes(` ${p} `));
  }

  /**
   * Helplines shown as their own message, so the numbers are readable on every channel: domestic-abuse
   * services on the abuse path, every line for the urgent tier. Undefined when neither applies.
   */
  private supportLines(context: TurnContext, result: TriageResult, lines: CountryHelplines): SupportLines | undefined {
    const { voice } = this.services;
    const emergency = voice.text(context, 'triage.emergency', { emergency: lines.emergency, emergencyNote: lines.emergencyNote ? ` ${lines.emergencyNote}` : '' });
    if (result.tier === 'urgent') {
      return { intro: voice.text(context, 'triage.urgent_intro', { countryName: lines.countryName }), lines: lines.helplines.map((h) => this.helplineLine(context, h)), emergency };
    }
    if (!result.abusePath) return undefined;
    const abuse = lines.helplines.filter((h) => h.for.includes('abuse'));
    if (abuse.length === 0) return { intro: voice.text(context, 'triage.dv_fallback'), lines: [], emergency };
    return { intro: voice.text(context, 'triage.dv_intro', { countryName: lines.countryName }), lines: abuse.map((h) => this.helplineLine(context, h)), emergency };
  }

  private helplineLine(context: TurnContext, h: Helpline): string {
    return this.services.voice.text(context, 'triage.helpline_line', { name: h.name, contact: h.contact, how: h.how, hours: h.hours ? `, ${h.hours}` : '' });
  }

  private summaryCard(context: TurnContext, result: TriageResult, country: string, lines: CountryHelplines, support: SupportLines | undefined): ResultCard {
    const { voice } = this.services;
    const text = tierText(result);
    const directories = directoriesFor(country).map((d) => voice.text(context, 'triage.directory_line', { name: d.name, url: d.url, note: d.note }));
    // The summary was just said in the conversation; the card keeps what is useful later.
    const sections: CardSection[] = [];
    if (support) {
      const heading = result.tier === 'urgent' ? 'triage.card_helplines_heading' : 'triage.card_dv_heading';
      // Without a listed line the fallback sentence is the content; otherwise the heading introduces the lines.
      const body = support.lines.length > 0 ? support.lines : [support.intro];
      sections.push({ heading: voice.text(context, heading), body: [...body, support.emergency].join('\n') });
    }
    sections.push({ heading: voice.text(context, 'triage.card_first_step_heading'), body: result.firstSession, subtle: true });
    const directoriesHeading = result.tier === 'self_help' ? 'triage.card_directories_heading_later' : 'triage.card_directories_heading';
    sections.push({ heading: voice.text(context, directoriesHeading, { countryName: lines.countryName }), body: directories.join('\n'), subtle: true });
    return {
      title: voice.text(context, 'triage.card_title', { title: text.title }),
      sections,
      bullets: { heading: voice.text(context, 'triage.card_reasons_heading'), items: result.reasons.map((r) => r.text) },
      footnote: voice.text(context, 'triage.card_footnote'),
    };
  }

  private profile(context: TurnContext): Promise<ConversationProfile> {
    return this.services.profile.get(context, newConversationProfile());
  }

  /** The person's country (stated, from their locale, or the deployment's default) and its helplines. */
  private async where(context: TurnContext): Promise<{ country: string; lines: CountryHelplines }> {
    const profile = await this.profile(context);
    const country = profile.country ?? this.services.defaultCountry;
    return { country, lines: this.services.safety.helplines(country) };
  }
}

/** Lower case, punctuation as spaces, so "Check in, please!" matches the phrase "check in". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
