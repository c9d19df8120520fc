// A guided build: a sequence of free-text stages (feeling, behaviour, need...), each asked, checked
// and, when it slips into a trap, pushed back on once or twice before it is accepted. Both the
// I-statement and the apology flows build this way; the stages are data, the loop is here.
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialog-kit.js';
import type { TurnContext } from 'botbuilder';

export interface StageQuestion {
  text: string;
  buttons?: string[];
}

export type StageReview = { ok: true } | { ok: false; pushback: StageQuestion };

export interface Stage<P> {
  id: string;
  /** What to ask; `attempt` > 0 after a pushback. */
  ask(context: TurnContext, parts: P, attempt: number): StageQuestion;
  /** Checks an answer; a failed review asks again with the pushback (at most `maxPushbacks` times). */
  review?(answer: string, parts: P, context: TurnContext): StageReview;
  accept(parts: P, answer: string): P;
  /** When the person taps this label, the stage is skipped. */
  skipLabel?(context: TurnContext): string;
}

export interface BuildState<P> {
  stage: number;
  attempt: number;
  parts: P;
  /** Set after a failed review: asked instead of the stage's own question. */
  pushback?: StageQuestion;
}

export interface GuidedBuildHost<P> {
  stages(): readonly Stage<P>[];
  ask(step: WaterfallStepContext, text: string, buttons: readonly string[]): Promise<DialogTurnResult>;
  finish(step: WaterfallStepContext, parts: P): Promise<DialogTurnResult>;
  maxPushbacks: number;
}

/** A two-step waterfall (ask, review) that replaces itself to move through the stages. */
export function guidedBuildDialog<P>(id: string, host: GuidedBuildHost<P>): WaterfallDialog<BuildState<P>> {
  return new WaterfallDialog<BuildState<P>>(id, [
    async (step) => {
      const state = step.options as BuildState<P>;
      const stage = host.stages()[state.stage];
      if (!stage) return host.finish(step, state.parts);
      const question = state.pushback ?? stage.ask(step.context, state.parts, state.attempt);
      const buttons = [...(question.buttons ?? [])];
      if (stage.skipLabel) buttons.push(stage.skipLabel(step.context));
      return host.ask(step, question.text, buttons);
    },
    async (step) => {
      const state = step.options as BuildState<P>;
      const stage = host.stages()[state.stage]!;
      const answer = String(step.result ?? '').trim();
      const skip = stage.skipLabel?.(step.context);
      if (skip !== undefined && answer.toLowerCase() === skip.toLowerCase()) {
        return step.replaceDialog(id, { stage: state.stage + 1, attempt: 0, parts: state.parts } satisfies BuildState<P>);
      }
      if (answer === '') return step.replaceDialog(id, { ...state, pushback: undefined });
      const review = stage.review?.(answer, state.parts, step.context) ?? { ok: true };
      if (!review.ok && state.attempt < host.maxPushbacks) {
        return step.replaceDialog(id, { ...state, attempt: state.attempt + 1, pushback: review.pushback } satisfies BuildState<P>);
      }
      return step.replaceDialog(id, { stage: state.stage + 1, attempt: 0, parts: stage.accept(state.parts, answer) } satisfies BuildState<P>);
    },
  ]);
}
