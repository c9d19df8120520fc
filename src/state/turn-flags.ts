// Per-turn flags shared between the dialogs and the bot without passing state around.
import type { TurnContext } from 'botbuilder';

const FORGOTTEN = Symbol('mend.forgotten');

/** The person asked Mend to forget them this turn: nothing may be written back afterwards. */
export function markForgotten(context: TurnContext): void {
  context.turnState.set(FORGOTTEN, true);
}

export function wasForgotten(context: TurnContext): boolean {
  return context.turnState.get(FORGOTTEN) === true;
}
