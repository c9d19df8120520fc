// Types and start-up validation for content/triage.json: questions, answer understanding, rules,
// decisions, tier texts and directories. Cross-checks every reference and the safety contract.
import { ContentError, readContentJson } from '../content/files.js';
import { bool, list, num, obj, record, regex, str, strList } from '../content/check.js';
import type { Obj } from '../content/check.js';

export type TriageTier = 'self_help' | 'couples_counselling' | 'individual_therapy' | 'urgent';
export type PracticeFlow = 'istatement' | 'apology';
export type QuestionId = string;

export const TRIAGE_TIERS: readonly TriageTier[] = ['self_help', 'couples_counselling', 'individual_therapy', 'urgent'];
const FLOWS: readonly PracticeFlow[] = ['istatement', 'apology'];
/** Signals the caller may pass in as flags; the safety contract is written in terms of these two. */
export const DANGER = 'danger';
export const ABUSE = 'abuse';

export interface TriageOptionContent {
  value: string;
  label: string;
  /** Phrases that mean this option (lexicon references already expanded), each tagged weak when it came from the lexicon. */
  phrases: { text: string; weak: boolean }[];
  patterns: RegExp[];
  /** The option a negated phrase of this one means instead ("not safe" -> no); undefined drops negated phrases. */
  negatedTo?: string;
  /** Safety options: >0 means a disclosure of this option is never outvoted silently; higher wins ties. */
  caution: number;
  /** For quantity questions: the half-open range [min, max) of months (duration) or times per month (rate). */
  range?: { min: number; max: number };
}

export interface TriageQuestionContent {
  id: QuestionId;
  prompt: string;
  safety: boolean;
  quantity?: 'duration' | 'rate';
  options: TriageOptionContent[];
}

export type TriageCondition =
  | { kind: 'answer'; question: string; values: string[] }
  | { kind: 'signal'; signal: string }
  | { kind: 'score'; score: string; atLeast?: number; below?: number }
  | { kind: 'compare'; left: string; op: '>' | '>='; right: string }
  | { kind: 'all'; of: TriageCondition[] }
  | { kind: 'any'; of: TriageCondition[] }
  | { kind: 'not'; of: TriageCondition }
  | { kind: 'always' };

export interface TriageRule {
  id: string;
  when: TriageCondition;
  signals: string[];
  points: Record<string, number>;
  flows: PracticeFlow[];
  reason?: string;
}

export interface TriageDecision {
  id: string;
  when: TriageCondition;
  tier: TriageTier;
  abusePath: TriageCondition;
  reasonsFrom: string[];
  suggestFlows: boolean;
  defaultFlows: PracticeFlow[];
  fallbackReason?: string;
}

export interface QuantityContent {
  numbers: Record<string, number>;
  timesWords: string[];
  timesMarkers: string[];
  rateConnectors: string[];
  everyWords: string[];
  otherWords: string[];
  /** unit word -> length in days */
  units: Record<string, number>;
  moreThan: { words: string[]; factor: number };
  lessThan: { words: string[]; factor: number };
  /** past point ("last summer") -> months ago */
  since: Record<string, number>;
}

export interface UnderstandingContent {
  negators: string[];
  negationWindow: number;
  clauseBreaks: string[];
  weights: { quantity: number; pattern: number; negatedFactor: number; cautionMargin: number };
  fuzzy: { minLength: number; minSimilarity: number; maxLengthDifference: number };
}

export interface TierText {
  title: string;
  summary: string;
  firstSession: string;
}

export interface Directory {
  name: string;
  url: string;
  note: string;
}

export interface TriageContent {
  disclaimer: string;
  understanding: UnderstandingContent;
  quantities: QuantityContent;
  questions: TriageQuestionContent[];
  rules: TriageRule[];
  flagReasons: { danger: string; abuse: string };
  decisions: TriageDecision[];
  tiers: Record<TriageTier, TierText>;
  /** Replaces the tier's summary and first-session text when abuse ruled out couples counselling. */
  abusePath: Partial<Record<TriageTier, { summary: string; firstSession: string }>>;
  directories: { aliases: Record<string, string>; countries: Record<string, Directory[]>; fallback: Directory[] };
}

