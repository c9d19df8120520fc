// Reads content/safety.json (cues per category, hyperbole and negation rules, normalisation data,
// the safety question) and compiles everything once, so screening a message does no parsing.
import { ContentError, readContentJson } from '../content/files.js';
import { list, obj, num, record, regex, str, strList, type Obj } from '../content/check.js';
import { compilePhrase, PhraseError, PhraseSet, type CompiledPhrase, type WordClasses } from './safety-phrase.js';
import type { Normaliser, NormaliserConfig } from './safety-normalise.js';
import { SAFETY_CATEGORIES, SAFETY_LEVELS, isSafetyCategory, type SafetyCategory, type SafetyLevel } from './safety-types.js';

export interface SafetyCue {
  id: string;
  level: SafetyLevel;
  categories: SafetyCategory[];
  /** Named evidence that combos combine ("means" + "distress" -> crisis). */
  signal: string | undefined;
  /** false for cues whose wording already carries the negation ("I don't want to live"). */
  negatable: boolean;
}

export interface SoftenRule {
  id: string;
  /** What an overlapping cue is lowered to: hyperbole -> 'none', a maybe -> 'check'. */
  to: SafetyLevel;
}

export interface Combo {
  id: string;
  signals: string[];
  level: SafetyLevel;
  categories: SafetyCategory[];
}

export interface NegationRules {
  negators: ReadonlySet<string>;
  /** How many words back from a cue a negator may stand. */
  window: number;
  /** Words that end the negated clause ("I'm not ok, and I want to die"). */
  clauseBreaks: ReadonlySet<string>;
  /** A new subject between negator and cue starts another clause ("I can't tell him I cut myself")… */
  subjects: ReadonlySet<string>;
  /** …unless it follows one of these ("it's not like he hits me"). */
  bridges: ReadonlySet<string>;
  /** Phrases that keep a negator from negating ("not sure", "can't stop"). */
  cancel: PhraseSet;
  /** A negated cue followed by one of these is only weakened to 'check' ("haven't … yet"). */
  weakenAfter: ReadonlySet<string>;
  weakenWindow: number;
}

export interface SafetyQuestion {
  text: string;
  yes: string;
  no: string;
}

export interface AnswerRules {
  safe: PhraseSet;
  unsafe: PhraseSet;
  yes: ReadonlySet<string>;
  no: ReadonlySet<string>;
}

export interface SafetyContent {
  file: string;
  labels: Record<SafetyCategory, string>;
  question: SafetyQuestion;
  normaliser: Normaliser;
  cues: SafetyCue[];
  cuePhrases: PhraseSet;
  /** Regular expressions over a sentence's normalised words, for cues where phrasing matters. */
  cuePatterns: { owner: number; re: RegExp }[];
  soften: SoftenRule[];
  softenPhrases: PhraseSet;
  negation: NegationRules;
  combos: Combo[];
  /** This many different 'check' cues in one message make it a crisis. */
  checksToCrisis: number;
  answers: AnswerRules;
}

function knownKeys(file: string, key: string, o: Obj, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ContentError(file, key ? `${key}.${k}` : k, `is not a known key (expected one of ${allowed.join(', ')})`);
  }
}

function level(file: string, key: string, value: unknown): SafetyLevel {
  const s = str(file, key, value);
  if (!(SAFETY_LEVELS as readonly string[]).includes(s)) throw new ContentError(file, key, `must be one of ${SAFETY_LEVELS.join(', ')}`);
  return s as SafetyLevel;
}

function categories(file: string, key: string, value: unknown, minLength = 0): SafetyCategory[] {
  const items = value === undefined ? [] : strList(file, key, value, { minLength });
  return items.map((c, i) => {
    if (!isSafetyCategory(c)) throw new ContentError(file, `${key}[${i}]`, `must be one of ${SAFETY_CATEGORIES.join(', ')}`);
    return c;
  });
}

function wordSet(file: string, key: string, value: unknown): Set<string> {
  return new Set(strList(file, key, value).map((w) => w.toLowerCase()));
}

