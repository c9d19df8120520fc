// The safety screen run on every incoming message before anything else: finds direct, indirect and
// misspelt signs of crisis, keeps hyperbole and negation from triggering the full crisis reply, and
// asks a short safety question (level 'check') when it cannot tell. Also reads the answer to it.
import { normalise } from './safety-normalise.js';
import type { Token } from './safety-phrase.js';
import { defaultSafetyContent, type NegationRules, type SafetyContent, type SafetyQuestion } from './safety-content.js';
import { levelRank, type SafetyCategory, type SafetyLevel, type SafetyResult } from './safety-types.js';

export type { SafetyCategory, SafetyLevel, SafetyResult } from './safety-types.js';
export { SAFETY_CATEGORIES, SAFETY_LEVELS } from './safety-types.js';
export { parseSafetyContent, defaultSafetyContent, type SafetyContent } from './safety-content.js';

/**
 * The order categories are reported in when several are found at the same level: the crisis reply
 * acknowledges the first, so immediate danger comes before what was disclosed about the past.
 */
const PRIORITY: readonly SafetyCategory[] = ['unsafe_now', 'suicide', 'child_at_risk', 'self_harm', 'sexual_assault', 'abuse', 'harm_to_others'];
const ABUSE_CATEGORIES: ReadonlySet<SafetyCategory> = new Set(['abuse', 'sexual_assault']);

interface Hit {
  owner: number;
  start: number;
  end: number;
  skipped: number[];
}

/** Regex cues run per sentence over the normalised words; char offsets map back to token spans. */
function patternHits(tokens: readonly Token[], content: SafetyContent): Hit[] {
  if (content.cuePatterns.length === 0) return [];
  const hits: Hit[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && tokens[j]!.kind !== 'stop') j += 1;
    const starts: number[] = [];
    let text = '';
    for (let k = i; k < j; k += 1) {
      if (k > i) text += ' ';
      starts.push(text.length);
      text += tokens[k]!.surface;
    }
    const tokenAt = (offset: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return i + lo;
    };
    for (const { owner, re } of content.cuePatterns) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0] === '') {
          re.lastIndex += 1;
          continue;
        }
        hits.push({ owner, start: tokenAt(m.index), end: tokenAt(m.index + m[0].length - 1) + 1, skipped: [] });
      }
    }
    i = j + 1;
  }
  return hits;
}

type Negation = 'none' | 'negated' | 'weakened';

/** Where the negation cancellers ("not sure", "can't stop") sit, computed once per message. */
interface Cancels {
  covered: boolean[];
  startsAt: boolean[];
}

function cancelsIn(tokens: readonly Token[], rules: NegationRules): Cancels {
  const covered = new Array<boolean>(tokens.length).fill(false);
  const startsAt = new Array<boolean>(tokens.length).fill(false);
  for (const m of rules.cancel.findAll(tokens)) {
    startsAt[m.start] = true;
    for (let k = m.start; k < m.end; k += 1) covered[k] = true;
  }
  return { covered, startsAt };
}

/**
 * Whether a cue is negated: a negator skipped inside it ("he has never hit me"), or close before it
 * in the same clause with no new subject in between ("I'm not going to hurt myself", but not
 * "I can't tell him I hurt myself"), and no canceller in that clause ("not sure", "can't stop").
 */
function negationOf(tokens: readonly Token[], hit: Hit, rules: NegationRules, cancels: () => Cancels): Negation {
  const isNegator = (k: number): boolean => {
    const t = tokens[k];
    return t !== undefined && t.kind === 'word' && rules.negators.has(t.surface) && !cancels().covered[k];
  };
  let negator = hit.skipped.find(isNegator);
  let clauseStart = hit.start;
  for (let j = hit.start - 1, steps = 0; j >= 0 && steps < rules.window; j -= 1, steps += 1) {
    const t = tokens[j]!;
    if (t.kind !== 'word' || rules.clauseBreaks.has(t.surface)) break;
    clauseStart = j;
    if (negator === undefined && isNegator(j)) negator = j;
    if (rules.subjects.has(t.surface)) {
      // A new subject starts another clause, unless only bridge words stand between it and the
      // negator: "it's not like he hits me", "I'm not saying I want to die".
      let k = j - 1;
      while (k >= 0 && j - k <= 2 && tokens[k]!.kind === 'word' && rules.bridges.has(tokens[k]!.surface)) k -= 1;
      if (k < j - 1 && negator === undefined && isNegator(k)) negator = k;
      break;
    }
  }
  if (negator === undefined) return 'none';
  for (let k = clauseStart; k < hit.start; k += 1) if (cancels().startsAt[k]) return 'none';
  for (let k = hit.end; k < Math.min(tokens.length, hit.end + rules.weakenWindow); k += 1) {
    const t = tokens[k]!;
    if (t.kind !== 'word') break;
    if (rules.weakenAfter.has(t.surface)) return 'weakened';
  }
  return 'negated';
}

interface Span {
  start: number;
  end: number;
}

/** How many pieces of evidence: hits that share words (one phrase matched by two cues) count once. */
function countSeparate(spans: readonly Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let count = 0;
  let end = -1;
  for (const span of sorted) {
    if (span.start >= end) count += 1;
    end = Math.max(end, span.end);
  }
  return count;
}

/**
 * Combos join different kinds of evidence, whose phrases often share a subject ("he is drunk",
 * "he … has a gun"); they are separate when each signal can be given a hit ending on a different
 * word ("screams" is not both a raging partner and a frightened user).
 */