function fields(o: Obj): [string, unknown][] {
  return Object.entries(o).filter(([k]) => !k.startsWith('$'));
}

function oneOf<T extends string>(file: string, key: string, value: unknown, allowed: readonly T[]): T {
  const s = str(file, key, value);
  if (!(allowed as readonly string[]).includes(s)) throw new ContentError(file, key, `must be one of ${allowed.join(', ')}`);
  return s as T;
}

function parseCondition(file: string, key: string, raw: unknown): TriageCondition {
  const o = obj(file, key, raw);
  if ('answer' in o) return { kind: 'answer', question: str(file, `${key}.answer`, o['answer']), values: strList(file, `${key}.in`, o['in']) };
  if ('signal' in o) return { kind: 'signal', signal: str(file, `${key}.signal`, o['signal']) };
  if ('score' in o) {
    const c: TriageCondition = { kind: 'score', score: str(file, `${key}.score`, o['score']) };
    if (o['atLeast'] !== undefined) c.atLeast = num(file, `${key}.atLeast`, o['atLeast']);
    if (o['below'] !== undefined) c.below = num(file, `${key}.below`, o['below']);
    if (c.atLeast === undefined && c.below === undefined) throw new ContentError(file, key, 'a score condition needs atLeast or below');
    return c;
  }
  if ('compare' in o) {
    const parts = strList(file, `${key}.compare`, o['compare'], { minLength: 3 });
    const [left, op, right] = parts as [string, string, string];
    if (parts.length !== 3 || (op !== '>' && op !== '>=')) throw new ContentError(file, `${key}.compare`, 'must be [score, ">" or ">=", score]');
    return { kind: 'compare', left, op, right };
  }
  if ('all' in o) return { kind: 'all', of: list(file, `${key}.all`, o['all'], (c, k) => parseCondition(file, k, c)) };
  if ('any' in o) return { kind: 'any', of: list(file, `${key}.any`, o['any'], (c, k) => parseCondition(file, k, c)) };
  if ('not' in o) return { kind: 'not', of: parseCondition(file, `${key}.not`, o['not']) };
  if ('always' in o && bool(file, `${key}.always`, o['always'])) return { kind: 'always' };
  throw new ContentError(file, key, 'must be one of {answer,in}, {signal}, {score,atLeast|below}, {compare}, {all}, {any}, {not} or {always:true}');
}

function parseFlows(file: string, key: string, raw: unknown): PracticeFlow[] {
  if (raw === undefined) return [];
  return list(file, key, raw, (f, k) => oneOf(file, k, f, FLOWS), { minLength: 0 });
}

function parseDirectory(file: string, key: string, raw: unknown): Directory {
  const o = obj(file, key, raw);
  const url = str(file, `${key}.url`, o['url']);
  if (!/^https:\/\/[^\s/]+\.[^\s]+$/.test(url)) throw new ContentError(file, `${key}.url`, 'must be an https:// address');
  return { name: str(file, `${key}.name`, o['name']), url, note: str(file, `${key}.note`, o['note']) };
}

function parseQuantities(file: string, raw: unknown): QuantityContent {
  const key = 'quantities';
  const o = obj(file, key, raw);
  const units: Record<string, number> = {};
  list(file, `${key}.units`, o['units'], (u, k) => {
    const uo = obj(file, k, u);
    const days = num(file, `${k}.days`, uo['days'], 0.0001);
    for (const w of strList(file, `${k}.words`, uo['words'])) units[w.toLowerCase()] = days;
  });
  if (units['month'] === undefined) throw new ContentError(file, `${key}.units`, 'must include the word "month" (other units are converted through it)');
  const scaled = (name: 'moreThan' | 'lessThan'): { words: string[]; factor: number } => {
    const so = obj(file, `${key}.${name}`, o[name]);
    return { words: strList(file, `${key}.${name}.words`, so['words']), factor: num(file, `${key}.${name}.factor`, so['factor'], 0.01, 100) };
  };
  return {
    numbers: record(file, `${key}.numbers`, o['numbers'], (v, k) => num(file, k, v, 0)),
    timesWords: strList(file, `${key}.timesWords`, o['timesWords']),
    timesMarkers: strList(file, `${key}.timesMarkers`, o['timesMarkers']),
    rateConnectors: strList(file, `${key}.rateConnectors`, o['rateConnectors']),
    everyWords: strList(file, `${key}.everyWords`, o['everyWords']),
    otherWords: strList(file, `${key}.otherWords`, o['otherWords']),
    units,
    moreThan: scaled('moreThan'),
    lessThan: scaled('lessThan'),
    since: record(file, `${key}.since`, o['since'], (v, k) => num(file, k, v, 0)),
  };
}

