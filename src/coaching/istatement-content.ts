// Types and start-up validation for content/istatement.json: cue patterns per flag (with {macro}
// references expanded), feelings and needs vocabularies, topics, grammar data and all wording.
import { ContentError, readContentJson } from '../content/files.js';
import { list, num, obj, record, regex, str, strList } from '../content/check.js';
import type { Obj } from '../content/check.js';
import { ISTATEMENT_FLAGS, type IStatementFlag } from './istatement-types.js';

/**
 * Rewrites `token` when the next word is one of `next` (words listed or taken from `nextLists`, the
 * names of lexicon word lists) or matches `nextPattern`; with `afterNext`, the word after must fit too.
 */
export interface ContextualRule {
  token: string;
  next: string[];
  nextPattern?: RegExp;
  /** words allowed after the pattern-matched next word; "<end>" = end of text or punctuation */
  afterNext: string[];
  notAfter: string[];
  becomes: string[];
}

export interface NormaliseContent {
  /** censored words ("b*tch") -> the word, so label patterns see it; quotes keep the original */
  masks: { pattern: RegExp; becomes: string }[];
  spelling: Record<string, string>;
  contractions: Record<string, string>;
  contextual: ContextualRule[];
  fuzzy: { minLength: number; targets: string[]; exclude: string[] };
  /** Interjections and fillers skipped when looking for a clause's subject, each split into words. */
  discourse: string[][];
}

export interface FlagContent {
  name: string;
  patterns: RegExp[];
  /** patterns that only count in a main clause ("you have to" accuses; "when you have to ..." does not) */
  mainClauseOnly: RegExp[];
  exceptions: RegExp[];
  explanation: string;
}

export interface ClauseContent {
  subordinators: string[][];
  coordinators: string[][];
  self: string[][];
  them: string[][];
  themSubjects: string[][];
  we: string[][];
  thing: string[][];
  /** words after which "you" is an object ("ask you"), so no new clause starts there */
  objectTakers: Set<string>;
  questionStarts: string[];
  requestStarts: string[][];
  negations: string[];
  accusationMarkers: RegExp[];
  accusationExemptions: RegExp[];
  selfComplaints: RegExp[];
  appreciation: RegExp[];
  negativeContext: RegExp[];
  praiseStart: RegExp[];
  positive: RegExp;
  negative: RegExp;
}

export interface FeelingGroup {
  id: string;
  valence: 'met' | 'unmet';
  words: string[];
}

export interface TopicContent {
  id: string;
  cues: RegExp[];
  feelings: string[];
  need: string;
  request: string;
  about: string;
}

export interface Rephrase {
  pattern: RegExp;
  replacement: string;
  past?: string;
}

/** Small closed word classes the grammar rules need, kept here rather than in code. */
export const WORD_SETS = [
  'determiners', 'otherSubjects', 'tagSubjects', 'pronounAbsolutes', 'needsSubject', 'prepositionLike', 'coordinatedWith',
  'doubleNegative', 'verbSkip', 'intensifiers', 'vagueWish', 'sarcasmLead', 'agentPronouns', 'whyHow', 'beAux', 'doAux', 'feelOpeners', 'neverAdverbs',
  'aboutPrepositions', 'relativePronouns',
] as const;
export type WordSetName = (typeof WORD_SETS)[number];

