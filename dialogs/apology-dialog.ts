// The apology coach (issue 5): check a pasted draft (which parts are there, each trap quoted and
// explained, a weighted score, what to change first), or build one step by step with pushback when
// a step slips into a trap, ending with the composed apology on a card and tips for saying it.
import { apologyIssues } from '../src/coaching/progress.js';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialog-kit.js';
import type { TurnContext } from 'botbuilder';
import {
  APOLOGY_COMPONENTS,
  APOLOGY_PITFALLS,
  checkApology,
  composeApology,
  deliveryTips,
  reviewStep,
  type ApologyCheck,
  type ApologyFinding,
  type ApologyKind,
  type ApologyStep,
} from '../src/coaching/apology.js';
import { tokenize } from '../src/nlu/natural.js';
import { DialogIds } from './dialog-ids.js';
import { FlowDialog, type FlowOptions, type FlowResult } from './flow-dialog.js';
import { guidedBuildDialog, type BuildState, type Stage, type StageReview } from './guided-build.js';
import type { MendServices } from './services.js';

const MAIN = 'apology.main';
const CHECK = 'apology.check';
const BUILD = 'apology.build';
const RESULT = 'apology.result';

/** Every reply key this dialog uses, with the placeholders it fills (checked at start-up). */
export const APOLOGY_REPLIES = {
  'apology.ask_start': [],
  'apology.request_ack': [],
  'apology.button_build': [],
  'apology.button_check': [],
  'apology.ask_draft': [],
  'apology.check_score': ['score'],
  'apology.check_present_intro': [],
  'apology.check_missing': ['parts'],
  'apology.check_traps_intro': [],
  'apology.check_no_traps': [],
  'apology.check_first_fix': ['fix'],
  'apology.check_great': [],
  'apology.found_line': ['label', 'quote'],
  'apology.trap_line': ['label', 'explanation'],
  'apology.tip_line': ['tip'],
  'apology.check_next': [],
  'apology.check_next_after_great': [],
  'apology.button_check_another': [],
  'apology.label_regret': [],
  'apology.label_responsibility': [],
  'apology.label_explanation': [],
  'apology.label_repair': [],
  'apology.label_change': [],
  'apology.label_forgiveness_request': [],
  'apology.label_conditional': [],
  'apology.label_blame_shift': [],
  'apology.label_minimizing': [],
  'apology.label_but_clause': [],
  'apology.label_sorry_you_feel': [],
  'apology.label_excuse': [],
  'apology.build_intro': [],
  'apology.ask_what_happened': [],
  'apology.ask_what_happened_known': ['situation'],
  'apology.button_that_covers_it': [],
  'apology.ask_ownership': [],
  'apology.ask_ownership_known': [],
  'apology.ask_impact': [],
  'apology.ask_explanation': [],
  'apology.ask_repair': [],
  'apology.ask_change': [],
  'apology.ask_forgiveness': [],
  'apology.skip': [],
  'apology.pushback_intro': [],
  'apology.vague_intro': [],
  'apology.retry_ownership': [],
  'apology.retry_impact': [],
  'apology.retry_explanation': [],
  'apology.retry_repair': [],
  'apology.retry_change': [],
  'apology.retry_forgiveness': [],
  'apology.skip_reminder': [],
  'apology.result_intro': [],
  'apology.result_title': [],
  'apology.result_situation_heading': [],
  'apology.result_tips_heading': [],
  'apology.result_footnote': [],
  'apology.what_next': [],
  'apology.button_check_new': [],
  'apology.button_practise': [],
} as const satisfies Record<string, readonly string[]>;

/** The person's answers so far, one per build step (the engine's ApologyParts once complete). */
export interface ApologyDraft {
  whatHappened?: string;
  ownership?: string;
  impact?: string;
  explanation?: string;
  repair?: string;
  change?: string;
  forgiveness?: string;
}

interface CheckOptions {
  /** A draft already in hand (the opening message, or a revision typed after a check). */
  draft?: string;
}

/** Where the opening request ("I need to apologise to my wife for...") waits in step.values for the build. */
const SITUATION = 'situation';

