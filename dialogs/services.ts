// The small set of collaborators every dialog receives (built once in the composition root and
// swapped in tests), so no dialog reaches for globals.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogInstance } from './dialog-kit.js';
import type { PracticeFlow, PracticeHistory } from '../src/coaching/progress.js';
import type { FlowId } from './dialog-ids.js';
import type { Command } from '../src/nlu/commands.js';
import type { RouteResult } from '../src/nlu/router.js';
import type { SafetyResult } from '../src/nlu/safety.js';
import type { CountryHelplines } from '../src/nlu/country.js';
import type { SmallTalk } from '../src/nlu/small-talk.js';
import type { ConversationProfile } from './conversation-profile.js';
import type { Voice } from './voice.js';
import type { StorageKind } from '../src/config.js';

export interface SafetyServices {
  screen(text: string): SafetyResult;
  interpretAnswer(text: string): 'safe' | 'unsafe' | 'unclear';
  /** The short "are you safe?" question with its two button labels (content/safety.json). */
  question(): { text: string; yes: string; no: string };
  helplines(country: string | undefined): CountryHelplines;
}

export interface StoredData {
  conversation: Record<string, unknown>;
  user: Record<string, unknown>;
}

export interface PrivacyServices {
  /** Everything stored for this person and conversation, as stored (eTags removed). */
  snapshot(context: TurnContext): Promise<StoredData>;
  /** Deletes the person's user state and this conversation's state; nothing is written back this turn. */
  forget(context: TurnContext): Promise<void>;
  storageKind: StorageKind;
}

export interface ResumePoint {
  flow: FlowId;
  /** The root's dialog stack when the person left (the flow and what it had asked). */
  stack: DialogInstance[];
  at: string;
}

export interface PracticeServices {
  now(): Date;
  /** Adds one practice (a checked draft) to the person's history. */
  record(context: TurnContext, flow: PracticeFlow, score: number, issues: string[]): Promise<void>;
  history(context: TurnContext): Promise<PracticeHistory>;
  resumePoint(context: TurnContext): Promise<ResumePoint | undefined>;
  setResumePoint(context: TurnContext, point: ResumePoint | undefined): Promise<void>;
  /** The triage flow's "check in with me later": remembered per person, asked about on their next visit. */
  requestCheckIn(context: TurnContext, tier: string): Promise<void>;
  /** The pending check-in, if any, cleared as it is read. */
  takeCheckIn(context: TurnContext): Promise<{ tier: string; requestedAt: string } | undefined>;
}

export interface MendServices {
  voice: Voice;
  safety: SafetyServices;
  route(text: string, options?: { skipSafety?: boolean }): RouteResult;
  clarifyingQuestion(): { text: string; buttons: { route: 'istatement' | 'apology' | 'escalate'; label: string }[] };
  command(text: string): Command | undefined;
  smallTalk(text: string): SmallTalk | undefined;
  countryFromLocale(locale: string | undefined): string | undefined;
  statedCountry(text: string): string | undefined;
  defaultCountry: string;
  profile: StatePropertyAccessor<ConversationProfile>;
  privacy: PrivacyServices;
  practice: PracticeServices;
}
