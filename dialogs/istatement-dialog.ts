// The I-statement coach (issue 4): take a blaming message, show kindly what would make a partner
// defensive (quoting the words), then build feeling -> behaviour -> need -> request with the
// person, and show the composed statement beside an automatic rewrite of the original.
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialog-kit.js';
import type { TurnContext } from 'botbuilder';
import {
  analyseBehaviour,
  analyseFeeling,
  analyseRequest,
  checkIStatement,
  composeIStatement,
  suggestFeelings,
  type IStatementCheck,
} from '../src/coaching/istatement.js';
import { scoreIStatement } from '../src/coaching/progress.js';
import { DialogIds } from './dialog-ids.js';
import { FlowDialog, type FlowOptions, type FlowResult } from './flow-dialog.js';
import { guidedBuildDialog, type BuildState, type Stage, type StageReview } from './guided-build.js';
import type { MendServices } from './services.js';

const MAIN = 'istatement.main';
const BUILD = 'istatement.build';
const RESULT = 'istatement.result';
const OWN = 'istatement.own';

/** Every reply key this dialog uses, with the placeholders it fills (checked at start-up). */
export const ISTATEMENT_REPLIES = {
  'istatement.ask_original': [],
  'istatement.check_intro': [],
  'istatement.check_clean': [],
  'istatement.build_intro': [],
  'istatement.ask_feeling': [],
  'istatement.ask_feeling_again': [],
  'istatement.faux_feeling': ['faux', 'real'],
  'istatement.no_feeling_word': ['examples'],
  'istatement.ask_behaviour': [],
  'istatement.behaviour_pushback': ['problems'],
  'istatement.ask_need': [],
  'istatement.ask_request': [],
  'istatement.request_pushback': ['problems'],
  'istatement.skip': [],
  'istatement.result_intro': [],
  'istatement.result_title': [],
  'istatement.result_rewrite_heading': [],
  'istatement.result_original_heading': [],
  'istatement.result_footnote': [],
  'istatement.button_own': [],
  'istatement.button_another': [],
  'istatement.what_next': [],
  'istatement.ask_own': [],
  'istatement.own_good_intro': [],
  'istatement.own_issues_intro': [],
  'istatement.own_great': [],
  'istatement.own_rewrite_heading': [],
  'istatement.feedback_line': ['text'],
} as const satisfies Record<string, readonly string[]>;

export interface IStatementDraft {
  original: string;
  feeling?: string;
  behaviour?: string;
  need?: string;
  request?: string;
}

interface MainState {
  original?: string;
}

/** A message that already contains blame is treated as the message to work on, not as a request for help. */
export function looksLikeTheMessage(check: IStatementCheck): boolean {
  return Object.values(check.issues).some(Boolean) || check.is_i_statement;
}

export class IStatementDialog extends FlowDialog {
  constructor(services: MendServices) {
    super(DialogIds.istatement, services);
    this.addDialog(new WaterfallDialog<MainState>(MAIN, [this.askOriginal.bind(this), this.showCheck.bind(this)]));
    this.addDialog(
      guidedBuildDialog<IStatementDraft>(BUILD, {
        stages: () => this.stages,
        ask: (step, text, buttons) => this.ask(step, text, buttons),
        finish: (step, parts) => step.replaceDialog(RESULT, parts),
        maxPushbacks: 2,
      }),
    );
    this.addDialog(new WaterfallDialog<IStatementDraft>(RESULT, [this.showResult.bind(this), this.afterResult.bind(this)]));
    this.addDialog(new WaterfallDialog<IStatementDraft>(OWN, [this.askOwn.bind(this), this.checkOwn.bind(this), this.afterResult.bind(this)]));
    this.initialDialogId = MAIN;
  }

  private async askOriginal(step: WaterfallStepContext<MainState & FlowOptions>): Promise<DialogTurnResult> {
    const text = step.options.text?.trim();
    if (text && looksLikeTheMessage(checkIStatement(text))) return step.next(text);
    return this.ask(step, this.say(step, 'istatement.ask_original'));
  }

  private async showCheck(step: WaterfallStepContext<MainState>): Promise<DialogTurnResult> {
    const original = String(step.result ?? '').trim();
    const check = checkIStatement(original);
    await this.services.practice.record(step.context, 'istatement', scoreIStatement(check.issues), flaggedIssues(check));
    const lines = check.feedback.map((text) => this.say(step, 'istatement.feedback_line', { text }));
    const intro = check.findings.length > 0 ? this.say(step, 'istatement.check_intro') : this.say(step, 'istatement.check_clean');
    await step.context.sendActivity(this.services.voice.message([intro, ...lines, this.say(step, 'istatement.build_intro')].join('\n')));
    const start: BuildState<IStatementDraft> = { stage: 0, attempt: 0, parts: { original } };
    return step.replaceDialog(BUILD, start);
  }