/** Second-person words: a draft speaks to the person wronged, a request for help talks about them. */
const SECOND_PERSON = new Set(['you', 'your', 'yours', 'yourself', 'u', 'ur', 'ya', 'youre', 'youve', 'youll', 'youd']);
/** A lead-in such as "is this ok:" before a draft is at most this many words. */
const MAX_LEAD_IN_WORDS = 8;
/**
 * Inside this flow a description of what happened is the expected answer, and descriptions of hurtful
 * words ("I called him lazy") lean towards the I-statement route; so leaving the flow takes a clearer
 * signal than the router's own threshold (requests like "I want to rephrase a message" score ~0.7).
 */
const LEAVE_FLOW_CONFIDENCE = 0.65;
/** Longer situations are shortened when quoted back, so the question stays readable. */
const MAX_SITUATION_CHARS = 160;

export function speaksToSomeone(text: string): boolean {
  return tokenize(text).some((t) => SECOND_PERSON.has(t));
}

/** Strips a short lead-in ("is this a good apology: ...") or surrounding quotes; `marked` when either was there. */
export function unwrapDraft(text: string): { body: string; marked: boolean } {
  const trimmed = text.trim();
  // A quotation is the draft only when it is most of the message; "I'm sorry I said "you never help""
  // quotes words inside the apology itself.
  const quoted = /["\u201c\u201d]([^"\u201c\u201d]{3,})["\u201c\u201d]/u.exec(trimmed)?.[1]?.trim();
  if (quoted && quoted.split(/\s+/).length >= 2 && quoted.length * 2 >= trimmed.length) return { body: quoted, marked: true };
  // A colon followed by a space, so times like 5:30 inside a draft are not taken for a lead-in.
  const colon = trimmed.search(/:\s/);
  if (colon > 0) {
    const before = trimmed.slice(0, colon).trim();
    const after = trimmed.slice(colon + 1).trim();
    if (after !== '' && before.split(/\s+/).length <= MAX_LEAD_IN_WORDS) return { body: after, marked: true };
  }
  return { body: trimmed, marked: false };
}

/**
 * The draft apology inside a message, or undefined when the message asks for help instead. A draft
 * has something the checker recognises (a part or a trap) and either speaks to "you", was marked as a
 * draft (quotes, "is this ok: ..."), or came right after Mend invited a new version (`invited`).
 */
export function draftIn(text: string, invited = false): string | undefined {
  const { body, marked } = unwrapDraft(text);
  if (body === '') return undefined;
  if (checkApology(body).found.length === 0) return undefined;
  return invited || marked || speaksToSomeone(body) ? body : undefined;
}

export class ApologyDialog extends FlowDialog {
  constructor(services: MendServices) {
    super(DialogIds.apology, services);
    this.addDialog(new WaterfallDialog<FlowOptions>(MAIN, [this.offerChoice.bind(this), this.followChoice.bind(this)]));
    this.addDialog(new WaterfallDialog<CheckOptions>(CHECK, [this.askDraft.bind(this), this.showCheck.bind(this), this.afterCheck.bind(this)]));
    this.addDialog(
      guidedBuildDialog<ApologyDraft>(BUILD, {
        stages: () => this.stages,
        ask: (step, text, buttons) => this.ask(step, text, buttons),
        finish: (step, parts) => step.replaceDialog(RESULT, parts),
        maxPushbacks: 2,
      }),
    );
    this.addDialog(new WaterfallDialog<ApologyDraft>(RESULT, [this.showResult.bind(this), this.afterResult.bind(this)]));
    this.initialDialogId = MAIN;
  }

  /** A pasted draft is checked at once; a request ("I need to apologise to...") is kept as the situation. */
  private async offerChoice(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const text = step.options.text?.trim();
    if (text) {
      const draft = draftIn(text);
      if (draft !== undefined) return step.replaceDialog(CHECK, { draft } satisfies CheckOptions);
      Object.assign(step.values, { [SITUATION]: text });
      return this.ask(step, this.say(step, 'apology.request_ack'), this.choiceButtons(step.context));
    }
    return this.ask(step, this.say(step, 'apology.ask_start'), this.choiceButtons(step.context));
  }