export interface GrammarContent {
  sets: Record<WordSetName, Set<string>>;
  /** a subordinator kept when joining situations ("... while I cleaned"); others join with "and" */
  joiners: Record<string, string>;
  /** "judged by your mom" -> "around your mom": the agent of a judgement becomes a place */
  agentSwap: Record<string, string>;
  /** profane idioms with a plain equivalent, keyed by the words before the swear ("give a damn" -> "care") */
  profaneIdioms: Record<string, string>;
  /** subject and verb put before a sarcastic "thanks for ignoring me" -> "you were ignoring me" */
  progressive: string;
  stopwords: Set<string>;
  participles: Record<string, string>;
  pastForms: Set<string>;
  thirdPerson: Record<string, string>;
  pastMarkers: string[][];
  fillers: string[][];
  absoluteSwaps: { from: string[]; to: string[] }[];
  rephrase: Rephrase[];
  contract: { from: string[]; to: string }[];
  base: Record<string, string>;
  stateAdjectives: Set<string>;
  /** "you made me look like ..." -> "I looked like ...": base -> past */
  perceptionVerbs: Record<string, string>;
  thirdPersonSubjects: string[][];
  keepRephrase: Rephrase[];
  blameRemovals: RegExp[];
  /** "I hate surprises": what the speaker dislikes becomes the topic ("about surprises") */
  selfDislike: RegExp;
  /** the speaker's own musings and preferences ("I don't even know why I bother") are not a situation */
  selfSkip: RegExp[];
  /** profane words the rewrite replaces rather than drops ("there's crap everywhere") */
  profanitySwaps: Record<string, string>;
  /** comments rather than situations ("it's unbelievable") */
  evaluative: RegExp[];
  /** wishes and demands ("we should spend more time together") describe what is wanted, not what happened */
  wishes: RegExp[];
  /** where a gerund subject ("slamming the door really solves ...") ends */
  gerundStops: Set<string>;
  mindRephrase: Rephrase[];
}

export interface RewriteTemplates {
  statement: string;
  statementAbout: string;
  statementNoNeed: string;
  statementFeelingOnly: string;
  statementNeedOnly: string;
  statementAboutNoNeed: string;
  need: string;
  request: string;
  feelPresent: string;
  feelPast: string;
  feelingJoin: string;
  situationJoin: string;
  wonder: string;
  gerund: string;
  statementTail: string;
  makeMePresent: string;
  makeMePast: string;
  madeMeState: string;
  madeMeSeem: string;
  maxSituations: number;
}

export interface ComposeContent {
  stripFeeling: RegExp[];
  stripBehaviour: RegExp[];
  stripNeed: RegExp[];
  needIsClause: RegExp[];
  stripRequest: RegExp[];
  keepRequest: RegExp[];
  requestWe: RegExp[];
  requestWeSuffix: string;
  trailing: RegExp;
  aboutStart: RegExp[];
}

export interface FeedbackContent {
  notes: { id: string; pattern: RegExp; text: string }[];
  goodIntro: string;
  missing: { feeling: string; situation: string; need: string; request: string };
  listJoin: string;
  listLast: string;
}

export interface StrengthsContent {
  feeling: string;
  situation: string;
  need: string;
  request: string;
  ownership: string;
}

export interface CueContent {
  feelingFrame: RegExp;
  situationAfterFeeling: RegExp;
  situationBeforeFeeling: RegExp;
  need: RegExp;
  request: RegExp;
  ownership: RegExp;
  meMakeMe: RegExp;
}

export interface IStatementContent {
  normalise: NormaliseContent;
  flags: Record<IStatementFlag, FlagContent>;
  clauses: ClauseContent;
  feelings: { groups: FeelingGroup[]; slang: Record<string, string>; default: string[] };
  fauxFeelings: Record<string, { forms: string[]; real: string[] }>;
  needs: Record<string, string>;
  topics: TopicContent[];
  defaultTopic: Omit<TopicContent, 'id' | 'cues'>;
  grammar: GrammarContent;
  rewrite: RewriteTemplates;
  compose: ComposeContent;
  feedback: FeedbackContent;
  strengths: StrengthsContent;
  cues: CueContent;
  behaviourPushback: Record<string, string>;
  behaviourCues: { vague: RegExp[] };
  requestPushback: Record<string, string>;
  requestCues: { demand: RegExp[]; negative: RegExp[]; vague: RegExp[] };
  /** Derived at load time. */
  index: {
    /** real feeling word or slang phrase -> the vocabulary word it stands for */
    realFeeling: Map<string, string>;
    /** faux feeling form -> its key in fauxFeelings */
    fauxForm: Map<string, string>;
    /** every word the content knows, so typo correction never rewrites a real word */
    knownWords: Set<string>;
    /** judgement words (labels, insults): they describe a person, never a behaviour */
    judgement: Set<string>;
  };
}