function parseUnderstanding(file: string, raw: unknown): UnderstandingContent {
  const key = 'understanding';
  const o = obj(file, key, raw);
  const w = obj(file, `${key}.weights`, o['weights']);
  const f = obj(file, `${key}.fuzzy`, o['fuzzy']);
  return {
    negators: strList(file, `${key}.negators`, o['negators']),
    negationWindow: num(file, `${key}.negationWindow`, o['negationWindow'], 1, 10),
    clauseBreaks: strList(file, `${key}.clauseBreaks`, o['clauseBreaks'], { minLength: 0 }),
    weights: {
      quantity: num(file, `${key}.weights.quantity`, w['quantity'], 0),
      pattern: num(file, `${key}.weights.pattern`, w['pattern'], 0),
      negatedFactor: num(file, `${key}.weights.negatedFactor`, w['negatedFactor'], 0, 1),
      cautionMargin: num(file, `${key}.weights.cautionMargin`, w['cautionMargin'], 0),
    },
    fuzzy: {
      minLength: num(file, `${key}.fuzzy.minLength`, f['minLength'], 1),
      minSimilarity: num(file, `${key}.fuzzy.minSimilarity`, f['minSimilarity'], 0, 1),
      maxLengthDifference: num(file, `${key}.fuzzy.maxLengthDifference`, f['maxLengthDifference'], 0),
    },
  };
}

function parseQuestion(file: string, key: string, raw: unknown, lexicon: Record<string, string[]>): TriageQuestionContent {
  const o = obj(file, key, raw);
  const id = str(file, `${key}.id`, o['id']);
  const question: TriageQuestionContent = {
    id,
    prompt: str(file, `${key}.prompt`, o['prompt']),
    safety: bool(file, `${key}.safety`, o['safety']),
    options: [],
  };
  if (o['quantity'] !== undefined) question.quantity = oneOf(file, `${key}.quantity`, o['quantity'], ['duration', 'rate'] as const);
  question.options = list(file, `${key}.options`, o['options'], (rawOption, k) => {
    const oo = obj(file, k, rawOption);
    const phrases: { text: string; weak: boolean }[] = [];
    strList(file, `${k}.synonyms`, oo['synonyms'] ?? [], { minLength: 0 }).forEach((s, i) => {
      if (!s.startsWith('@')) return phrases.push({ text: s, weak: false });
      const words = lexicon[s.slice(1)];
      if (!words) throw new ContentError(file, `${k}.synonyms[${i}]`, `refers to an unknown lexicon list "${s}"`);
      return phrases.push(...words.map((text) => ({ text, weak: true })));
    });
    const option: TriageOptionContent = {
      value: str(file, `${k}.value`, oo['value']),
      label: str(file, `${k}.label`, oo['label']),
      phrases,
      patterns: list(file, `${k}.patterns`, oo['patterns'] ?? [], (p, pk) => regex(file, pk, p), { minLength: 0 }),
      caution: oo['caution'] === undefined ? 0 : num(file, `${k}.caution`, oo['caution'], 0, 10),
    };
    if (oo['negatedTo'] !== undefined) option.negatedTo = str(file, `${k}.negatedTo`, oo['negatedTo']);
    if (oo['range'] !== undefined) {
      const r = obj(file, `${k}.range`, oo['range']);
      const min = num(file, `${k}.range.min`, r['min'], 0);
      const max = r['max'] === undefined ? Infinity : num(file, `${k}.range.max`, r['max'], min);
      option.range = { min, max };
    }
    return option;
  }, { minLength: 2 });
  checkQuestion(file, key, question);
  return question;
}

