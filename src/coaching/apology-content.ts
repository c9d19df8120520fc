// Types and start-up validation for content/apology.json: cue patterns per component and pitfall,
// score weights, feedback wording, composition frames and step pushback. Cross-checks every reference.
import { ContentError, readContentJson } from '../content/files.js';
import { list, num, obj, record, regex, str, strList } from '../content/check.js';
import type { Obj } from '../content/check.js';
import { APOLOGY_COMPONENTS, APOLOGY_KINDS, APOLOGY_PITFALLS, APOLOGY_STEPS, isApologyComponent, isApologyKind, isApologyPitfall } from './apology-kinds.js';
import type { ApologyComponent, ApologyKind, ApologyParts, ApologyPitfall, ApologyStep } from './apology-kinds.js';

export interface Rewrite {
  find: RegExp;
  replace: string;
}

export interface CueGroup {
  /** Matched against one normalised sentence; the first match not preceded by a negator counts. */
  patterns: RegExp[];
  /** If any of these matches the sentence, this group is ignored there. */
  unless: RegExp[];
  /** Only counts in a sentence right after one where this kind was found ("I'm sorry. But ..."). */
  afterKind?: ApologyKind;
  /** Overrides the kind's explanation for findings from this group ({quote}). */
  explanation?: string;
  /** Overrides feedback.firstFix for the kind when this group is the one that fired. */
  fix?: string;
}

export interface CueSet {
  /** Finding text with {quote}: why it matters (components) or why it hurts the apology (pitfalls). */
  explanation: string;
  unless: RegExp[];
  /** Kinds that cancel this one within the same sentence (an explanation that is also an excuse is an excuse). */
  suppressedBy: ApologyKind[];
  groups: CueGroup[];
}

export interface SpellingRules {
  minLength: number;
  maxDistance: number;
  longWordLength: number;
  longMaxDistance: number;
  words: string[];
  wordSet: ReadonlySet<string>;
  keep: ReadonlySet<string>;
}

export interface NormaliseRules {
  replacements: Rewrite[];
  words: ReadonlyMap<string, string>;
  spelling: SpellingRules;
  phrases: Rewrite[];
}

export interface NegationRules {
  negators: ReadonlySet<string>;
  clauseBreaks: ReadonlySet<string>;
  window: number;
}

export interface ComposeFrame {
  when: RegExp;
  template: string;
}

export type ComposePartName = keyof ApologyParts;

export interface ComposePart {
  frames: ComposeFrame[];
  /** The component the rendered sentence must show on the checker; otherwise the fallback is used. */
  needs?: ApologyComponent;
  fallback?: string;
}

export interface ComposeRules {
  tidy: Rewrite[];
  strip: RegExp[];
  lowercaseStarters: ReadonlySet<string>;
  ignoreWords: ReadonlySet<string>;
  overlap: number;
  regretOnly: string;
  ownershipEcho: string;
  defaultForgiveness?: string;
  parts: Record<ComposePartName, ComposePart>;
}

export interface VagueRule {
  patterns: RegExp[];
  /** Any of these (a time, a trigger, a concrete object) makes it specific. */
  specific: RegExp[];
  /** Words that add nothing checkable ("I promise", "really"); the rest count towards minExtraWords. */
  filler: ReadonlySet<string>;
  minExtraWords: number;
  advice: string;
}

export interface StepExtra {
  kind: ApologyKind;
  group: CueGroup & { explanation: string };
}

export interface StepRules {
  pitfalls: ApologyPitfall[];
  extra: StepExtra[];
  firstPerson?: string;
  vague?: VagueRule;
  advice: { default: string } & Partial<Record<ApologyKind, string>>;
}

export interface FeedbackRules {
  /** Sorted by min, highest first. */
  openings: { min: number; text: string }[];
  missing: Record<ApologyComponent, string>;
  /** Short names for components, used when several are missing and listed in one sentence. */
  labels: Record<ApologyComponent, string>;
  missingSummary: string;
  listAnd: string;
  /** Up to this many missing components get their own sentence; more are summarised in one. */
  maxMissingDetail: number;
  vagueChange: string;
  firstFix: Record<ApologyKind, string>;
  fixOrder: ApologyKind[];
  firstFixLead: string;
  allGood: string;
}

