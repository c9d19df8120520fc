// The first message of a conversation: a returning person is greeted with context (a pending
// check-in, an unfinished flow to continue, their practice so far); a new one with who Mend is.
import type { Activity, TurnContext } from 'botbuilder';
import { summariseProgress } from '../src/coaching/progress.js';
import { suggestionText } from './progress-view.js';
import type { MendServices } from './services.js';

export async function welcomeActivity(context: TurnContext, services: MendServices): Promise<Partial<Activity>> {
  const { voice, practice } = services;
  const menu = voice.menuButtons(context);
  const checkIn = await practice.takeCheckIn(context);
  if (checkIn) {
    return voice.message(voice.text(context, 'triage.checkin_return', { step: voice.text(context, `triage.step_${checkIn.tier}`) }), menu);
  }
  const resume = await practice.resumePoint(context);
  if (resume) {
    const flow = voice.text(context, `core.button_${resume.flow}`);
    return voice.message(voice.text(context, 'progress.welcome_back_resume', { flow }), [voice.text(context, 'progress.button_continue'), ...menu]);
  }
  const history = await practice.history(context);
  if (history.practices.length > 0) {
    const summary = summariseProgress(history, practice.now());
    const text = [voice.text(context, 'progress.welcome_back', { count: summary.total }), suggestionText(context, services, summary)].join('\n\n');
    return voice.message(text, [...menu, voice.text(context, 'progress.button_progress')]);
  }
  return voice.message(voice.text(context, 'core.welcome'), menu);
}