function checkQuestion(file: string, key: string, q: TriageQuestionContent): void {
  const values = new Set<string>();
  q.options.forEach((opt, i) => {
    if (values.has(opt.value)) throw new ContentError(file, `${key}.options[${i}].value`, `"${opt.value}" is listed twice`);
    values.add(opt.value);
  });
  q.options.forEach((opt, i) => {
    if (opt.negatedTo !== undefined && (!values.has(opt.negatedTo) || opt.negatedTo === opt.value)) {
      throw new ContentError(file, `${key}.options[${i}].negatedTo`, `must name another option of "${q.id}"`);
    }
    if (opt.phrases.length === 0 && opt.patterns.length === 0 && opt.range === undefined) {
      throw new ContentError(file, `${key}.options[${i}]`, 'needs synonyms, patterns or a range so typed answers can be understood');
    }
  });
  if (q.quantity === undefined) {
    if (q.options.some((o) => o.range)) throw new ContentError(file, key, 'ranges need "quantity": "duration" or "rate"');
    return;
  }
  // Ranges must tile [0, infinity) so every amount lands in exactly one option.
  const ranges = q.options.map((o, i) => {
    if (!o.range) throw new ContentError(file, `${key}.options[${i}].range`, 'is required on a quantity question');
    return o.range;
  });
  const sorted = [...ranges].sort((a, b) => a.min - b.min);
  let edge = 0;
  for (const r of sorted) {
    if (r.min !== edge) throw new ContentError(file, `${key}.options`, `ranges must cover every amount from 0 up without gaps or overlaps (problem at ${edge})`);
    edge = r.max;
  }
  if (edge !== Infinity) throw new ContentError(file, `${key}.options`, 'the last range must have no max');
}

function conditionLeaves(c: TriageCondition): TriageCondition[] {
  if (c.kind === 'all' || c.kind === 'any') return c.of.flatMap(conditionLeaves);
  if (c.kind === 'not') return conditionLeaves(c.of);
  return [c];
}