export interface ApologyContent {
  normalise: NormaliseRules;
  negation: NegationRules;
  cues: Record<ApologyKind, CueSet>;
  score: { weights: Record<ApologyComponent, number>; penalties: Record<ApologyPitfall, number> };
  feedback: FeedbackRules;
  quote: { maxLength: number };
  compose: ComposeRules;
  steps: Record<ApologyStep, StepRules>;
  deliveryTips: string[];
}

const PART_NAMES: readonly ComposePartName[] = ['whatHappened', 'ownership', 'impact', 'explanation', 'repair', 'change', 'forgiveness'];
const TEMPLATE_SLOTS = new Set(['text', 'Text', 'base']);

/** Validates raw apology content and compiles its patterns; throws ContentError naming file and key. */
export function parseApologyContent(raw: unknown, file = 'apology.json'): ApologyContent {
  const root = obj(file, '', raw);
  const macros = record(file, 'macros', root['macros'] ?? {}, (v, k) => str(file, k, v));
  const pattern = (key: string, value: unknown, flags: string): RegExp => regex(file, key, expandMacros(file, key, str(file, key, value), macros), flags);
  const patterns = (key: string, value: unknown, flags: string, minLength = 1): RegExp[] =>
    strList(file, key, value, { minLength }).map((p, i) => pattern(`${key}[${i}]`, p, flags));
  const optionalPatterns = (key: string, value: unknown, flags: string): RegExp[] => (value === undefined ? [] : patterns(key, value, flags, 0));

  const kindOf = (key: string, value: unknown): ApologyKind => {
    const s = str(file, key, value);
    if (!isApologyKind(s)) throw new ContentError(file, key, `"${s}" is not one of ${APOLOGY_KINDS.join(', ')}`);
    return s;
  };
  const withQuote = (key: string, value: unknown): string => {
    const s = str(file, key, value);
    if (!s.includes('{quote}')) throw new ContentError(file, key, 'must contain the {quote} placeholder');
    return s;
  };

  const parseGroup = (value: unknown, key: string): CueGroup => {
    const g = obj(file, key, value);
    const group: CueGroup = { patterns: patterns(`${key}.patterns`, g['patterns'], 'giu'), unless: optionalPatterns(`${key}.unless`, g['unless'], 'iu') };
    if (g['afterKind'] !== undefined) group.afterKind = kindOf(`${key}.afterKind`, g['afterKind']);
    if (g['explanation'] !== undefined) group.explanation = withQuote(`${key}.explanation`, g['explanation']);
    if (g['fix'] !== undefined) group.fix = str(file, `${key}.fix`, g['fix']);
    return group;
  };

  // normalise
  const n = obj(file, 'normalise', root['normalise']);
  const rewrites = (key: string, value: unknown, flags: string): Rewrite[] =>
    list(file, key, value, (item, k) => {
      const o = obj(file, k, item);
      return { find: pattern(`${k}.find`, o['find'], flags), replace: str(file, `${k}.replace`, o['replace'], { allowEmpty: true }) };
    });
  const words = new Map(Object.entries(record(file, 'normalise.words', n['words'], (v, k) => str(file, k, v))));
  const sp = obj(file, 'normalise.spelling', n['spelling']);
  const spellingWords = strList(file, 'normalise.spelling.words', sp['words']).map((w) => w.toLowerCase());
  const spelling: SpellingRules = {
    minLength: num(file, 'normalise.spelling.minLength', sp['minLength'], 3, 30),
    maxDistance: num(file, 'normalise.spelling.maxDistance', sp['maxDistance'], 0, 3),
    longWordLength: num(file, 'normalise.spelling.longWordLength', sp['longWordLength'], 3, 40),
    longMaxDistance: num(file, 'normalise.spelling.longMaxDistance', sp['longMaxDistance'], 0, 4),
    words: spellingWords,
    wordSet: new Set(spellingWords),
    keep: new Set(strList(file, 'normalise.spelling.keep', sp['keep'], { minLength: 0 }).map((w) => w.toLowerCase())),
  };
  const normalise: NormaliseRules = {
    replacements: rewrites('normalise.replacements', n['replacements'], 'giu'),
    words,
    spelling,
    phrases: rewrites('normalise.phrases', n['phrases'], 'giu'),
  };

  const ng = obj(file, 'negation', root['negation']);
  const negation: NegationRules = {
    negators: new Set(strList(file, 'negation.negators', ng['negators'])),
    clauseBreaks: new Set(strList(file, 'negation.clauseBreaks', ng['clauseBreaks'])),
    window: num(file, 'negation.window', ng['window'], 0, 10),
  };

  // cues: exactly one set per kind
  const c = obj(file, 'cues', root['cues']);
  for (const key of Object.keys(c)) if (!isApologyKind(key)) throw new ContentError(file, `cues.${key}`, `is not one of ${APOLOGY_KINDS.join(', ')}`);
  const cues = {} as Record<ApologyKind, CueSet>;
  for (const kind of APOLOGY_KINDS) {
    const key = `cues.${kind}`;
    const set = obj(file, key, c[kind]);
    cues[kind] = {
      explanation: withQuote(`${key}.explanation`, set['explanation']),
      unless: optionalPatterns(`${key}.unless`, set['unless'], 'iu'),
      suppressedBy: set['suppressedBy'] === undefined ? [] : strList(file, `${key}.suppressedBy`, set['suppressedBy']).map((s, i) => kindOf(`${key}.suppressedBy[${i}]`, s)),
      groups: list(file, `${key}.groups`, set['groups'], parseGroup),
    };
  }
  for (const kind of APOLOGY_KINDS) {
    cues[kind].groups.forEach((g, i) => {
      if (g.afterKind === undefined) return;
      if (g.afterKind === kind || cues[g.afterKind].groups.some((other) => other.afterKind !== undefined)) {
        throw new ContentError(file, `cues.${kind}.groups[${i}].afterKind`, 'must name a different kind whose own groups do not use afterKind');
      }
    });
  }

  const score = parseScore(file, obj(file, 'score', root['score']));
  const feedback = parseFeedback(file, obj(file, 'feedback', root['feedback']), kindOf, withQuote);
  const q = obj(file, 'quote', root['quote']);
  const quote = { maxLength: num(file, 'quote.maxLength', q['maxLength'], 20, 1000) };

  // compose
  const cp = obj(file, 'compose', root['compose']);
  const template = (key: string, value: unknown): string => {
    const s = str(file, key, value);
    for (const m of s.matchAll(/\{(\w+)\}/g)) {
      if (!TEMPLATE_SLOTS.has(m[1] ?? '')) throw new ContentError(file, key, `uses unknown placeholder {${m[1] ?? ''}} (use {text}, {Text} or {base})`);
    }
    return s;
  };
  const partsObj = obj(file, 'compose.parts', cp['parts']);
  const parts = {} as Record<ComposePartName, ComposePart>;
  for (const name of PART_NAMES) {
    const key = `compose.parts.${name}`;
    const p = obj(file, key, partsObj[name]);
    const part: ComposePart = {
      frames: list(file, `${key}.frames`, p['frames'], (item, k) => {
        const f = obj(file, k, item);
        return { when: pattern(`${k}.when`, f['when'], 'iu'), template: template(`${k}.template`, f['template']) };
      }),
    };
    if (p['needs'] !== undefined) {
      const needs = str(file, `${key}.needs`, p['needs']);
      if (!isApologyComponent(needs)) throw new ContentError(file, `${key}.needs`, `"${needs}" is not one of ${APOLOGY_COMPONENTS.join(', ')}`);
      part.needs = needs;
      part.fallback = template(`${key}.fallback`, p['fallback']);
    }
    parts[name] = part;
  }
  const compose: ComposeRules = {
    tidy: rewrites('compose.tidy', cp['tidy'], 'gu'),
    strip: patterns('compose.strip', cp['strip'], 'iu'),
    lowercaseStarters: new Set(strList(file, 'compose.lowercaseStarters', cp['lowercaseStarters']).map((w) => w.toLowerCase())),
    ignoreWords: new Set(strList(file, 'compose.ignoreWords', cp['ignoreWords']).map((w) => w.toLowerCase())),
    overlap: num(file, 'compose.overlap', cp['overlap'], 0, 1),
    regretOnly: str(file, 'compose.regretOnly', cp['regretOnly']),
    ownershipEcho: str(file, 'compose.ownershipEcho', cp['ownershipEcho']),
    parts,
  };
  if (cp['defaultForgiveness'] !== undefined) compose.defaultForgiveness = str(file, 'compose.defaultForgiveness', cp['defaultForgiveness']);

  // steps
  const st = obj(file, 'steps', root['steps']);
  const steps = {} as Record<ApologyStep, StepRules>;
  for (const step of APOLOGY_STEPS) {
    const key = `steps.${step}`;
    const s = obj(file, key, st[step]);
    const pitfalls = strList(file, `${key}.pitfalls`, s['pitfalls'], { minLength: 0 }).map((p, i) => {
      if (!isApologyPitfall(p)) throw new ContentError(file, `${key}.pitfalls[${i}]`, `"${p}" is not one of ${APOLOGY_PITFALLS.join(', ')}`);
      return p;
    });
    const extra = s['extra'] === undefined ? [] : list(file, `${key}.extra`, s['extra'], (item, k) => {
      const e = obj(file, k, item);
      const group = parseGroup({ patterns: e['patterns'], unless: e['unless'] }, k);
      return { kind: kindOf(`${k}.kind`, e['kind']), group: { ...group, explanation: withQuote(`${k}.explanation`, e['explanation']) } };
    });
    const adv = obj(file, `${key}.advice`, s['advice']);
    const advice = { default: str(file, `${key}.advice.default`, adv['default']) } as StepRules['advice'];
    for (const [k, v] of Object.entries(adv)) {
      if (k === 'default') continue;
      advice[kindOf(`${key}.advice (key)`, k)] = str(file, `${key}.advice.${k}`, v);
    }
    const rules: StepRules = { pitfalls, extra, advice };
    if (s['firstPerson'] !== undefined) rules.firstPerson = withQuote(`${key}.firstPerson`, s['firstPerson']);
    if (s['vague'] !== undefined) {
      const v = obj(file, `${key}.vague`, s['vague']);
      rules.vague = {
        patterns: patterns(`${key}.vague.patterns`, v['patterns'], 'iu'),
        specific: patterns(`${key}.vague.specific`, v['specific'], 'iu'),
        filler: new Set(strList(file, `${key}.vague.filler`, v['filler'], { minLength: 0 })),
        minExtraWords: num(file, `${key}.vague.minExtraWords`, v['minExtraWords'], 0, 50),
        advice: str(file, `${key}.vague.advice`, v['advice']),
      };
    }
    steps[step] = rules;
  }
  if (steps.change.vague === undefined) throw new ContentError(file, 'steps.change.vague', 'is required (vague promises to change get advice)');

  return {
    normalise,
    negation,
    cues,
    score,
    feedback,
    quote,
    compose,
    steps,
    deliveryTips: strList(file, 'deliveryTips', root['deliveryTips']),
  };
}