const FILE = 'istatement.json';
// {name} refers to a word list or macro; \p{L} and \P{L} are regex syntax, not references.
const MACRO = /(?<!\\[pP])\{([A-Za-z]+)\}/g;
const HAS_MACRO = /(?<!\\[pP])\{[A-Za-z]+\}/;
const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function alternation(words: readonly string[]): string {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  return `(?:${sorted.map(escapeRegex).join('|')})`;
}

const words = (phrase: string): string[] => phrase.trim().split(/\s+/);

/** Expands {name} references to word lists and regex macros (nested up to a few levels). */
class MacroExpander {
  constructor(
    private readonly file: string,
    private readonly table: Map<string, string>,
  ) {}

  expand(key: string, source: string): string {
    let out = source;
    for (let depth = 0; depth < 6 && HAS_MACRO.test(out); depth += 1) {
      out = out.replace(MACRO, (_m, name: string) => {
        const value = this.table.get(name);
        if (value === undefined) throw new ContentError(this.file, key, `refers to unknown macro or word list {${name}}`);
        return value;
      });
    }
    if (HAS_MACRO.test(out)) throw new ContentError(this.file, key, 'has macros nested too deeply (or a macro refers to itself)');
    return out;
  }

  regex(key: string, value: unknown): RegExp {
    return regex(this.file, key, this.expand(key, str(this.file, key, value)), 'giu');
  }

  regexes(key: string, value: unknown, minLength = 0): RegExp[] {
    return list(this.file, key, value, (item, k) => this.regex(k, item), { minLength });
  }
}

function phrases(file: string, key: string, value: unknown, minLength = 1): string[][] {
  return strList(file, key, value, { minLength }).map((p) => words(p.toLowerCase()));
}