  private async followChoice(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const answer = String(step.result ?? '').trim();
    const kept: unknown = Reflect.get(step.values, SITUATION);
    const situation = typeof kept === 'string' ? kept : undefined;
    if (this.isLabel(step.context, answer, 'apology.button_build')) {
      return this.beginBuild(step, situation === undefined ? {} : { whatHappened: situation }, 0);
    }
    if (this.isLabel(step.context, answer, 'apology.button_check')) return step.replaceDialog(CHECK, {} satisfies CheckOptions);
    if (answer === '') return step.replaceDialog(MAIN, step.options);
    const draft = draftIn(answer);
    if (draft !== undefined) return step.replaceDialog(CHECK, { draft } satisfies CheckOptions);
    if (this.belongsElsewhere(answer)) return step.endDialog({ reroute: answer } satisfies FlowResult);
    // They answered "build or check?" by telling what happened: that is the first build step done.
    return this.beginBuild(step, { whatHappened: answer }, 1);
  }

  private async beginBuild(step: WaterfallStepContext, parts: ApologyDraft, stage: number): Promise<DialogTurnResult> {
    await step.context.sendActivity(this.services.voice.message(this.say(step, 'apology.build_intro')));
    return step.replaceDialog(BUILD, { stage, attempt: 0, parts } satisfies BuildState<ApologyDraft>);
  }

  private async askDraft(step: WaterfallStepContext<CheckOptions>): Promise<DialogTurnResult> {
    if (step.options.draft !== undefined) return step.next(step.options.draft);
    return this.ask(step, this.say(step, 'apology.ask_draft'));
  }

  private async showCheck(step: WaterfallStepContext<CheckOptions>): Promise<DialogTurnResult> {
    // A draft handed in is already unwrapped; only a typed answer may still carry "here it is: ...".
    const draft = step.options.draft ?? unwrapDraft(String(step.result ?? '')).body;
    if (draft === '') return step.replaceDialog(CHECK, {} satisfies CheckOptions);
    const check = checkApology(draft);
    await this.services.practice.record(step.context, 'apology', check.score, apologyIssues(check));
    await step.context.sendActivity(this.services.voice.message(this.checkReport(step.context, check)));
    if (check.firstFix === undefined) {
      const buttons = [this.label(step.context, 'apology.button_check_another'), this.label(step.context, 'apology.button_build'), this.label(step.context, 'core.button_menu')];
      return this.ask(step, this.say(step, 'apology.check_next_after_great'), buttons);
    }
    return this.ask(step, this.say(step, 'apology.check_next'), [this.label(step.context, 'apology.button_build'), this.label(step.context, 'core.button_menu')]);
  }

  /** After a check the person may paste a revision straight away, so anything that reads as an apology is checked. */
  private async afterCheck(step: WaterfallStepContext<CheckOptions>): Promise<DialogTurnResult> {
    const answer = String(step.result ?? '').trim();
    if (this.isLabel(step.context, answer, 'apology.button_build')) return this.beginBuild(step, {}, 0);
    if (this.isLabel(step.context, answer, 'apology.button_check_another')) return step.replaceDialog(CHECK, {} satisfies CheckOptions);
    return this.checkOrReroute(step, answer, true);
  }

  private checkReport(context: TurnContext, check: ApologyCheck): string {
    const { voice } = this.services;
    const lines = [voice.text(context, 'apology.check_score', { score: check.score })];
    const parts = check.found.filter((f) => isComponent(f.kind));
    if (parts.length > 0) {
      lines.push('', voice.text(context, 'apology.check_present_intro'));
      for (const f of parts) lines.push(voice.text(context, 'apology.found_line', { label: this.kindLabel(context, f.kind), quote: f.quote }));
    }
    const missing = APOLOGY_COMPONENTS.filter((k) => !check.components[k]);
    if (missing.length > 0) lines.push('', voice.text(context, 'apology.check_missing', { parts: voice.andList(context, missing.map((k) => this.kindLabel(context, k))) }));
    const traps = check.found.filter((f) => isPitfall(f.kind));
    if (traps.length > 0) {
      lines.push('', voice.text(context, 'apology.check_traps_intro'));
      for (const f of traps) lines.push(voice.text(context, 'apology.trap_line', { label: this.kindLabel(context, f.kind), explanation: f.explanation }));
    } else {
      lines.push('', voice.text(context, 'apology.check_no_traps'));
    }
    if (check.firstFix !== undefined) {
      lines.push('', voice.text(context, 'apology.check_first_fix', { fix: check.firstFix }));
    } else {
      lines.push('', voice.text(context, 'apology.check_great'), ...deliveryTips().map((tip) => voice.text(context, 'apology.tip_line', { tip })));
    }
    return lines.join('\n');
  }