function parseScore(file: string, s: Obj): ApologyContent['score'] {
  const w = obj(file, 'score.weights', s['weights']);
  const weights = {} as Record<ApologyComponent, number>;
  for (const k of APOLOGY_COMPONENTS) weights[k] = num(file, `score.weights.${k}`, w[k], 1, 100);
  const total = APOLOGY_COMPONENTS.reduce((sum, k) => sum + weights[k], 0);
  if (total !== 100) throw new ContentError(file, 'score.weights', `must add up to 100 (a complete apology scores 100), not ${total}`);
  // Lewicki et al. (2016): responsibility counted most, repair second, the forgiveness request least.
  const middle = [weights.regret, weights.explanation, weights.change];
  if (!(weights.responsibility > weights.repair && weights.repair > Math.max(...middle) && Math.min(...middle) > weights.forgiveness_request)) {
    throw new ContentError(file, 'score.weights', 'must rank responsibility > repair > regret/explanation/change > forgiveness_request');
  }
  const p = obj(file, 'score.penalties', s['penalties']);
  const penalties = {} as Record<ApologyPitfall, number>;
  for (const k of APOLOGY_PITFALLS) penalties[k] = num(file, `score.penalties.${k}`, p[k], 1, 100);
  return { weights, penalties };
}

function parseFeedback(
  file: string,
  f: Obj,
  kindOf: (key: string, value: unknown) => ApologyKind,
  withQuote: (key: string, value: unknown) => string,
): FeedbackRules {
  const openings = list(file, 'feedback.openings', f['openings'], (item, k) => {
    const o = obj(file, k, item);
    return { min: num(file, `${k}.min`, o['min'], 0, 100), text: str(file, `${k}.text`, o['text']) };
  }).sort((a, b) => b.min - a.min);
  if (openings.at(-1)?.min !== 0) throw new ContentError(file, 'feedback.openings', 'needs one opening with min 0 so every score has one');
  const m = obj(file, 'feedback.missing', f['missing']);
  const missing = {} as Record<ApologyComponent, string>;
  for (const k of APOLOGY_COMPONENTS) missing[k] = str(file, `feedback.missing.${k}`, m[k]);
  const l = obj(file, 'feedback.labels', f['labels']);
  const labels = {} as Record<ApologyComponent, string>;
  for (const k of APOLOGY_COMPONENTS) labels[k] = str(file, `feedback.labels.${k}`, l[k]);
  const missingSummary = str(file, 'feedback.missingSummary', f['missingSummary']);
  if (!missingSummary.includes('{list}')) throw new ContentError(file, 'feedback.missingSummary', 'must contain the {list} placeholder');
  const ff = obj(file, 'feedback.firstFix', f['firstFix']);
  const firstFix = {} as Record<ApologyKind, string>;
  for (const k of APOLOGY_KINDS) firstFix[k] = str(file, `feedback.firstFix.${k}`, ff[k]);
  const fixOrder = strList(file, 'feedback.fixOrder', f['fixOrder']).map((s, i) => kindOf(`feedback.fixOrder[${i}]`, s));
  const unique = new Set(fixOrder);
  if (unique.size !== fixOrder.length || unique.size !== APOLOGY_KINDS.length) {
    throw new ContentError(file, 'feedback.fixOrder', `must list each of the ${APOLOGY_KINDS.length} kinds exactly once`);
  }
  const firstFixLead = str(file, 'feedback.firstFixLead', f['firstFixLead']);
  if (!firstFixLead.includes('{fix}')) throw new ContentError(file, 'feedback.firstFixLead', 'must contain the {fix} placeholder');
  return {
    openings,
    missing,
    labels,
    missingSummary,
    listAnd: str(file, 'feedback.listAnd', f['listAnd']),
    maxMissingDetail: num(file, 'feedback.maxMissingDetail', f['maxMissingDetail'], 0, 6),
    vagueChange: withQuote('feedback.vagueChange', f['vagueChange']),
    firstFix,
    fixOrder,
    firstFixLead,
    allGood: str(file, 'feedback.allGood', f['allGood']),
  };
}

/** Replaces {{name}} with the named macro (itself possibly using macros), wrapped in a non-capturing group. */
function expandMacros(file: string, key: string, source: string, macros: Record<string, string>): string {
  let out = source;
  for (let depth = 0; depth < 6 && out.includes('{{'); depth += 1) {
    out = out.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const body = macros[name];
      if (body === undefined) throw new ContentError(file, key, `uses unknown macro {{${name}}}`);
      return `(?:${body})`;
    });
  }
  if (out.includes('{{')) throw new ContentError(file, key, 'has macros nested too deeply');
  return out;
}

let cached: ApologyContent | undefined;

/** content/apology.json, read and validated once. */
export function defaultApologyContent(): ApologyContent {
  cached ??= parseApologyContent(readContentJson('apology.json'));
  return cached;
}