export function parseTriageContent(raw: unknown, file = 'triage.json'): TriageContent {
  const root = obj(file, '', raw);
  const lexicon = record(file, 'lexicon', Object.fromEntries(fields(obj(file, 'lexicon', root['lexicon']))), (v, k) => strList(file, k, v));

  const questions = list(file, 'questions', root['questions'], (q, k) => parseQuestion(file, k, q, lexicon));
  const byId = new Map<string, TriageQuestionContent>();
  questions.forEach((q, i) => {
    if (byId.has(q.id)) throw new ContentError(file, `questions[${i}].id`, `"${q.id}" is listed twice`);
    byId.set(q.id, q);
  });
  const firstOrdinary = questions.findIndex((q) => !q.safety);
  if (firstOrdinary >= 0 && questions.slice(firstOrdinary).some((q) => q.safety)) {
    throw new ContentError(file, 'questions', 'safety-screen questions must come before all the others');
  }

  const checkAnswerLeaves = (key: string, c: TriageCondition, allowDerived: boolean): void => {
    for (const leaf of conditionLeaves(c)) {
      if (leaf.kind === 'answer') {
        const q = byId.get(leaf.question);
        if (!q) throw new ContentError(file, key, `refers to unknown question "${leaf.question}"`);
        for (const v of leaf.values) {
          if (!q.options.some((o) => o.value === v)) throw new ContentError(file, key, `question "${q.id}" has no option "${v}"`);
        }
      } else if (!allowDerived && leaf.kind !== 'always') {
        throw new ContentError(file, key, 'rules can only test answers (signals and scores exist after the rules run)');
      }
    }
  };

  const rules = list(file, 'rules', root['rules'], (r, k) => {
    const o = obj(file, k, r);
    const rule: TriageRule = {
      id: str(file, `${k}.id`, o['id']),
      when: parseCondition(file, `${k}.when`, o['when']),
      signals: o['signals'] === undefined ? [] : strList(file, `${k}.signals`, o['signals']),
      points: o['points'] === undefined ? {} : record(file, `${k}.points`, o['points'], (v, pk) => num(file, pk, v)),
      flows: parseFlows(file, `${k}.flows`, o['flows']),
    };
    if (o['reason'] !== undefined) rule.reason = str(file, `${k}.reason`, o['reason']);
    checkAnswerLeaves(`${k}.when`, rule.when, false);
    if (rule.reason === undefined && (rule.signals.length > 0 || Object.values(rule.points).some((p) => p > 0))) {
      throw new ContentError(file, `${k}.reason`, 'is required when the rule raises a signal or adds points');
    }
    return rule;
  });
  const ruleIds = new Set<string>();
  rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) throw new ContentError(file, `rules[${i}].id`, `"${r.id}" is listed twice`);
    ruleIds.add(r.id);
  });

  const signals = new Set<string>([DANGER, ABUSE, ...rules.flatMap((r) => r.signals)]);
  const scores = new Set<string>(rules.flatMap((r) => Object.keys(r.points)));
  const checkDerived = (key: string, c: TriageCondition): void => {
    checkAnswerLeaves(key, c, true);
    for (const leaf of conditionLeaves(c)) {
      if (leaf.kind === 'signal' && !signals.has(leaf.signal)) throw new ContentError(file, key, `no rule raises the signal "${leaf.signal}"`);
      if (leaf.kind === 'score' && !scores.has(leaf.score)) throw new ContentError(file, key, `no rule adds to the score "${leaf.score}"`);
      if (leaf.kind === 'compare') {
        for (const s of [leaf.left, leaf.right]) if (!scores.has(s)) throw new ContentError(file, key, `no rule adds to the score "${s}"`);
      }
    }
  };

  const decisions = list(file, 'decisions', root['decisions'], (d, k) => {
    const o = obj(file, k, d);
    const when = parseCondition(file, `${k}.when`, o['when']);
    const abuseRaw = o['abusePath'] ?? false;
    const abusePath: TriageCondition = typeof abuseRaw === 'boolean' ? (abuseRaw ? { kind: 'always' } : { kind: 'not', of: { kind: 'always' } }) : parseCondition(file, `${k}.abusePath`, abuseRaw);
    const decision: TriageDecision = {
      id: str(file, `${k}.id`, o['id']),
      when,
      tier: oneOf(file, `${k}.tier`, o['tier'], TRIAGE_TIERS),
      abusePath,
      reasonsFrom: strList(file, `${k}.reasonsFrom`, o['reasonsFrom'] ?? [], { minLength: 0 }),
      suggestFlows: o['suggestFlows'] === undefined ? false : bool(file, `${k}.suggestFlows`, o['suggestFlows']),
      defaultFlows: parseFlows(file, `${k}.defaultFlows`, o['defaultFlows']),
    };
    if (o['fallbackReason'] !== undefined) decision.fallbackReason = str(file, `${k}.fallbackReason`, o['fallbackReason']);
    checkDerived(`${k}.when`, decision.when);
    checkDerived(`${k}.abusePath`, decision.abusePath);
    decision.reasonsFrom.forEach((name, i) => {
      if (!signals.has(name) && !scores.has(name)) throw new ContentError(file, `${k}.reasonsFrom[${i}]`, `"${name}" is neither a signal nor a score any rule sets`);
    });
    return decision;
  });
  checkSafetyContract(file, decisions);

  const flagRaw = obj(file, 'flagReasons', root['flagReasons']);
  const tiersRaw = obj(file, 'tiers', root['tiers']);
  const tierText = (t: TriageTier): TierText => {
    const to = obj(file, `tiers.${t}`, tiersRaw[t]);
    return { title: str(file, `tiers.${t}.title`, to['title']), summary: str(file, `tiers.${t}.summary`, to['summary']), firstSession: str(file, `tiers.${t}.firstSession`, to['firstSession']) };
  };
  const abuseRaw = obj(file, 'abusePath', root['abusePath']);
  const abusePath: Partial<Record<TriageTier, { summary: string; firstSession: string }>> = {};
  for (const [tier, v] of fields(abuseRaw)) {
    const k = `abusePath.${tier}`;
    const t = oneOf(file, k, tier, TRIAGE_TIERS);
    const o = obj(file, k, v);
    abusePath[t] = { summary: str(file, `${k}.summary`, o['summary']), firstSession: str(file, `${k}.firstSession`, o['firstSession']) };
  }
  decisions.forEach((d, i) => {
    const never = d.abusePath.kind === 'not' && d.abusePath.of.kind === 'always';
    if (!never && !abusePath[d.tier]) throw new ContentError(file, `decisions[${i}].abusePath`, `can be true, so abusePath.${d.tier} needs its texts`);
  });
  const dirRaw = obj(file, 'directories', root['directories']);
  const countries = record(file, 'directories.countries', Object.fromEntries(fields(obj(file, 'directories.countries', dirRaw['countries']))), (v, k) =>
    list(file, k, v, (d, dk) => parseDirectory(file, dk, d)),
  );
  const aliases = record(file, 'directories.aliases', dirRaw['aliases'] ?? {}, (v, k) => {
    const target = str(file, k, v);
    if (!countries[target]) throw new ContentError(file, k, `points to "${target}", which has no directory list`);
    return target;
  });

  return {
    disclaimer: str(file, 'disclaimer', root['disclaimer']),
    understanding: parseUnderstanding(file, root['understanding']),
    quantities: parseQuantities(file, root['quantities']),
    questions,
    rules,
    flagReasons: { danger: str(file, 'flagReasons.danger', flagRaw['danger']), abuse: str(file, 'flagReasons.abuse', flagRaw['abuse']) },
    decisions,
    tiers: { self_help: tierText('self_help'), couples_counselling: tierText('couples_counselling'), individual_therapy: tierText('individual_therapy'), urgent: tierText('urgent') },
    abusePath,
    directories: {
      aliases: Object.fromEntries(Object.entries(aliases).map(([k, v]) => [k.toUpperCase(), v])),
      countries,
      fallback: list(file, 'directories.fallback', dirRaw['fallback'], (d, k) => parseDirectory(file, k, d)),
    },
  };
}

