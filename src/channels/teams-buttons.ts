// Teams shows suggested actions only partly: at most three, and in group chats and channels a tap
// arrives as plain text with no @mention, which Mend rightly ignores there. So on Teams, buttons
// that would be lost become an Adaptive Card of Action.Submit buttons: the submit carries
// { text: label } (read like typed text by user-input.ts) and, as messageBack, shows the label in
// the chat as the person's answer. Personal chats with three buttons or fewer keep suggested actions.
import { CardFactory, type Activity, type CardAction, type Middleware, type TurnContext } from 'botbuilder';

/** Teams renders this many suggested actions; the rest are dropped silently. */
export const TEAMS_MAX_SUGGESTED_ACTIONS = 3;
/** Adaptive Card version for the buttons, within the 1.5 Teams supports (and what cards.ts uses). */
export const TEAMS_CARD_VERSION = '1.4';

export function buttonsCard(labels: readonly string[]): ReturnType<typeof CardFactory.adaptiveCard> {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: TEAMS_CARD_VERSION,
    body: [],
    actions: labels.map((label) => ({
      type: 'Action.Submit',
      title: label,
      data: { text: label, msteams: { type: 'messageBack', text: label, displayText: label } },
    })),
  });
}

function needsCard(context: TurnContext, actions: readonly CardAction[]): boolean {
  const conversationType = context.activity.conversation?.conversationType;
  const shared = conversationType !== undefined && conversationType !== 'personal';
  return shared || actions.length > TEAMS_MAX_SUGGESTED_ACTIONS;
}

/** Rewrites one outgoing activity for Teams; others pass unchanged. Idempotent. */
export function teamsButtons(context: TurnContext, activity: Partial<Activity>): Partial<Activity> {
  const actions = activity.suggestedActions?.actions ?? [];
  if (context.activity.channelId !== 'msteams' || actions.length === 0 || !needsCard(context, actions)) return activity;
  const labels = actions.map((a) => (typeof a.value === 'string' && a.value !== '' ? a.value : a.title));
  const { suggestedActions: _dropped, ...rest } = activity;
  return { ...rest, attachments: [...(activity.attachments ?? []), buttonsCard(labels)] };
}

export function teamsButtonsMiddleware(): Middleware {
  return {
    onTurn: async (context, next) => {
      context.onSendActivities(async (ctx, activities, send) => {
        activities.forEach((activity, i) => {
          activities[i] = teamsButtons(ctx, activity);
        });
        return send();
      });
      await next();
    },
  };
}
