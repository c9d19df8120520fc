// Builds a complete Mend (content, engines, dialogs, state, adapter, bot) from a Config. Used by
// the HTTP server, the terminal chat and the tests, so they all run the same bot.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { DialogState } from '../dialogs/dialog-kit.js';
import type { Config, StorageKind } from './config.js';
import { Replies } from './content/replies.js';
import { hashId, type Logger } from './log.js';
import { matchCommand, defaultCommandsContent } from './nlu/commands.js';
import { countryFromLocale, helplinesFor, statedCountry, defaultHelplinesContent } from './nlu/country.js';
import { clarifyingQuestion, routeMessage, defaultIntentsContent } from './nlu/router.js';
import { interpretSafetyAnswer, safetyQuestion, screenMessage, defaultSafetyContent } from './nlu/safety.js';
import { smallTalkKind, defaultSmallTalkContent } from './nlu/small-talk.js';
import { checkIStatement, defaultIStatementContent } from './coaching/istatement.js';
import { checkApology, defaultApologyContent } from './coaching/apology.js';
import { defaultTriageContent, triage } from './coaching/triage.js';
import { createStorage } from './state/create-storage.js';
import { ETagConversationState, ETagUserState } from './state/etag-state.js';
import { markForgotten } from './state/turn-flags.js';
import type { ETagStore } from './state/etag-store.js';
import { outboundTimeoutOptions, TimedCloudAdapter } from './channels/outbound-timeout.js';
import { cardSubmitAsText } from './channels/card-submit.js';
import { teamsButtonsMiddleware } from './channels/teams-buttons.js';
import { rateLimitMiddleware } from './channels/rate-limit.js';
import { MendBot } from './bot.js';
import type { ConversationProfile } from '../dialogs/conversation-profile.js';
import { MainDialog } from '../dialogs/main-dialog.js';
import { welcomeActivity } from '../dialogs/welcome.js';
import { createFlows } from '../dialogs/create-flows.js';
import type { MendServices, ResumePoint } from '../dialogs/services.js';
import { mergePracticeHistory, recordPractice, type PracticeHistory } from './coaching/progress.js';
import { Voice } from '../dialogs/voice.js';
import { REQUIRED_REPLIES } from '../dialogs/required-replies.js';

export interface MendApp {
  config: Config;
  storage: ETagStore;
  adapter: CloudAdapter;
  bot: MendBot;
  conversationState: ConversationState;
  userState: UserState;
  services: MendServices;
  logger: Logger;
  /** Runs one turn through the bot (what the adapter calls with each TurnContext). */
  runTurn(context: TurnContext): Promise<void>;
}

/** Loads and cross-checks every content file now, so a bad file stops start-up naming the file and key. */
export function loadContent(): Replies {
  const replies = Replies.load();
  replies.requireKeys(REQUIRED_REPLIES);
  defaultCommandsContent();
  defaultSmallTalkContent();
  defaultSafetyContent();
  defaultHelplinesContent();
  defaultIntentsContent();
  defaultIStatementContent();
  defaultApologyContent();
  defaultTriageContent();
  // Buttons send their label as text: each label must be the command it stands for.
  for (const [key, kind] of [['privacy.forget_yes', 'forget_me_confirmed'], ['privacy.forget_no', 'forget_me_cancelled']] as const) {
    if (matchCommand(replies.text(key))?.kind !== kind) {
      throw new Error(`content/replies/privacy.json at "${key.split('.')[1]}": the label must be listed under "${kind}" in content/commands.json`);
    }
  }
  // The safety buttons are read back by the safety screen's answer reader: each must mean what it says.
  const question = safetyQuestion();
  for (const [label, meaning, where] of [
    [replies.text('crisis.button_safe'), 'safe', 'content/replies/crisis.json at "button_safe"'],
    [replies.text('crisis.button_unsafe'), 'unsafe', 'content/replies/crisis.json at "button_unsafe"'],
    [question.yes, 'safe', 'content/safety.json (question yes)'],
    [question.no, 'unsafe', 'content/safety.json (question no)'],
  ] as const) {
    if (interpretSafetyAnswer(label) !== meaning) throw new Error(`${where}: "${label}" must read as "${meaning}" to the safety answer reader`);
  }
  for (const [key, kind] of [['progress.button_progress', 'my_progress'], ['progress.button_continue', 'resume']] as const) {
    if (matchCommand(replies.text(key))?.kind !== kind) {
      throw new Error(`content/replies/progress.json at "${key.split('.')[1]}": the label must be listed under "${kind}" in content/commands.json`);
    }
  }
  // The menu buttons send their label as text: each label must start the flow it names.
  for (const flow of ['istatement', 'apology', 'escalate'] as const) {
    const label = replies.text(`core.button_${flow}`);
    const command = matchCommand(label);
    if (command?.kind !== 'start' || command.flow !== flow) {
      throw new Error(`content/replies/core.json at "button_${flow}": the label "${label}" must be listed under "start:${flow}" in content/commands.json`);
    }
  }
  return replies;
}