/** Expands @references inside classes, so "@subject" can include "@partner". */
function expandClasses(file: string, raw: Record<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (name: string, path: string[]): string[] => {
    const done = out.get(name);
    if (done) return done;
    const words = raw[name];
    if (!words) throw new ContentError(file, `classes.${path[path.length - 1] ?? name}`, `refers to unknown class "@${name}"`);
    if (path.includes(name)) throw new ContentError(file, `classes.${name}`, `refers to itself through ${[...path, name].join(' -> ')}`);
    const expanded = new Set<string>();
    for (const w of words) {
      if (w.startsWith('@')) visit(w.slice(1), [...path, name]).forEach((x) => expanded.add(x));
      else expanded.add(w);
    }
    const result = [...expanded];
    out.set(name, result);
    return result;
  };
  Object.keys(raw).forEach((name) => visit(name, []));
  return out;
}

interface PhraseCompiler {
  compile(key: string, value: unknown, owner: number, out: CompiledPhrase[]): void;
}

function phraseCompiler(file: string, classes: WordClasses, rewritten: ReadonlyMap<string, readonly string[]>): PhraseCompiler {
  return {
    compile(key, value, owner, out) {
      strList(file, key, value).forEach((source, i) => {
        const where = `${key}[${i}]`;
        // A word the normaliser rewrites can never reach a phrase: say so instead of silently never matching.
        for (const word of source.split(/[\s|]+/)) {
          const bare = word.replace(/^[?!=<]+/, '');
          const target = rewritten.get(bare);
          if (target) throw new ContentError(file, where, `uses "${bare}", which normalisation rewrites to "${target.join(' ')}"`);
        }
        try {
          out.push(compilePhrase(source, owner, classes));
        } catch (err) {
          if (err instanceof PhraseError) throw new ContentError(file, where, `"${source}": ${err.message}`);
          throw err;
        }
      });
    },
  };
}

function parseNormaliser(file: string, raw: unknown): NormaliserConfig {
  const o = obj(file, 'normalise', raw);
  knownKeys(file, 'normalise', o, ['rewrites', 'words', 'joins', 'leet', 'keepDigits', 'fuzzy']);
  const rewrites = list(file, 'normalise.rewrites', o['rewrites'], (item, key) => {
    const r = obj(file, key, item);
    knownKeys(file, key, r, ['find', 'replace', 'why']);
    return { find: regex(file, `${key}.find`, r['find'], 'giu'), replace: str(file, `${key}.replace`, r['replace'], { allowEmpty: true }) };
  });
  const words = new Map<string, string[]>();
  for (const [group, entries] of Object.entries(record(file, 'normalise.words', o['words'], (v, key) => record(file, key, v, (w, k) => str(file, k, w))))) {
    for (const [from, to] of Object.entries(entries)) {
      if (!/^[a-z0-9_]+$/.test(from)) throw new ContentError(file, `normalise.words.${group}.${from}`, 'must be one lower-case word');
      if (words.has(from)) throw new ContentError(file, `normalise.words.${group}.${from}`, 'is listed twice');
      words.set(from, to.toLowerCase().split(/\s+/));
    }
  }
  const joins = new Map(Object.entries(record(file, 'normalise.joins', o['joins'], (v, k) => str(file, k, v))));
  const leet = new Map(Object.entries(record(file, 'normalise.leet', o['leet'], (v, k) => str(file, k, v))));
  const fuzzy = obj(file, 'normalise.fuzzy', o['fuzzy']);
  knownKeys(file, 'normalise.fuzzy', fuzzy, ['minLength', 'targets', 'protect', 'censorTargets']);
  const fuzzyTargets = strList(file, 'normalise.fuzzy.targets', fuzzy['targets']);
  const fuzzyProtect = wordSet(file, 'normalise.fuzzy.protect', fuzzy['protect']);
  fuzzyTargets.forEach((t, i) => {
    if (fuzzyProtect.has(t)) throw new ContentError(file, `normalise.fuzzy.targets[${i}]`, `"${t}" is also protected`);
  });
  return {
    rewrites,
    words,
    joins,
    leet,
    keepDigits: regex(file, 'normalise.keepDigits', o['keepDigits'], 'u'),
    fuzzyTargets,
    fuzzyProtect,
    fuzzyMinLength: num(file, 'normalise.fuzzy.minLength', fuzzy['minLength'], 3, 20),
    censorTargets: strList(file, 'normalise.fuzzy.censorTargets', fuzzy['censorTargets']),
  };
}

