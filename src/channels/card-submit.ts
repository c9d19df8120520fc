// An Adaptive Card button press (Action.Submit) arrives as a message with the card's data in
// `value` and, in Teams, no text. Mend's flows read text (their prompts look at activity.text),
// so a submit whose data carries { text } is turned into that text before anything else runs:
// a button press then continues a flow exactly like typing its label.
import { ActivityTypes, type Middleware } from 'botbuilder';

export function cardSubmitAsText(): Middleware {
  return {
    onTurn: async (context, next) => {
      const { activity } = context;
      const value: unknown = activity.value;
      const typed = typeof activity.text === 'string' ? activity.text.trim() : '';
      if (activity.type === ActivityTypes.Message && typed === '' && typeof value === 'object' && value !== null) {
        const text = (value as Record<string, unknown>)['text'];
        if (typeof text === 'string' && text.trim() !== '') activity.text = text;
      }
      await next();
    },
  };
}
