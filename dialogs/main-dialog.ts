// The root dialog: every message passes through here first. Order matters:
//   1. safety screen (every message, mid-flow too, card payloads included) -> crisis reply or a safety question
//   2. commands (help, menu, cancel, start over, menu buttons)
//   3. the active flow continues, or the router picks one (below its threshold: a clarifying question)
// The root never ends; flows and the crisis dialog sit on its stack.
import {
  ComponentDialog,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from './dialog-kit.js';
import { wasForgotten } from '../src/state/turn-flags.js';
import { progressMessage } from './progress-view.js';
import { MAX_INPUT_CHARS, readUserInput } from '../src/channels/user-input.js';
import { newConversationProfile, type ConversationProfile } from './conversation-profile.js';
import { CrisisDialog, markDangerThisTurn, type CrisisOptions } from './crisis-dialog.js';
import { DialogIds, FLOW_IDS, isFlowId, type FlowId } from './dialog-ids.js';
import type { FlowOptions, FlowResult } from './flow-dialog.js';
import { SafetyCheckDialog, type SafetyCheckOptions, type SafetyCheckResult } from './safety-check-dialog.js';
import type { MendServices } from './services.js';
import { Voice } from './voice.js';

const WAITING: DialogTurnResult = { status: DialogTurnStatus.waiting };

export class MainDialog extends ComponentDialog {
  constructor(
    private readonly services: MendServices,
    flows: Readonly<Record<FlowId, Dialog>>,
  ) {
    super(DialogIds.main);
    this.addDialog(new CrisisDialog(services));
    this.addDialog(new SafetyCheckDialog(services));
    for (const id of FLOW_IDS) {
      const flow = flows[id];
      if (flow.id !== id) throw new Error(`Flow dialog for "${id}" has id "${flow.id}"`);
      this.addDialog(flow);
    }
  }

  protected override onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.handleTurn(innerDc);
  }

  protected override onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.handleTurn(innerDc);
  }

  private async handleTurn(dc: DialogContext): Promise<DialogTurnResult> {
    const result = await this.handleMessage(dc);
    if (!wasForgotten(dc.context)) await this.rememberWhereWeAre(dc);
    return result;
  }

  /** Keeps the person's unfinished flow (the stack under the root) so a later visit can resume it. */
  private async rememberWhereWeAre(dc: DialogContext): Promise<void> {
    const { practice } = this.services;
    const flow = this.bottomFlow(dc);
    if (!isFlowId(flow)) return practice.setResumePoint(dc.context, undefined);
    // Only the flow itself: a crisis reply or safety question on top is not something to resume into.
    const stack = dc.stack.filter((d) => isFlowId(d.id));
    await practice.setResumePoint(dc.context, { flow, stack: JSON.parse(JSON.stringify(stack)) as DialogInstance[], at: practice.now().toISOString() });
  }

  private async handleMessage(dc: DialogContext): Promise<DialogTurnResult> {
    const { services } = this;
    const { voice } = services;
    const context = dc.context;
    const input = readUserInput(context.activity);
    const profile = await services.profile.get(context, newConversationProfile());
    profile.turns += 1;
    Voice.setVariant(context, profile.turns);
    await this.noteCountry(dc, profile, input.text);
    if (input.truncated) await voice.say(context, 'core.too_long', { limit: MAX_INPUT_CHARS });

    // 1. Safety first, on everything the person sent.
    const active = dc.activeDialog?.id;
    // A crisis reply can sit on top of a flow or inside one (the triage screen hands over to it).
    const chain = activeChain(dc);
    const inCrisis = chain.includes(DialogIds.crisis);
    const flowPaused = isFlowId(this.bottomFlow(dc));
    const safety = services.safety.screen(input.screenText);
    if (safety.abuse) profile.abuseSeen = true;
    if (safety.level === 'crisis') {
      const options: CrisisOptions = { categories: safety.categories, flowPaused };
      if (active === DialogIds.safetyCheck && !inCrisis) return this.replaceTop(dc, DialogIds.crisis, options);
      if (!inCrisis) return this.beginOnTop(dc, DialogIds.crisis, options);
      // Already in the crisis reply: it reads this message, knowing it carried a new danger signal.
      markDangerThisTurn(context);
    }
    if (safety.level === 'check' && !inCrisis && !chain.includes(DialogIds.safetyCheck)) {
      const options: SafetyCheckOptions = { categories: safety.categories, flowPaused, pendingText: input.text };
      return this.beginOnTop(dc, DialogIds.safetyCheck, options);
    }

    // 2. Commands work everywhere.
    const command = services.command(input.text);
    if (command) {
      switch (command.kind) {
        case 'help':
          await voice.say(context, active ? 'core.help_in_flow' : 'core.help');
          if (active) await dc.repromptDialog();
          else await this.showMenu(dc, 'core.menu');
          return WAITING;
        case 'menu':
          await dc.cancelAllDialogs();
          await this.showMenu(dc, 'core.menu');
          return WAITING;
        case 'cancel':
          if (!active) {
            await this.showMenu(dc, 'core.nothing_to_cancel');
            return WAITING;
          }
          await dc.cancelAllDialogs();
          await voice.say(context, 'core.cancelled');
          await this.showMenu(dc, 'core.menu');
          return WAITING;
        case 'start_over': {
          const restart = this.bottomFlow(dc);
          await dc.cancelAllDialogs();
          await voice.say(context, 'core.start_over');
          if (isFlowId(restart)) return this.startFlow(dc, restart, {});
          await this.showMenu(dc, 'core.menu');
          return WAITING;
        }
        case 'start':
          await dc.cancelAllDialogs();
          return this.startFlow(dc, command.flow, {});
        case 'my_data':
          await this.showStoredData(dc);
          if (active) await dc.repromptDialog();
          return WAITING;
        case 'forget_me':
          await dc.context.sendActivity(voice.message(voice.text(context, 'privacy.forget_confirm'), [voice.text(context, 'privacy.forget_yes'), voice.text(context, 'privacy.forget_no')]));
          return WAITING;
        case 'forget_me_confirmed':
          await dc.cancelAllDialogs();
          await services.privacy.forget(context);
          await voice.say(context, 'privacy.forgotten');
          return WAITING;
        case 'my_progress':
          await context.sendActivity(await progressMessage(context, services));
          if (active) await dc.repromptDialog();
          return WAITING;
        case 'resume':
          return this.resume(dc);
        case 'forget_me_cancelled':
          await voice.say(context, 'privacy.kept');
          if (active) await dc.repromptDialog();
          return WAITING;
      }
    }

    // 3. The active flow (or crisis / safety question) gets the message.
    if (active) {
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.complete) return this.afterDialog(dc, result.result);
      return WAITING;
    }
    if (input.text === '') {
      await this.showMenu(dc, 'core.empty_message');
      return WAITING;
    }
    // The screen above read exactly this text when no card payload came with it (the screen is a
    // pure function of the text, so the router's own pass would say the same); otherwise the
    // router screens the text on its own as well.
    return this.routeText(dc, input.text, input.screenText === input.text);
  }

  /** Routes free text to a flow; below the router's threshold, asks which flow was meant. */
  private async routeText(dc: DialogContext, text: string, alreadyScreened: boolean): Promise<DialogTurnResult> {
    const { services } = this;
    const routed = services.route(text, { skipSafety: alreadyScreened });
    if (routed.route === 'crisis') {
      // The screen already ran this turn; the router only says crisis for the same signals.
      return this.beginOnTop(dc, DialogIds.crisis, { categories: [], flowPaused: false } satisfies CrisisOptions);
    }
    if (routed.route === 'other') {
      const kind = services.smallTalk(text);
      const key = kind ? `core.${kind}` : 'core.other';
      await services.voice.say(dc.context, key);
      if (kind !== 'goodbye') await this.showMenu(dc, 'core.menu');
      return WAITING;
    }
    if (!routed.confident) {
      const question = services.clarifyingQuestion();
      await dc.context.sendActivity(services.voice.message(question.text, question.buttons.map((b) => b.label)));
      return WAITING;
    }
    return this.startFlow(dc, routed.route, { text });
  }

  private async afterDialog(dc: DialogContext, result: unknown): Promise<DialogTurnResult> {
    const pending = (result as Partial<SafetyCheckResult> | undefined)?.pendingText;
    if (typeof pending === 'string' && pending !== '') return this.routeText(dc, pending, true);
    const reroute = (result as FlowResult | undefined)?.reroute;
    if (typeof reroute === 'string' && reroute !== '') return this.routeText(dc, reroute, false);
    if ((result as { safe?: boolean } | undefined)?.safe) return WAITING; // the crisis dialog already offered the menu
    const { voice } = this.services;
    await dc.context.sendActivity(voice.message(voice.text(dc.context, 'core.flow_done'), [...voice.menuButtons(dc.context), voice.text(dc.context, 'progress.button_progress')]));
    return WAITING;
  }

  private async startFlow(dc: DialogContext, flow: FlowId, options: FlowOptions): Promise<DialogTurnResult> {
    const result = await dc.beginDialog(flow, options);
    if (result.status === DialogTurnStatus.complete) return this.afterDialog(dc, result.result);
    return WAITING;
  }

  /** Begins a dialog on top of the stack (a paused flow stays underneath) and keeps the root alive. */
  private async beginOnTop(dc: DialogContext, id: string, options: object): Promise<DialogTurnResult> {
    const result = await dc.beginDialog(id, options);
    if (result.status === DialogTurnStatus.complete) return this.afterDialog(dc, result.result);
    return WAITING;
  }

  /** Puts the person back where they left a flow (possibly in an earlier conversation) and re-asks its question. */
  private async resume(dc: DialogContext): Promise<DialogTurnResult> {
    const { voice, practice } = this.services;
    if (dc.activeDialog) {
      await dc.repromptDialog();
      return WAITING;
    }
    const point = await practice.resumePoint(dc.context);
    if (!point || point.stack.length === 0) {
      await this.showMenu(dc, 'progress.nothing_to_resume');
      return WAITING;
    }
    dc.stack.splice(0, dc.stack.length, ...(JSON.parse(JSON.stringify(point.stack)) as DialogInstance[]));
    await voice.say(dc.context, 'progress.resumed');
    await dc.repromptDialog();
    return WAITING;
  }

  /** "What do you know about me?": a readable summary, then the full data exactly as stored. */
  private async showStoredData(dc: DialogContext): Promise<void> {
    const { voice, privacy } = this.services;
    const context = dc.context;
    const data = await privacy.snapshot(context);
    const profile = (data.conversation['profile'] ?? newConversationProfile()) as ConversationProfile;
    const lines = [voice.text(context, 'privacy.summary_intro')];
    if (profile.country) lines.push(voice.text(context, 'privacy.summary_country', { country: this.services.safety.helplines(profile.country).countryName }));
    else lines.push(voice.text(context, 'privacy.summary_no_country', { country: this.services.safety.helplines(this.services.defaultCountry).countryName }));
    if (profile.abuseSeen) lines.push(voice.text(context, 'privacy.summary_abuse'));
    const flow = this.bottomFlow(dc);
    if (isFlowId(flow)) lines.push(voice.text(context, 'privacy.summary_flow', { flow: voice.text(context, `core.button_${flow}`) }));
    lines.push(voice.text(context, 'privacy.summary_turns', { turns: profile.turns }));
    const practices = (data.user['practice'] as { practices?: unknown[] } | undefined)?.practices?.length ?? 0;
    const resumeFlow = (data.user['resume'] as { flow?: string } | undefined)?.flow;
    if (practices > 0) lines.push(voice.text(context, 'privacy.summary_user', { count: practices }));
    if (isFlowId(resumeFlow)) lines.push(voice.text(context, 'privacy.summary_resume', { flow: voice.text(context, `core.button_${resumeFlow}`) }));
    if (data.user['checkIn']) lines.push(voice.text(context, 'privacy.summary_checkin'));
    if (practices === 0 && !resumeFlow && !data.user['checkIn']) lines.push(voice.text(context, 'privacy.summary_no_user'));
    lines.push(voice.text(context, 'privacy.summary_where', { where: voice.text(context, `privacy.where_${this.services.privacy.storageKind}`) }));
    await context.sendActivity(voice.message(lines.join('\n')));
    const json = JSON.stringify(data, null, 2);
    const download = { contentType: 'application/json', name: 'mend-data.json', contentUrl: `data:application/json;base64,${Buffer.from(json, 'utf8').toString('base64')}` };
    await context.sendActivity(voice.message(`${voice.text(context, 'privacy.full_data_intro')}\n\n\`\`\`json\n${json}\n\`\`\``, [], [download]));
  }

  /** Replaces the dialog on top (crisis or safety question) without resuming the flow beneath. */
  private async replaceTop(dc: DialogContext, id: string, options: object): Promise<DialogTurnResult> {
    const result = await dc.replaceDialog(id, options);
    if (result.status === DialogTurnStatus.complete) return this.afterDialog(dc, result.result);
    return WAITING;
  }

  private async showMenu(dc: DialogContext, key: string): Promise<void> {
    const { voice } = this.services;
    await dc.context.sendActivity(voice.message(voice.text(dc.context, key), voice.menuButtons(dc.context)));
  }

  /** The flow at the bottom of the stack, if any (the crisis dialog may sit on top of it). */
  private bottomFlow(dc: DialogContext): string | undefined {
    return dc.stack[0]?.id;
  }

  /** A stated country ("I'm in Canada") wins over the locale; either sticks for the conversation. */
  private async noteCountry(dc: DialogContext, profile: ConversationProfile, text: string): Promise<void> {
    const { services } = this;
    const stated = text === '' ? undefined : services.statedCountry(text);
    if (stated && stated !== profile.country) {
      profile.country = stated;
      profile.countrySource = 'stated';
      const name = services.safety.helplines(stated).countryName;
      await services.voice.say(dc.context, 'core.country_noted', { country: name });
      return;
    }
    if (profile.countrySource !== 'stated') {
      const fromLocale = services.countryFromLocale(dc.context.activity.locale);
      if (fromLocale) {
        profile.country = fromLocale;
        profile.countrySource = 'locale';
      }
    }
  }
}

/** Ids of the active dialogs from the root's child down to the innermost. */
function activeChain(dc: DialogContext): string[] {
  const ids: string[] = [];
  for (let d: DialogContext | undefined = dc; d?.activeDialog; d = d.child) ids.push(d.activeDialog.id);
  return ids;
}