/**
 * Whatever the rules say, danger must end in 'urgent' and abuse must never reach couples counselling.
 * Checked on the decision list itself, so an edit to triage.json cannot quietly break it.
 */
function checkSafetyContract(file: string, decisions: TriageDecision[]): void {
  const first = decisions[0];
  if (!first || first.when.kind !== 'signal' || first.when.signal !== DANGER || first.tier !== 'urgent') {
    throw new ContentError(file, 'decisions[0]', 'must be { "signal": "danger" } -> tier "urgent" (danger always wins)');
  }
  const abuseAt = decisions.findIndex((d) => d.when.kind === 'signal' && d.when.signal === ABUSE);
  const abuse = decisions[abuseAt];
  if (!abuse || abuse.tier === 'couples_counselling' || abuse.abusePath.kind !== 'always') {
    throw new ContentError(file, 'decisions', 'needs a { "signal": "abuse" } decision with abusePath true and a tier other than couples_counselling');
  }
  const couplesAt = decisions.findIndex((d) => d.tier === 'couples_counselling');
  if (couplesAt >= 0 && couplesAt < abuseAt) {
    throw new ContentError(file, `decisions[${couplesAt}]`, 'a couples_counselling decision must come after the abuse decision');
  }
  const last = decisions[decisions.length - 1];
  if (!last || last.when.kind !== 'always') throw new ContentError(file, `decisions[${decisions.length - 1}]`, 'the last decision must be { "always": true } so every answer set gets a tier');
}

let cached: TriageContent | undefined;

export function defaultTriageContent(): TriageContent {
  cached ??= parseTriageContent(readContentJson('triage.json'));
  return cached;
}
