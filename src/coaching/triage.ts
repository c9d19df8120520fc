// Professional-help triage: the questions to ask, how typed answers are read, and which kind of help
// (self-help, couples counselling, individual therapy, urgent) the answers point to, with reasons.
// Pure and deterministic; the rules, wording and directories all live in content/triage.json.
import { defaultTriageContent } from './triage-content.js';
import type { Directory, PracticeFlow, QuestionId, TierText, TriageContent, TriageTier } from './triage-content.js';
import { interpretWith } from './triage-answer.js';
import { abusePathHolds, decide, evaluate, flowsFor, reasonsFor } from './triage-rules.js';

export { defaultTriageContent, parseTriageContent, TRIAGE_TIERS } from './triage-content.js';
export type { Directory, PracticeFlow, QuestionId, TierText, TriageContent, TriageTier } from './triage-content.js';

/** question id -> option value (e.g. { duration: 'over_1_year', both_willing: 'only_me' }); typed text is also accepted. */
export type TriageAnswers = Partial<Record<QuestionId, string>>;

/** Signals remembered from earlier in the conversation (the safety net saw abuse); they force the abuse path. */
export interface TriageFlags {
  abuse?: boolean;
  danger?: boolean;
}

export interface TriageReason {
  rule: string;
  text: string;
}

export interface TriageResult {
  tier: TriageTier;
  reasons: TriageReason[];
  /** true when abuse signals ruled out couples counselling -> individual support + domestic-violence service */
  abusePath: boolean;
  /** for self_help: which Mend practice flows to try */
  suggestedFlows: PracticeFlow[];
  /** what a first session is like, for this tier (the abuse-path version when abusePath is true) */
  firstSession: string;
}

export interface TriageQuestion {
  id: QuestionId;
  prompt: string;
  options: { value: string; label: string }[];
  safety: boolean;
}

/** The questions in asking order, safety screen first. */
export function triageQuestions(content: TriageContent = defaultTriageContent()): TriageQuestion[] {
  return content.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options.map((o) => ({ value: o.value, label: o.label })), safety: q.safety }));
}

/**
 * The option value a free-text answer (or a button's value or label) means, or undefined when it is
 * not understood, so the dialog can ask again. Throws on an unknown question id (a programming error).
 */
export function interpretAnswer(questionId: QuestionId, text: string, content: TriageContent = defaultTriageContent()): string | undefined {
  return interpretWith(content, questionId, text);
}

/** Option values as given; anything else is read as typed text; unknown questions and unreadable text are left out. */
function normaliseAnswers(answers: TriageAnswers, content: TriageContent): Map<string, string> {
  const out = new Map<string, string>();
  for (const q of content.questions) {
    const given = answers[q.id];
    if (given === undefined) continue;
    const value = q.options.some((o) => o.value === given) ? given : interpretWith(content, q.id, given);
    if (value !== undefined) out.set(q.id, value);
  }
  return out;
}

export function triage(answers: TriageAnswers, flags: TriageFlags = {}, content: TriageContent = defaultTriageContent()): TriageResult {
  const given = normaliseAnswers(answers, content);
  const ev = evaluate(given, { danger: flags.danger === true, abuse: flags.abuse === true }, content);
  const decision = decide(ev, given, content);
  const abusePath = abusePathHolds(decision, ev, given);
  const reasons = reasonsFor(decision, ev).map((f) => ({ rule: f.id, text: f.reason ?? '' }));
  if (reasons.length === 0 && decision.fallbackReason !== undefined) reasons.push({ rule: decision.id, text: decision.fallbackReason });
  return {
    tier: decision.tier,
    reasons,
    abusePath,
    suggestedFlows: flowsFor(decision, ev),
    firstSession: tierText({ tier: decision.tier, abusePath }, content).firstSession,
  };
}

/** Title, summary and first-session text to show with a result; abuse-path wording replaces the tier's when it applies. */
export function tierText(result: Pick<TriageResult, 'tier' | 'abusePath'>, content: TriageContent = defaultTriageContent()): TierText {
  const base = content.tiers[result.tier];
  const abuse = result.abusePath ? content.abusePath[result.tier] : undefined;
  return abuse ? { title: base.title, summary: abuse.summary, firstSession: abuse.firstSession } : { ...base };
}

/** "Mend is a practice partner, not a therapist": shown whenever help is recommended. */
export function triageDisclaimer(content: TriageContent = defaultTriageContent()): string {
  return content.disclaimer;
}

/**
 * Professional directories for a country: ISO-ish codes ('US', 'UK', 'IE', 'CA', 'AU', 'NZ'), common
 * aliases ('GB', 'Ireland') or a locale ('en-GB'); anything else gets the international fallback.
 */
export function directoriesFor(country: string, content: TriageContent = defaultTriageContent()): Directory[] {
  const { countries, aliases, fallback } = content.directories;
  const raw = country.trim().toUpperCase().replace(/_/g, '-');
  const candidates = [raw, raw.split('-').pop() ?? raw];
  for (const c of candidates) {
    const code = countries[c] ? c : aliases[c];
    const list = code === undefined ? undefined : countries[code];
    if (list) return list.map((d) => ({ ...d }));
  }
  return fallback.map((d) => ({ ...d }));
}