/** The collaborators every dialog gets: the real engines over the loaded content. */
export interface MendStates {
  conversationState: ConversationState;
  userState: UserState;
  profile: StatePropertyAccessor<ConversationProfile>;
}

/**
 * The user state after a conflict (MendBot.rebaseUserState): what another writer stored, with
 * each property this turn changed taken from this turn, except the practice history, where the
 * records this turn added are appended to the stored ones.
 */
export function mergeUserChanges(read: Record<string, unknown>, ours: Record<string, unknown>, fresh: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...fresh };
  for (const key of new Set([...Object.keys(read), ...Object.keys(ours)])) {
    if (JSON.stringify(read[key]) === JSON.stringify(ours[key])) continue; // not changed by this turn
    if (key === 'practice') {
      const practice = mergePracticeHistory(read[key] as PracticeHistory | undefined, ours[key] as PracticeHistory | undefined, fresh[key] as PracticeHistory | undefined);
      if (practice === undefined) delete merged[key];
      else merged[key] = practice;
    } else if (ours[key] === undefined) delete merged[key];
    else merged[key] = ours[key];
  }
  return merged;
}

export function createServices(replies: Replies, states: MendStates, defaultCountry: string, storageKind: StorageKind, now: () => Date = () => new Date()): MendServices {
  const { conversationState, userState, profile } = states;
  const practice = userState.createProperty<PracticeHistory>('practice');
  const resume = userState.createProperty<ResumePoint>('resume');
  const checkIn = userState.createProperty<{ tier: string; requestedAt: string }>('checkIn');
  const plain = (state: object): Record<string, unknown> => {
    const { eTag: _eTag, ...rest } = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    return rest;
  };
  return {
    voice: new Voice(replies),
    safety: {
      screen: (text) => screenMessage(text),
      interpretAnswer: (text) => interpretSafetyAnswer(text),
      question: () => safetyQuestion(),
      helplines: (country) => helplinesFor(country),
    },
    route: (text, options) => routeMessage(text, options?.skipSafety ? { screen: () => ({ level: 'none' }) } : {}),
    clarifyingQuestion: () => clarifyingQuestion(),
    command: (text) => matchCommand(text),
    smallTalk: (text) => smallTalkKind(text),
    countryFromLocale,
    statedCountry,
    defaultCountry,
    profile,
    privacy: {
      snapshot: async (context) => ({ conversation: plain(await conversationState.load(context)), user: plain(await userState.load(context)) }),
      forget: async (context) => {
        await Promise.all([conversationState.delete(context), userState.delete(context)]);
        markForgotten(context);
      },
      storageKind,
    },
    practice: {
      now,
      record: async (context, flow, score, issues) => {
        const history = await practice.get(context, { practices: [] });
        await practice.set(context, recordPractice(history, { flow, at: now().toISOString(), score, issues }));
      },
      history: async (context) => (await practice.get(context)) ?? { practices: [] },
      resumePoint: (context) => resume.get(context),
      setResumePoint: async (context, point) => {
        if (point) await resume.set(context, point);
        else if (await resume.get(context)) await resume.delete(context);
      },
      requestCheckIn: (context, tier) => checkIn.set(context, { tier, requestedAt: now().toISOString() }),
      takeCheckIn: async (context) => {
        const pending = await checkIn.get(context);
        if (pending) await checkIn.delete(context);
        return pending;
      },
    },
  };
}