function separateEvidence(ends: readonly ReadonlySet<number>[]): boolean {
  if (ends.some((e) => e.size === 0)) return false;
  // A signal with at least as many distinct ends as there are signals can always be satisfied last.
  const tight = ends.filter((e) => e.size < ends.length);
  const assign = (i: number, used: Set<number>): boolean => {
    const options = tight[i];
    if (!options) return true;
    for (const end of options) {
      if (used.has(end)) continue;
      used.add(end);
      if (assign(i + 1, used)) return true;
      used.delete(end);
    }
    return false;
  };
  return assign(0, new Set());
}

function lower(a: SafetyLevel, b: SafetyLevel): SafetyLevel {
  return levelRank(a) <= levelRank(b) ? a : b;
}

/** For each token, the lowest level a soften rule covering it allows (undefined: none covers it). */
function softenLevels(tokens: readonly Token[], content: SafetyContent): (SafetyLevel | undefined)[] {
  const levels = new Array<SafetyLevel | undefined>(tokens.length).fill(undefined);
  for (const m of content.softenPhrases.findAll(tokens)) {
    const to = content.soften[m.owner]!.to;
    for (let k = m.start; k < m.end; k += 1) {
      const before = levels[k];
      levels[k] = before === undefined ? to : lower(before, to);
    }
  }
  return levels;
}

export function screenMessage(text: string, content: SafetyContent = defaultSafetyContent()): SafetyResult {
  const tokens = normalise(text, content.normaliser);
  const hits: Hit[] = [...content.cuePhrases.findAll(tokens), ...patternHits(tokens, content)];
  if (hits.length === 0) return { level: 'none', categories: [], abuse: false };

  const softened = softenLevels(tokens, content);
  let cancelMarks: Cancels | undefined;
  const cancels = (): Cancels => (cancelMarks ??= cancelsIn(tokens, content.negation));

  const found = new Map<SafetyCategory, SafetyLevel>();
  const note = (categories: readonly SafetyCategory[], level: SafetyLevel): void => {
    if (level === 'none') return;
    for (const category of categories) {
      const before = found.get(category);
      if (!before || levelRank(level) > levelRank(before)) found.set(category, level);
    }
  };
  let level: SafetyLevel = 'none';
  const signalEnds = new Map<string, Set<number>>();
  const checkSpans: Span[] = [];

  for (const hit of hits) {
    const cue = content.cues[hit.owner]!;
    let cueLevel = cue.level;
    if (cue.negatable) {
      const negation = negationOf(tokens, hit, content.negation, cancels);
      if (negation === 'negated') continue;
      if (negation === 'weakened') cueLevel = lower(cueLevel, 'check');
    }
    let hyperbole = false;
    for (let k = hit.start; k < hit.end; k += 1) {
      const to = softened[k];
      if (to === undefined) continue;
      cueLevel = lower(cueLevel, to);
      if (to === 'none') hyperbole = true;
    }
    if (hyperbole) continue;
    if (cue.signal) {
      const ends = signalEnds.get(cue.signal) ?? new Set<number>();
      ends.add(hit.end);
      signalEnds.set(cue.signal, ends);
    }
    if (cueLevel === 'none') continue;
    if (cueLevel === 'check') checkSpans.push(hit);
    if (levelRank(cueLevel) > levelRank(level)) level = cueLevel;
    note(cue.categories, cueLevel);
  }

  for (const combo of content.combos) {
    if (!separateEvidence(combo.signals.map((s) => signalEnds.get(s) ?? new Set<number>()))) continue;
    if (levelRank(combo.level) > levelRank(level)) level = combo.level;
    note(combo.categories, combo.level);
  }

  // Several separate maybes in one message ("I can't do this anymore… I wish I could disappear") add up.
  if (level === 'check' && countSeparate(checkSpans) >= content.checksToCrisis) {
    level = 'crisis';
    for (const [c, l] of found) if (l === 'check') found.set(c, 'crisis');
  }

  // Only a disclosure the screen is sure of is remembered (it steers help away from couples counselling).
  const abuse = [...found].some(([c, l]) => l === 'crisis' && ABUSE_CATEGORIES.has(c));

  const categories = [...found.entries()]
    .sort(([a, la], [b, lb]) => levelRank(lb) - levelRank(la) || PRIORITY.indexOf(a) - PRIORITY.indexOf(b))
    .map(([c]) => c);
  return { level, categories, abuse };
}

/** The short "are you safe right now?" question asked when the screen says 'check'. */
export function safetyQuestion(content: SafetyContent = defaultSafetyContent()): SafetyQuestion {
  return { ...content.question };
}

function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Reads a reply to the safety question. Anything that sounds unsafe wins over anything that sounds
 * safe ("no, I'm not ok"), and a crisis in the reply itself is always 'unsafe'.
 */
export function interpretSafetyAnswer(text: string, content: SafetyContent = defaultSafetyContent()): 'safe' | 'unsafe' | 'unclear' {
  if (sameText(text, content.question.yes)) return 'safe';
  if (sameText(text, content.question.no)) return 'unsafe';
  if (screenMessage(text, content).level === 'crisis') return 'unsafe';
  const tokens = normalise(text, content.normaliser);
  const { answers } = content;
  let cancelMarks: Cancels | undefined;
  const cancels = (): Cancels => (cancelMarks ??= cancelsIn(tokens, content.negation));
  const said = (phrases: typeof answers.safe): boolean =>
    phrases.findAll(tokens).some((m) => negationOf(tokens, m, content.negation, cancels) === 'none');
  // "I'm not in danger" negates an unsafe word; "not safe" is its own unsafe phrase.
  if (said(answers.unsafe)) return 'unsafe';
  if (said(answers.safe)) return 'safe';
  const first = tokens.find((t) => t.kind === 'word')?.surface;
  if (first !== undefined && answers.yes.has(first)) return 'safe';
  if (first !== undefined && answers.no.has(first)) return 'unsafe';
  return 'unclear';
}