  private readonly stages: readonly Stage<IStatementDraft>[] = [
    {
      id: 'feeling',
      ask: (context, parts, attempt) => ({
        text: this.services.voice.text(context, attempt === 0 ? 'istatement.ask_feeling' : 'istatement.ask_feeling_again'),
        buttons: suggestFeelings(parts.original).slice(0, 5),
      }),
      review: (answer, parts, context) => {
        const feeling = analyseFeeling(answer);
        if (feeling.fauxFeeling && !feeling.isRealFeeling) {
          return {
            ok: false,
            pushback: {
              text: this.services.voice.text(context, 'istatement.faux_feeling', { faux: feeling.fauxFeeling, real: this.services.voice.orList(context, feeling.realFeelings) }),
              buttons: feeling.realFeelings.slice(0, 5),
            },
          };
        }
        if (!feeling.feeling) {
          const examples = suggestFeelings(parts.original).slice(0, 4);
          return { ok: false, pushback: { text: this.services.voice.text(context, 'istatement.no_feeling_word', { examples: this.services.voice.orList(context, examples) }), buttons: examples } };
        }
        return { ok: true };
      },
      accept: (parts, answer) => ({ ...parts, feeling: analyseFeeling(answer).feeling ?? answer }),
    },
    {
      id: 'behaviour',
      ask: (context) => ({ text: this.services.voice.text(context, 'istatement.ask_behaviour') }),
      review: (answer, _parts, context) => this.pushBackOn(analyseBehaviour(answer), context, 'istatement.behaviour_pushback'),
      accept: (parts, answer) => ({ ...parts, behaviour: answer }),
    },
    {
      id: 'need',
      ask: (context) => ({ text: this.services.voice.text(context, 'istatement.ask_need') }),
      accept: (parts, answer) => ({ ...parts, need: answer }),
    },
    {
      id: 'request',
      ask: (context) => ({ text: this.services.voice.text(context, 'istatement.ask_request') }),
      review: (answer, _parts, context) => this.pushBackOn(analyseRequest(answer), context, 'istatement.request_pushback'),
      accept: (parts, answer) => ({ ...parts, request: answer }),
      skipLabel: (context) => this.services.voice.text(context, 'istatement.skip'),
    },
  ];

  private async showResult(step: WaterfallStepContext<IStatementDraft>): Promise<DialogTurnResult> {
    const draft = step.options;
    const statement = composeIStatement({
      feeling: draft.feeling ?? '',
      behaviour: draft.behaviour ?? '',
      need: draft.need ?? '',
      ...(draft.request ? { request: draft.request } : {}),
    });
    const rewrite = checkIStatement(draft.original).rewrite;
    const card = {
      title: this.say(step, 'istatement.result_title'),
      sections: [
        { body: statement },
        { heading: this.say(step, 'istatement.result_rewrite_heading'), body: rewrite, subtle: true },
        { heading: this.say(step, 'istatement.result_original_heading'), body: draft.original, subtle: true },
      ],
      footnote: this.say(step, 'istatement.result_footnote'),
    };
    await step.context.sendActivity(this.services.voice.cardMessage(step.context, this.say(step, 'istatement.result_intro'), card));
    return this.ask(step, this.say(step, 'istatement.what_next'), this.nextButtons(step.context));
  }

  private async afterResult(step: WaterfallStepContext<IStatementDraft>): Promise<DialogTurnResult> {
    const answer = String(step.result ?? '').trim().toLowerCase();
    const { voice } = this.services;
    if (answer === voice.text(step.context, 'istatement.button_own').toLowerCase()) return step.replaceDialog(OWN, step.options);
    if (answer === voice.text(step.context, 'istatement.button_another').toLowerCase()) return step.replaceDialog(MAIN, {});
    const result: FlowResult = answer === '' ? {} : { reroute: String(step.result) };
    return step.endDialog(result);
  }

  private async askOwn(step: WaterfallStepContext<IStatementDraft>): Promise<DialogTurnResult> {
    return this.ask(step, this.say(step, 'istatement.ask_own'));
  }

  private async checkOwn(step: WaterfallStepContext<IStatementDraft>): Promise<DialogTurnResult> {
    const attempt = String(step.result ?? '').trim();
    const check = checkIStatement(attempt);
    await this.services.practice.record(step.context, 'istatement', scoreIStatement(check.issues), flaggedIssues(check));
    const parts: string[] = [];
    if (check.strengths.length > 0) {
      parts.push(this.say(step, 'istatement.own_good_intro'), ...check.strengths.map((text) => this.say(step, 'istatement.feedback_line', { text })));
    }
    if (check.findings.length > 0) {
      parts.push(this.say(step, 'istatement.own_issues_intro'), ...check.feedback.map((text) => this.say(step, 'istatement.feedback_line', { text })));
      parts.push(`${this.say(step, 'istatement.own_rewrite_heading')}:\n> ${check.rewrite}`);
    } else if (check.is_i_statement) {
      parts.push(this.say(step, 'istatement.own_great'));
    }
    await step.context.sendActivity(this.services.voice.message(parts.join('\n')));
    return this.ask(step, this.say(step, 'istatement.what_next'), this.nextButtons(step.context));
  }

  /** A step's analysis as a review: fine, or a pushback that explains each problem found. */
  private pushBackOn(analysis: { ok: boolean; problems: readonly { explanation: string }[] }, context: TurnContext, key: string): StageReview {
    if (analysis.ok) return { ok: true };
    return { ok: false, pushback: { text: this.services.voice.text(context, key, { problems: analysis.problems.map((p) => p.explanation).join(' ') }) } };
  }

  private nextButtons(context: TurnContext): string[] {
    const { voice } = this.services;
    return [voice.text(context, 'istatement.button_own'), voice.text(context, 'istatement.button_another'), voice.text(context, 'core.button_menu')];
  }
}

function flaggedIssues(check: IStatementCheck): string[] {
  return Object.entries(check.issues)
    .filter(([, on]) => on)
    .map(([flag]) => flag);
}