/** Every regular expression reachable from parsed content (rules, lexicons, macros). */
function patternsIn(root: unknown): RegExp[] {
  const found: RegExp[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (value instanceof RegExp) {
      found.push(value);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const children = value instanceof Map || value instanceof Set ? value.values() : Object.values(value);
    for (const child of children) walk(child);
  };
  walk(root);
  return found;
}

/**
 * Compiles the analysers' patterns ahead of the first message. V8 compiles a regular expression on
 * its first match, and the I-statement and apology rules are ~800 large alternations (~1 s of CPU
 * in all), so this runs after listening, in slices of `sliceMs` with the event loop free between
 * them: /healthz and early turns are answered meanwhile (a turn that needs a pattern not yet
 * compiled compiles it itself). Resolves when everything is warm.
 */
export async function warmUpEngines(sliceMs = 10): Promise<void> {
  const sample = 'you never listen to me';
  const tasks: Array<() => unknown> = [];
  for (const content of [defaultSafetyContent(), defaultIStatementContent(), defaultApologyContent()]) {
    for (const re of patternsIn(content)) {
      tasks.push(() => {
        re.lastIndex = 0;
        re.test(sample);
        re.lastIndex = 0;
      });
    }
  }
  tasks.push(
    () => screenMessage(sample),
    () => routeMessage(sample),
    () => checkIStatement(sample),
    () => checkApology(`I'm sorry I shouted at you.`),
    () => triage({}),
  );
  let sliceStarted = performance.now();
  for (const task of tasks) {
    task();
    if (performance.now() - sliceStarted >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}

export async function createMendApp(config: Config, logger: Logger, overrides: { storage?: ETagStore; replies?: Replies; now?: () => Date } = {}): Promise<MendApp> {
  const replies = overrides.replies ?? loadContent();
  const storage = overrides.storage ?? (await createStorage(config));
  const conversationState = new ETagConversationState(storage);
  const userState = new ETagUserState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const profile = conversationState.createProperty<ConversationProfile>('profile');

  const services = createServices(replies, { conversationState, userState, profile }, config.defaultCountry, config.storage, overrides.now);

  const dialog = new MainDialog(services, createFlows(services));
  const { voice } = services;
  const bot = new MendBot({
    conversationState,
    userState,
    dialog,
    dialogState,
    profile,
    voice,
    welcome: (context) => welcomeActivity(context, services),
    maxAttempts: 10,
    onConflict: (attempt, retry) =>
      logger.info({ attempt, retry }, retry === 'rerun' ? 'state changed by another turn; re-running from fresh state' : "the person's state changed elsewhere; merging this turn's changes"),
    rebaseUserState: (context) => userState.rebase(context, mergeUserChanges),
  });

  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.microsoftAppId ?? '',
      MicrosoftAppPassword: config.microsoftAppPassword ?? '',
      MicrosoftAppType: config.microsoftAppType,
      MicrosoftAppTenantId: config.microsoftAppTenantId ?? '',
    },
    undefined,
    undefined,
    undefined,
    outboundTimeoutOptions(config.outboundTimeoutMs),
  );
  const adapter = new TimedCloudAdapter(auth, config.outboundTimeoutMs);
  // Teams: card button presses read as text, and buttons Teams would drop sent as card buttons.
  adapter.use(cardSubmitAsText());
  adapter.use(teamsButtonsMiddleware());
  adapter.use(rateLimitMiddleware({ perConversationPerMinute: config.rateLimitConversationPerMinute, perUserPerMinute: config.rateLimitUserPerMinute }, voice));

  adapter.onTurnError = async (context, error) => {
    const activity = context.activity;
    logger.error(
      {
        err: { name: error.name, message: error.message, stack: error.stack },
        conversation: hashId(`${activity.channelId}|${activity.conversation?.id ?? ''}`),
        activityType: activity.type,
        turnId: activity.id,
      },
      'turn failed',
    );
    try {
      await context.sendActivity(voice.message(replies.text('core.error'), voice.menuButtons(context)));
    } catch (sendError) {
      logger.warn({ err: { message: (sendError as Error).message } }, 'could not tell the user about the failed turn');
    }
    // Clear only this conversation's dialog stack; keep what else it remembers (country, abuse signal).
    try {
      await dialogState.delete(context);
      await conversationState.saveChanges(context, true);
    } catch (stateError) {
      logger.error({ err: { message: (stateError as Error).message } }, 'could not reset dialog state after a failed turn');
    }
  };

  return {
    config,
    storage,
    adapter,
    bot,
    conversationState,
    userState,
    services,
    logger,
    runTurn: (context) => bot.run(context),
  };
}