  private readonly stages: readonly Stage<ApologyDraft>[] = [
    {
      id: 'whatHappened',
      ask: (context, parts) =>
        parts.whatHappened
          ? {
              text: this.services.voice.text(context, 'apology.ask_what_happened_known', { situation: shorten(parts.whatHappened) }),
              buttons: [this.label(context, 'apology.button_that_covers_it')],
            }
          : { text: this.services.voice.text(context, 'apology.ask_what_happened') },
      accept: (parts, answer) => (this.isLabelText(answer, 'apology.button_that_covers_it') && parts.whatHappened ? parts : { ...parts, whatHappened: answer }),
    },
    {
      id: 'ownership',
      ask: (context, parts) => ({ text: this.services.voice.text(context, parts.whatHappened ? 'apology.ask_ownership_known' : 'apology.ask_ownership') }),
      review: (answer, _parts, context) => this.reviewAnswer(context, 'ownership', answer),
      accept: (parts, answer) => ({ ...parts, ownership: answer }),
    },
    {
      id: 'impact',
      ask: (context) => ({ text: this.services.voice.text(context, 'apology.ask_impact') }),
      review: (answer, _parts, context) => this.reviewAnswer(context, 'impact', answer),
      accept: (parts, answer) => ({ ...parts, impact: answer }),
    },
    {
      id: 'explanation',
      ask: (context) => ({ text: this.services.voice.text(context, 'apology.ask_explanation') }),
      review: (answer, _parts, context) => this.reviewAnswer(context, 'explanation', answer, true),
      accept: (parts, answer) => ({ ...parts, explanation: answer }),
      skipLabel: (context) => this.label(context, 'apology.skip'),
    },
    {
      id: 'repair',
      ask: (context) => ({ text: this.services.voice.text(context, 'apology.ask_repair') }),
      review: (answer, _parts, context) => this.reviewAnswer(context, 'repair', answer),
      accept: (parts, answer) => ({ ...parts, repair: answer }),
    },
    {
      id: 'change',
      ask: (context) => ({ text: this.services.voice.text(context, 'apology.ask_change') }),
      review: (answer, _parts, context) => this.reviewAnswer(context, 'change', answer),
      accept: (parts, answer) => ({ ...parts, change: answer }),
    },
    {
      id: 'forgiveness',
      ask: (context) => ({ text: this.services.voice.text(context, 'apology.ask_forgiveness') }),
      review: (answer, _parts, context) => this.reviewAnswer(context, 'forgiveness', answer, true),
      accept: (parts, answer) => ({ ...parts, forgiveness: answer }),
      skipLabel: (context) => this.label(context, 'apology.skip'),
    },
  ];

  /**
   * Pushes back when a step falls into a trap, quoting the words. A vague commitment to change is
   * pushed back on too (it should be checkable); a vague offer of repair is not, because "how can I
   * make it right?" is itself a good offer.
   */
  private reviewAnswer(context: TurnContext, step: ApologyStep, answer: string, optional = false): StageReview {
    const { voice } = this.services;
    const review = reviewStep(step, answer);
    if (!review.ok) {
      const lines = [voice.text(context, 'apology.pushback_intro'), ...explanationsOnce(review.problems), review.advice ?? voice.text(context, `apology.retry_${step}`)];
      if (optional) lines.push(voice.text(context, 'apology.skip_reminder'));
      return { ok: false, pushback: { text: lines.join(' ') } };
    }
    if (step === 'change' && review.advice !== undefined) {
      return { ok: false, pushback: { text: [voice.text(context, 'apology.vague_intro'), review.advice].join(' ') } };
    }
    return { ok: true };
  }