export function parseSafetyContent(raw: unknown, file = 'safety.json'): SafetyContent {
  const root = obj(file, '', raw);
  knownKeys(file, '', root, ['about', 'labels', 'question', 'answers', 'normalise', 'classes', 'negation', 'cues', 'soften', 'combos', 'escalate']);

  const labelsRaw = record(file, 'labels', root['labels'], (v, k) => str(file, k, v));
  for (const c of SAFETY_CATEGORIES) if (!labelsRaw[c]) throw new ContentError(file, `labels.${c}`, 'is missing');
  const labels = labelsRaw as Record<SafetyCategory, string>;

  const q = obj(file, 'question', root['question']);
  knownKeys(file, 'question', q, ['text', 'yes', 'no']);
  const question = { text: str(file, 'question.text', q['text']), yes: str(file, 'question.yes', q['yes']), no: str(file, 'question.no', q['no']) };

  const normaliserConfig = parseNormaliser(file, root['normalise']);
  const classes = expandClasses(file, record(file, 'classes', root['classes'], (v, k) => strList(file, k, v)));
  for (const [name, words] of classes) {
    for (const w of words) {
      const target = normaliserConfig.words.get(w);
      if (target) throw new ContentError(file, `classes.${name}`, `lists "${w}", which normalisation rewrites to "${target.join(' ')}"`);
    }
  }
  const compiler = phraseCompiler(file, classes, normaliserConfig.words);

  const cues: SafetyCue[] = [];
  const cuePhraseList: CompiledPhrase[] = [];
  const cuePatterns: { owner: number; re: RegExp }[] = [];
  const ids = new Set<string>();
  list(file, 'cues', root['cues'], (item, key) => {
    const c = obj(file, key, item);
    knownKeys(file, key, c, ['id', 'level', 'categories', 'signal', 'negatable', 'phrases', 'patterns', 'why']);
    const id = str(file, `${key}.id`, c['id']);
    if (ids.has(id)) throw new ContentError(file, `${key}.id`, `"${id}" is used twice`);
    ids.add(id);
    const cue: SafetyCue = {
      id,
      level: level(file, `${key}.level`, c['level']),
      categories: categories(file, `${key}.categories`, c['categories']),
      signal: c['signal'] === undefined ? undefined : str(file, `${key}.signal`, c['signal']),
      negatable: c['negatable'] === undefined ? true : c['negatable'] === true,
    };
    if (cue.level !== 'none' && cue.categories.length === 0) throw new ContentError(file, `${key}.categories`, `a ${cue.level} cue needs at least one category`);
    if (cue.level === 'none' && cue.signal === undefined) throw new ContentError(file, `${key}.signal`, 'a cue with level none does nothing without a signal');
    const owner = cues.length;
    cues.push(cue);
    if (c['phrases'] === undefined && c['patterns'] === undefined) throw new ContentError(file, key, 'needs phrases or patterns');
    if (c['phrases'] !== undefined) compiler.compile(`${key}.phrases`, c['phrases'], owner, cuePhraseList);
    if (c['patterns'] !== undefined) {
      strList(file, `${key}.patterns`, c['patterns']).forEach((_, i) => {
        cuePatterns.push({ owner, re: regex(file, `${key}.patterns[${i}]`, (c['patterns'] as unknown[])[i], 'gu') });
      });
    }
    return cue;
  });

  const soften: SoftenRule[] = [];
  const softenPhraseList: CompiledPhrase[] = [];
  list(file, 'soften', root['soften'], (item, key) => {
    const s = obj(file, key, item);
    knownKeys(file, key, s, ['id', 'to', 'phrases', 'why']);
    const to = level(file, `${key}.to`, s['to']);
    if (to === 'crisis') throw new ContentError(file, `${key}.to`, 'softening can only lower a cue to none or check');
    const owner = soften.length;
    soften.push({ id: str(file, `${key}.id`, s['id']), to });
    compiler.compile(`${key}.phrases`, s['phrases'], owner, softenPhraseList);
    return to;
  }, { minLength: 0 });

  const signals = new Set(cues.flatMap((c) => (c.signal ? [c.signal] : [])));
  const combos = list(file, 'combos', root['combos'], (item, key) => {
    const c = obj(file, key, item);
    knownKeys(file, key, c, ['id', 'signals', 'level', 'categories', 'why']);
    const comboSignals = strList(file, `${key}.signals`, c['signals'], { minLength: 2 });
    comboSignals.forEach((s, i) => {
      if (!signals.has(s)) throw new ContentError(file, `${key}.signals[${i}]`, `no cue gives the signal "${s}"`);
    });
    return {
      id: str(file, `${key}.id`, c['id']),
      signals: comboSignals,
      level: level(file, `${key}.level`, c['level']),
      categories: categories(file, `${key}.categories`, c['categories'], 1),
    };
  }, { minLength: 0 });

  const n = obj(file, 'negation', root['negation']);
  knownKeys(file, 'negation', n, ['negators', 'window', 'clauseBreaks', 'subjects', 'bridges', 'cancel', 'weakenAfter', 'weakenWindow']);
  const cancelList: CompiledPhrase[] = [];
  compiler.compile('negation.cancel', n['cancel'], 0, cancelList);
  const negation: NegationRules = {
    negators: wordSet(file, 'negation.negators', n['negators']),
    window: num(file, 'negation.window', n['window'], 1, 12),
    clauseBreaks: wordSet(file, 'negation.clauseBreaks', n['clauseBreaks']),
    subjects: wordSet(file, 'negation.subjects', n['subjects']),
    bridges: wordSet(file, 'negation.bridges', n['bridges']),
    cancel: new PhraseSet(cancelList),
    weakenAfter: wordSet(file, 'negation.weakenAfter', n['weakenAfter']),
    weakenWindow: num(file, 'negation.weakenWindow', n['weakenWindow'], 0, 12),
  };

  const e = obj(file, 'escalate', root['escalate']);
  knownKeys(file, 'escalate', e, ['checksToCrisis']);
  const checksToCrisis = num(file, 'escalate.checksToCrisis', e['checksToCrisis'], 2, 10);

  const a = obj(file, 'answers', root['answers']);
  knownKeys(file, 'answers', a, ['safe', 'unsafe', 'yes', 'no']);
  const safeList: CompiledPhrase[] = [];
  const unsafeList: CompiledPhrase[] = [];
  compiler.compile('answers.safe', a['safe'], 0, safeList);
  compiler.compile('answers.unsafe', a['unsafe'], 0, unsafeList);
  const answers: AnswerRules = {
    safe: new PhraseSet(safeList),
    unsafe: new PhraseSet(unsafeList),
    yes: wordSet(file, 'answers.yes', a['yes']),
    no: wordSet(file, 'answers.no', a['no']),
  };

  const cuePhrases = new PhraseSet(cuePhraseList);
  const softenPhrases = new PhraseSet(softenPhraseList);
  const vocabulary = new Set([...cuePhrases.vocabulary, ...softenPhrases.vocabulary]);
  const normaliser: Normaliser = { config: normaliserConfig, vocabulary, wordCache: new Map(), stemCache: new Map() };

  return { file, labels, question, normaliser, cues, cuePhrases, cuePatterns, soften, softenPhrases, negation, combos, checksToCrisis, answers };
}

let cachedDefault: SafetyContent | undefined;

export function defaultSafetyContent(): SafetyContent {
  cachedDefault ??= parseSafetyContent(readContentJson('safety.json'), 'safety.json');
  return cachedDefault;
}