function requirePlaceholders(file: string, key: string, text: string, required: readonly string[], allowed: readonly string[]): string {
  const found = [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  for (const name of required) {
    if (!found.includes(name)) throw new ContentError(file, key, `must contain the placeholder {${name}}`);
  }
  for (const name of found) {
    if (!allowed.includes(name)) throw new ContentError(file, key, `uses unknown placeholder {${name}} (allowed: ${allowed.join(', ')})`);
  }
  return text;
}

function stringRecord(file: string, key: string, value: unknown): Record<string, string> {
  return record(file, key, value, (v, k) => str(file, k, v));
}

function rephrases(file: string, key: string, value: unknown, ex: MacroExpander): Rephrase[] {
  return list(
    file,
    key,
    value,
    (item, k) => {
      const o = obj(file, k, item);
      const out: Rephrase = { pattern: ex.regex(`${k}.pattern`, o['pattern']), replacement: str(file, `${k}.replacement`, o['replacement'], { allowEmpty: true }) };
      if (o['past'] !== undefined) out.past = str(file, `${k}.past`, o['past']);
      return out;
    },
    { minLength: 0 },
  );
}

export function parseIStatementContent(raw: unknown, file = FILE): IStatementContent {
  const root = obj(file, '', raw);

  // Vocabularies first: the derived macros {faux} and {realFeeling} come from them.
  const feelingsRaw = obj(file, 'feelings', root['feelings']);
  const groups = list(file, 'feelings.groups', feelingsRaw['groups'], (item, k) => {
    const o = obj(file, k, item);
    const valence = str(file, `${k}.valence`, o['valence']);
    if (valence !== 'met' && valence !== 'unmet') throw new ContentError(file, `${k}.valence`, 'must be "met" or "unmet"');
    return { id: str(file, `${k}.id`, o['id']), valence, words: strList(file, `${k}.words`, o['words']).map((w) => w.toLowerCase()) } satisfies FeelingGroup;
  });
  const realFeeling = new Map<string, string>();
  for (const g of groups) for (const w of g.words) realFeeling.set(w, w);
  const slang = stringRecord(file, 'feelings.slang', feelingsRaw['slang']);
  for (const [phrase, target] of Object.entries(slang)) {
    if (!realFeeling.has(target)) throw new ContentError(file, `feelings.slang.${phrase}`, `maps to "${target}", which is not in feelings.groups`);
    if (!realFeeling.has(phrase)) realFeeling.set(phrase, target);
  }
  const checkFeeling = (key: string, w: string): string => {
    if (!realFeeling.has(w)) throw new ContentError(file, key, `"${w}" is not a feeling in feelings.groups`);
    return w;
  };
  const defaultFeelings = strList(file, 'feelings.default', feelingsRaw['default'], { minLength: 3 }).map((w, i) => checkFeeling(`feelings.default[${i}]`, w));

  const fauxFeelings = record(file, 'fauxFeelings', root['fauxFeelings'], (item, k) => {
    const o = obj(file, k, item);
    return {
      forms: strList(file, `${k}.forms`, o['forms']).map((f) => f.toLowerCase()),
      real: strList(file, `${k}.real`, o['real']).map((w, i) => checkFeeling(`${k}.real[${i}]`, w)),
    };
  });
  const fauxForm = new Map<string, string>();
  for (const [key, entry] of Object.entries(fauxFeelings)) for (const form of entry.forms) fauxForm.set(form, key);

  const lexicon = obj(file, 'lexicon', root['lexicon']);
  const table = new Map<string, string>();
  const wordLists = record(file, 'lexicon.wordLists', lexicon['wordLists'], (v, k) => strList(file, k, v));
  for (const [name, items] of Object.entries(wordLists)) table.set(name, alternation(items.map((w) => w.toLowerCase())));
  for (const [name, items] of [['faux', [...fauxForm.keys()]], ['realFeeling', [...realFeeling.keys()]]] as const) {
    if (table.has(name)) throw new ContentError(file, `lexicon.wordLists.${name}`, 'is derived from the vocabularies and must not be listed');
    table.set(name, alternation(items));
  }
  const macros = stringRecord(file, 'lexicon.macros', lexicon['macros']);
  for (const [name, source] of Object.entries(macros)) {
    if (table.has(name)) throw new ContentError(file, `lexicon.macros.${name}`, 'has the same name as a word list');
    table.set(name, `(?:${source})`);
  }
  const ex = new MacroExpander(file, table);
  // Expand every macro once so a broken one is reported by its own key.
  for (const name of Object.keys(macros)) regex(file, `lexicon.macros.${name}`, ex.expand(`lexicon.macros.${name}`, table.get(name) ?? ''), 'giu');

  const normRaw = obj(file, 'normalise', root['normalise']);
  const fuzzyRaw = obj(file, 'normalise.fuzzy', normRaw['fuzzy']);
  const normalise: NormaliseContent = {
    masks: list(file, 'normalise.masks', normRaw['masks'], (item, k) => {
      const o = obj(file, k, item);
      return { pattern: regex(file, `${k}.pattern`, o['pattern'], 'iu'), becomes: str(file, `${k}.becomes`, o['becomes']) };
    }, { minLength: 0 }),
    spelling: stringRecord(file, 'normalise.spelling', normRaw['spelling']),
    contractions: stringRecord(file, 'normalise.contractions', normRaw['contractions']),
    contextual: list(file, 'normalise.contextual', normRaw['contextual'], (item, k) => {
      const o = obj(file, k, item);
      if (o['next'] === undefined && o['nextPattern'] === undefined && o['nextLists'] === undefined) throw new ContentError(file, k, 'needs "next", "nextLists" or "nextPattern"');
      const fromLists = (o['nextLists'] === undefined ? [] : strList(file, `${k}.nextLists`, o['nextLists'])).flatMap((name, i) => {
        const items = wordLists[name];
        if (!items) throw new ContentError(file, `${k}.nextLists[${i}]`, `refers to unknown word list "${name}"`);
        return items.filter((w) => !w.includes(' '));
      });
      const rule: ContextualRule = {
        token: str(file, `${k}.token`, o['token']),
        next: [...(o['next'] === undefined ? [] : strList(file, `${k}.next`, o['next'])), ...fromLists],
        afterNext: o['afterNext'] === undefined ? [] : strList(file, `${k}.afterNext`, o['afterNext'], { minLength: 0 }),
        notAfter: o['notAfter'] === undefined ? [] : strList(file, `${k}.notAfter`, o['notAfter']),
        becomes: words(str(file, `${k}.becomes`, o['becomes'])),
      };
      if (o['nextPattern'] !== undefined) rule.nextPattern = regex(file, `${k}.nextPattern`, o['nextPattern'], 'u');
      return rule;
    }, { minLength: 0 }),
    fuzzy: {
      minLength: num(file, 'normalise.fuzzy.minLength', fuzzyRaw['minLength'], 3, 20),
      targets: strList(file, 'normalise.fuzzy.targets', fuzzyRaw['targets'], { minLength: 0 }),
      exclude: strList(file, 'normalise.fuzzy.exclude', fuzzyRaw['exclude'], { minLength: 0 }),
    },
    discourse: phrases(file, 'normalise.discourse', normRaw['discourse']),
  };

  const flagsRaw = obj(file, 'flags', root['flags']);
  const flags = {} as Record<IStatementFlag, FlagContent>;
  for (const flag of ISTATEMENT_FLAGS) {
    const k = `flags.${flag}`;
    const o = obj(file, k, flagsRaw[flag]);
    flags[flag] = {
      name: str(file, `${k}.name`, o['name']),
      patterns: ex.regexes(`${k}.patterns`, o['patterns'], 1),
      mainClauseOnly: ex.regexes(`${k}.mainClauseOnly`, o['mainClauseOnly'] ?? []),
      exceptions: ex.regexes(`${k}.exceptions`, o['exceptions'] ?? []),
      explanation: requirePlaceholders(file, `${k}.explanation`, str(file, `${k}.explanation`, o['explanation']), ['quote'], flag === 'faux_feeling' ? ['quote', 'real'] : ['quote']),
    };
  }
  for (const key of Object.keys(flagsRaw)) {
    if (!(ISTATEMENT_FLAGS as readonly string[]).includes(key)) throw new ContentError(file, `flags.${key}`, `is not a known flag (${ISTATEMENT_FLAGS.join(', ')})`);
  }

  const c = obj(file, 'clauses', root['clauses']);
  const posWords = wordLists['posWord'];
  const negWords = wordLists['negVerb'];
  if (!posWords || !negWords) throw new ContentError(file, 'lexicon.wordLists', 'must define posWord and negVerb (used to tell praise from complaint)');
  const clauses: ClauseContent = {
    subordinators: phrases(file, 'clauses.subordinators', c['subordinators']),
    coordinators: phrases(file, 'clauses.coordinators', c['coordinators']),
    self: phrases(file, 'clauses.self', c['self']),
    them: phrases(file, 'clauses.them', c['them']),
    themSubjects: phrases(file, 'clauses.themSubjects', c['themSubjects']),
    we: phrases(file, 'clauses.we', c['we']),
    thing: phrases(file, 'clauses.thing', c['thing']),
    objectTakers: new Set(strList(file, 'clauses.objectTakers', c['objectTakers'])),
    questionStarts: strList(file, 'clauses.questionStarts', c['questionStarts']),
    requestStarts: phrases(file, 'clauses.requestStarts', c['requestStarts']),
    negations: strList(file, 'clauses.negations', c['negations']),
    accusationMarkers: ex.regexes('clauses.accusationMarkers', c['accusationMarkers']),
    accusationExemptions: ex.regexes('clauses.accusationExemptions', c['accusationExemptions']),
    selfComplaints: ex.regexes('clauses.selfComplaints', c['selfComplaints']),
    appreciation: ex.regexes('clauses.appreciation', c['appreciation']),
    negativeContext: ex.regexes('clauses.negativeContext', c['negativeContext']),
    praiseStart: ex.regexes('clauses.praiseStart', c['praiseStart']),
    positive: regex(file, 'lexicon.wordLists.posWord', `\\b${table.get('posWord')}\\b`, 'giu'),
    negative: regex(file, 'lexicon.wordLists.negVerb', `\\b${table.get('negVerb')}\\b`, 'giu'),
  };

  const needs = stringRecord(file, 'needs', root['needs']);
  const topicBody = (k: string, o: Obj): Omit<TopicContent, 'id' | 'cues'> => {
    const need = str(file, `${k}.need`, o['need']);
    if (!(need in needs)) throw new ContentError(file, `${k}.need`, `refers to unknown need "${need}" (see needs)`);
    return {
      feelings: strList(file, `${k}.feelings`, o['feelings']).map((w, i) => checkFeeling(`${k}.feelings[${i}]`, w)),
      need,
      request: str(file, `${k}.request`, o['request']),
      about: str(file, `${k}.about`, o['about']),
    };
  };
  const topics = list(file, 'topics', root['topics'], (item, k) => {
    const o = obj(file, k, item);
    return { id: str(file, `${k}.id`, o['id']), cues: ex.regexes(`${k}.cues`, o['cues'], 1), ...topicBody(k, o) };
  });
  const defaultTopic = topicBody('defaultTopic', obj(file, 'defaultTopic', root['defaultTopic']));

  const g = obj(file, 'grammar', root['grammar']);
  const setsRaw = obj(file, 'grammar.wordSets', g['wordSets']);
  const sets = {} as Record<WordSetName, Set<string>>;
  for (const name of WORD_SETS) sets[name] = new Set(strList(file, `grammar.wordSets.${name}`, setsRaw[name]));
  const grammar: GrammarContent = {
    sets,
    joiners: stringRecord(file, 'grammar.joiners', g['joiners']),
    agentSwap: stringRecord(file, 'grammar.agentSwap', g['agentSwap']),
    profaneIdioms: stringRecord(file, 'grammar.profaneIdioms', g['profaneIdioms']),
    progressive: str(file, 'grammar.progressive', g['progressive']),
    stopwords: new Set(strList(file, 'grammar.stopwords', g['stopwords'])),
    participles: stringRecord(file, 'grammar.participles', g['participles']),
    pastForms: new Set(strList(file, 'grammar.pastForms', g['pastForms'])),
    thirdPerson: stringRecord(file, 'grammar.thirdPerson', g['thirdPerson']),
    pastMarkers: phrases(file, 'grammar.pastMarkers', g['pastMarkers']),
    fillers: phrases(file, 'grammar.fillers', g['fillers']),
    absoluteSwaps: Object.entries(stringRecord(file, 'grammar.absoluteSwaps', g['absoluteSwaps'])).map(([from, to]) => ({ from: words(from), to: words(to) })),
    rephrase: rephrases(file, 'grammar.rephrase', g['rephrase'], ex),
    contract: list(file, 'grammar.contract', g['contract'], (item, k) => {
      const pair = strList(file, k, item, { minLength: 2 });
      return { from: words(pair[0] ?? ''), to: pair[1] ?? '' };
    }),
    base: stringRecord(file, 'grammar.base', g['base']),
    stateAdjectives: new Set(strList(file, 'grammar.stateAdjectives', g['stateAdjectives'])),
    perceptionVerbs: stringRecord(file, 'grammar.perceptionVerbs', g['perceptionVerbs']),
    thirdPersonSubjects: phrases(file, 'grammar.thirdPersonSubjects', g['thirdPersonSubjects']),
    keepRephrase: rephrases(file, 'grammar.keepRephrase', g['keepRephrase'], ex),
    blameRemovals: ex.regexes('grammar.blameRemovals', g['blameRemovals']),
    selfDislike: ex.regex('grammar.selfDislike', g['selfDislike']),
    selfSkip: ex.regexes('grammar.selfSkip', g['selfSkip']),
    profanitySwaps: stringRecord(file, 'grammar.profanitySwaps', g['profanitySwaps']),
    evaluative: ex.regexes('grammar.evaluative', g['evaluative']),
    wishes: ex.regexes('grammar.wishes', g['wishes']),
    gerundStops: new Set(strList(file, 'grammar.gerundStops', g['gerundStops'])),
    mindRephrase: rephrases(file, 'grammar.mindRephrase', g['mindRephrase'], ex),
  };

  const r = obj(file, 'rewrite', root['rewrite']);
  const t = (key: string, required: string[], allowed: string[]): string => requirePlaceholders(file, `rewrite.${key}`, str(file, `rewrite.${key}`, r[key]), required, allowed);
  const rewrite: RewriteTemplates = {
    statement: t('statement', ['feelVerb', 'feeling', 'situation', 'need'], ['feelVerb', 'feeling', 'situation', 'need']),
    statementAbout: t('statementAbout', ['feelVerb', 'feeling', 'about', 'need'], ['feelVerb', 'feeling', 'about', 'need']),
    statementNoNeed: t('statementNoNeed', ['feelVerb', 'feeling', 'situation'], ['feelVerb', 'feeling', 'situation']),
    statementFeelingOnly: t('statementFeelingOnly', ['feelVerb', 'feeling'], ['feelVerb', 'feeling']),
    statementNeedOnly: t('statementNeedOnly', ['feelVerb', 'feeling', 'need'], ['feelVerb', 'feeling', 'need']),
    statementAboutNoNeed: t('statementAboutNoNeed', ['feelVerb', 'feeling', 'about'], ['feelVerb', 'feeling', 'about']),
    need: t('need', ['need'], ['need']),
    request: t('request', ['request'], ['request']),
    feelPresent: t('feelPresent', [], []),
    feelPast: t('feelPast', [], []),
    feelingJoin: str(file, 'rewrite.feelingJoin', r['feelingJoin']),
    situationJoin: str(file, 'rewrite.situationJoin', r['situationJoin']),
    wonder: t('wonder', ['clause'], ['clause']),
    gerund: t('gerund', ['phrase'], ['phrase']),
    statementTail: t('statementTail', ['feelVerb', 'feeling', 'tail', 'need'], ['feelVerb', 'feeling', 'tail', 'need']),
    makeMePresent: t('makeMePresent', ['rest'], ['rest']),
    makeMePast: t('makeMePast', ['rest'], ['rest']),
    madeMeState: t('madeMeState', ['rest'], ['rest']),
    madeMeSeem: t('madeMeSeem', ['verb', 'rest'], ['verb', 'rest']),
    maxSituations: num(file, 'rewrite.maxSituations', r['maxSituations'], 1, 5),
  };

  const cm = obj(file, 'compose', root['compose']);
  const compose: ComposeContent = {
    stripFeeling: ex.regexes('compose.stripFeeling', cm['stripFeeling']),
    stripBehaviour: ex.regexes('compose.stripBehaviour', cm['stripBehaviour']),
    stripNeed: ex.regexes('compose.stripNeed', cm['stripNeed']),
    needIsClause: ex.regexes('compose.needIsClause', cm['needIsClause']),
    stripRequest: ex.regexes('compose.stripRequest', cm['stripRequest']),
    keepRequest: ex.regexes('compose.keepRequest', cm['keepRequest']),
    requestWe: ex.regexes('compose.requestWe', cm['requestWe']),
    requestWeSuffix: str(file, 'compose.requestWeSuffix', cm['requestWeSuffix']),
    trailing: ex.regex('compose.trailing', cm['trailing']),
    aboutStart: ex.regexes('compose.aboutStart', cm['aboutStart']),
  };

  const f = obj(file, 'feedback', root['feedback']);
  const missing = obj(file, 'feedback.missing', f['missing']);
  const feedback: FeedbackContent = {
    notes: list(file, 'feedback.notes', f['notes'], (item, k) => {
      const o = obj(file, k, item);
      return { id: str(file, `${k}.id`, o['id']), pattern: ex.regex(`${k}.pattern`, o['pattern']), text: requirePlaceholders(file, `${k}.text`, str(file, `${k}.text`, o['text']), ['quote'], ['quote']) };
    }, { minLength: 0 }),
    goodIntro: str(file, 'feedback.goodIntro', f['goodIntro']),
    missing: {
      feeling: requirePlaceholders(file, 'feedback.missing.feeling', str(file, 'feedback.missing.feeling', missing['feeling']), ['examples'], ['examples']),
      situation: str(file, 'feedback.missing.situation', missing['situation']),
      need: str(file, 'feedback.missing.need', missing['need']),
      request: str(file, 'feedback.missing.request', missing['request']),
    },
    listJoin: str(file, 'feedback.listJoin', f['listJoin']),
    listLast: str(file, 'feedback.listLast', f['listLast']),
  };

  const s = obj(file, 'strengths', root['strengths']);
  const strength = (key: keyof StrengthsContent, withQuote: boolean): string =>
    requirePlaceholders(file, `strengths.${key}`, str(file, `strengths.${key}`, s[key]), withQuote ? ['quote'] : [], ['quote']);
  const strengths: StrengthsContent = {
    feeling: strength('feeling', true),
    situation: strength('situation', true),
    need: strength('need', true),
    request: strength('request', true),
    ownership: strength('ownership', false),
  };

  const cu = obj(file, 'cues', root['cues']);
  const cues: CueContent = {
    feelingFrame: ex.regex('cues.feelingFrame', cu['feelingFrame']),
    situationAfterFeeling: ex.regex('cues.situationAfterFeeling', cu['situationAfterFeeling']),
    situationBeforeFeeling: ex.regex('cues.situationBeforeFeeling', cu['situationBeforeFeeling']),
    need: ex.regex('cues.need', cu['need']),
    request: ex.regex('cues.request', cu['request']),
    ownership: ex.regex('cues.ownership', cu['ownership']),
    meMakeMe: ex.regex('cues.meMakeMe', cu['meMakeMe']),
  };

  const pushbackKeys = [...ISTATEMENT_FLAGS, 'empty'];
  const behaviourPushback = stringRecord(file, 'behaviourPushback', root['behaviourPushback']);
  for (const key of [...pushbackKeys, 'vague_behaviour']) {
    if (!behaviourPushback[key]) throw new ContentError(file, `behaviourPushback.${key}`, 'is missing');
    requirePlaceholders(file, `behaviourPushback.${key}`, behaviourPushback[key], key === 'empty' ? [] : ['quote'], ['quote']);
  }
  const requestPushback = stringRecord(file, 'requestPushback', root['requestPushback']);
  for (const key of ['threat', 'demand', 'negative_request', 'vague_request', 'absolute', 'label', 'profanity', 'sarcasm', 'you_blame', 'mind_reading', 'empty']) {
    if (!requestPushback[key]) throw new ContentError(file, `requestPushback.${key}`, 'is missing');
    requirePlaceholders(file, `requestPushback.${key}`, requestPushback[key], key === 'empty' ? [] : ['quote'], ['quote']);
  }
  const bc = obj(file, 'behaviourCues', root['behaviourCues']);
  const rc = obj(file, 'requestCues', root['requestCues']);

  const knownWords = new Set<string>();
  const addWords = (items: Iterable<string>): void => {
    for (const item of items) for (const w of words(item.toLowerCase())) knownWords.add(w);
  };
  for (const items of Object.values(wordLists)) addWords(items);
  addWords(realFeeling.keys());
  addWords(fauxForm.keys());
  addWords(grammar.stopwords);
  addWords(Object.keys(normalise.spelling));
  addWords(Object.values(normalise.spelling));
  addWords(Object.values(normalise.contractions));
  addWords(Object.keys(grammar.base));
  addWords(Object.values(grammar.base));

  return {
    normalise,
    flags,
    clauses,
    feelings: { groups, slang, default: defaultFeelings },
    fauxFeelings,
    needs,
    topics,
    defaultTopic,
    grammar,
    rewrite,
    compose,
    feedback,
    strengths,
    cues,
    behaviourPushback,
    behaviourCues: { vague: ex.regexes('behaviourCues.vague', bc['vague']) },
    requestPushback,
    requestCues: {
      demand: ex.regexes('requestCues.demand', rc['demand']),
      negative: ex.regexes('requestCues.negative', rc['negative']),
      vague: ex.regexes('requestCues.vague', rc['vague']),
    },
    index: {
      realFeeling,
      fauxForm,
      knownWords,
      judgement: new Set(['labelAdj', 'insultNoun', 'labelNoun'].flatMap((name) => wordLists[name] ?? []).flatMap((w) => words(w.toLowerCase()))),
    },
  };
}

let cached: IStatementContent | undefined;

/** content/istatement.json, read and validated once. */
export function defaultIStatementContent(): IStatementContent {
  cached ??= parseIStatementContent(readContentJson(FILE), FILE);
  return cached;
}