  private async showResult(step: WaterfallStepContext<ApologyDraft>): Promise<DialogTurnResult> {
    const draft = step.options;
    const whatHappened = draft.whatHappened ?? '';
    const apology = composeApology({
      // Told to Mend ("I forgot my wife's birthday"), it would read oddly inside a message to her; the
      // ownership step says the same thing to her face.
      whatHappened: speaksToSomeone(whatHappened) ? whatHappened : '',
      ownership: draft.ownership ?? '',
      impact: draft.impact ?? '',
      repair: draft.repair ?? '',
      change: draft.change ?? '',
      ...(draft.explanation ? { explanation: draft.explanation } : {}),
      ...(draft.forgiveness ? { forgiveness: draft.forgiveness } : {}),
    });
    const built = checkApology(apology);
    await this.services.practice.record(step.context, 'apology', built.score, apologyIssues(built));
    const sections = [{ body: apology }];
    const card = {
      title: this.say(step, 'apology.result_title'),
      sections: whatHappened === '' ? sections : [...sections, { heading: this.say(step, 'apology.result_situation_heading'), body: whatHappened, subtle: true }],
      bullets: { heading: this.say(step, 'apology.result_tips_heading'), items: deliveryTips() },
      footnote: this.say(step, 'apology.result_footnote'),
    };
    await step.context.sendActivity(this.services.voice.cardMessage(step.context, this.say(step, 'apology.result_intro'), card));
    const buttons = [this.label(step.context, 'apology.button_check_new'), this.label(step.context, 'apology.button_practise'), this.label(step.context, 'core.button_menu')];
    return this.ask(step, this.say(step, 'apology.what_next'), buttons);
  }

  private async afterResult(step: WaterfallStepContext<ApologyDraft>): Promise<DialogTurnResult> {
    const answer = String(step.result ?? '').trim();
    if (this.isLabel(step.context, answer, 'apology.button_check_new')) return step.replaceDialog(CHECK, {} satisfies CheckOptions);
    if (this.isLabel(step.context, answer, 'apology.button_practise')) return this.beginBuild(step, {}, 0);
    return this.checkOrReroute(step, answer, false);
  }

  /** Free text at a "what next?" step: a draft is checked, anything else is routed afresh by the root. */
  private async checkOrReroute(step: WaterfallStepContext, answer: string, invited: boolean): Promise<DialogTurnResult> {
    if (answer === '') return step.endDialog({} satisfies FlowResult);
    const draft = draftIn(answer, invited);
    if (draft !== undefined) return step.replaceDialog(CHECK, { draft } satisfies CheckOptions);
    return step.endDialog({ reroute: answer } satisfies FlowResult);
  }

  /** Text the router is sure belongs to another flow ("actually I want to rephrase a message"). */
  private belongsElsewhere(text: string): boolean {
    const routed = this.services.route(text, { skipSafety: true });
    return routed.confidence >= LEAVE_FLOW_CONFIDENCE && (routed.route === 'istatement' || routed.route === 'escalate');
  }

  private choiceButtons(context: TurnContext): string[] {
    return [this.label(context, 'apology.button_build'), this.label(context, 'apology.button_check')];
  }

  private kindLabel(context: TurnContext, kind: ApologyKind): string {
    return this.label(context, `apology.label_${kind}`);
  }

  private label(context: TurnContext, key: string): string {
    return this.services.voice.text(context, key);
  }

  private isLabel(context: TurnContext, answer: string, key: string): boolean {
    return answer.toLowerCase() === this.label(context, key).toLowerCase();
  }

  /** For stage callbacks without a context: any wording of the label counts. */
  private isLabelText(answer: string, key: string): boolean {
    const lower = answer.trim().toLowerCase();
    return this.services.voice.replies.variants(key).some((v) => v.toLowerCase() === lower);
  }
}

function isComponent(kind: ApologyKind): boolean {
  return (APOLOGY_COMPONENTS as readonly string[]).includes(kind);
}

function isPitfall(kind: ApologyKind): boolean {
  return (APOLOGY_PITFALLS as readonly string[]).includes(kind);
}

/** One explanation per quoted phrase: "mistakes were made" is both unowned and an excuse, but one note is enough. */
function explanationsOnce(problems: readonly ApologyFinding[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of problems) {
    if (seen.has(p.quote)) continue;
    seen.add(p.quote);
    out.push(p.explanation);
  }
  return out.slice(0, 2);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_SITUATION_CHARS) return flat;
  const cut = flat.slice(0, MAX_SITUATION_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}\u2026`;
}
