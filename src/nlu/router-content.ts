// Reads and validates content/intents.json: per-route keywords, patterns and training examples, the
// text clean-up tables, the confidence threshold and the clarifying question shown below it.
import { readContentJson, ContentError } from '../content/files.js';
import { list, num, obj, record, regex, str, strList, type Obj } from '../content/check.js';
import { tokenize } from './natural.js';

/** The routes the classifier scores; 'crisis' is decided by the safety screen, never by keywords. */
export type IntentRoute = 'istatement' | 'apology' | 'escalate' | 'other';
/** The three coaching flows offered as buttons when the router is unsure. */
export type FlowRoute = Exclude<IntentRoute, 'other'>;

export const INTENT_ROUTES: readonly IntentRoute[] = ['istatement', 'apology', 'escalate', 'other'];
export const FLOW_ROUTES: readonly FlowRoute[] = ['istatement', 'apology', 'escalate'];

export interface WeightedPattern {
  source: string;
  regex: RegExp;
  weight: number;
}

export interface RouteIntents {
  /** phrase (as written in content) -> weight */
  keywords: Readonly<Record<string, number>>;
  patterns: readonly WeightedPattern[];
  examples: readonly string[];
}

export interface NegationRules {
  cues: readonly string[];
  scope: number;
  breakers: readonly string[];
  keywordFactor: number;
}

export interface IntentsContent {
  /** confidence below which the bot asks the clarifying question instead of starting a flow */
  threshold: number;
  /** confidence given to a route of 'crisis' when the safety screen is unsure (level 'check') */
  safetyCheckConfidence: number;
  blend: { bayesWeight: number; bayesTemperature: number; priors: Readonly<Record<IntentRoute, number>> };
  text: { spelling: Readonly<Record<string, string>>; stopwords: readonly string[]; negation: NegationRules };
  routes: Readonly<Record<IntentRoute, RouteIntents>>;
  clarify: { text: string; buttons: readonly { route: FlowRoute; label: string }[] };
}

const MAX_WEIGHT = 10;

function withoutComments(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('$')));
}

function oneOf<T extends string>(file: string, key: string, value: unknown, allowed: readonly T[]): T {
  const s = str(file, key, value);
  if (!(allowed as readonly string[]).includes(s)) throw new ContentError(file, key, `must be one of ${allowed.join(', ')}`);
  return s as T;
}

function exactKeys(file: string, key: string, o: Obj, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ContentError(file, key ? `${key}.${k}` : k, `unknown key (expected ${allowed.join(', ')})`);
  }
  for (const k of allowed) {
    if (!(k in o)) throw new ContentError(file, key ? `${key}.${k}` : k, 'is missing');
  }
}

function parseRoute(file: string, key: string, raw: unknown): RouteIntents {
  const o = withoutComments(obj(file, key, raw));
  exactKeys(file, key, o, ['keywords', 'patterns', 'examples']);
  const keywords = record(file, `${key}.keywords`, o['keywords'], (v, k) => num(file, k, v, -MAX_WEIGHT, MAX_WEIGHT));
  for (const phrase of Object.keys(keywords)) {
    if (tokenize(phrase.replace(/\.\.\./g, ' ')).length === 0) throw new ContentError(file, `${key}.keywords.${phrase}`, 'has no words');
    if (/^\s*\.\.\.|\.\.\.\s*$/.test(phrase)) throw new ContentError(file, `${key}.keywords.${phrase}`, "'...' must stand between two words");
  }
  const patternWeights = record(file, `${key}.patterns`, o['patterns'], (v, k) => num(file, k, v, -MAX_WEIGHT, MAX_WEIGHT));
  const patterns = Object.entries(patternWeights).map(([source, weight]) => ({
    source,
    regex: regex(file, `${key}.patterns.${source}`, source, 'u'),
    weight,
  }));
  const examples = strList(file, `${key}.examples`, o['examples'], { minLength: 10 });
  return { keywords, patterns, examples };
}

function parseNegation(file: string, key: string, raw: unknown): NegationRules {
  const o = withoutComments(obj(file, key, raw));
  exactKeys(file, key, o, ['cues', 'scope', 'breakers', 'keywordFactor']);
  return {
    cues: strList(file, `${key}.cues`, o['cues']),
    scope: num(file, `${key}.scope`, o['scope'], 1, 12),
    breakers: strList(file, `${key}.breakers`, o['breakers'], { minLength: 0 }),
    keywordFactor: num(file, `${key}.keywordFactor`, o['keywordFactor'], -1, 1),
  };
}

export function parseIntentsContent(raw: unknown, file = 'intents.json'): IntentsContent {
  const root = withoutComments(obj(file, '', raw));
  exactKeys(file, '', root, ['threshold', 'safetyCheckConfidence', 'blend', 'text', 'routes', 'clarify']);
  const threshold = num(file, 'threshold', root['threshold'], 0.01, 0.99);
  const safetyCheckConfidence = num(file, 'safetyCheckConfidence', root['safetyCheckConfidence'], 0, 1);
  // A possible crisis must never fall into the "which flow?" question: it gets the safety question.
  if (safetyCheckConfidence < threshold) {
    throw new ContentError(file, 'safetyCheckConfidence', `must be at least the threshold (${threshold})`);
  }

  const blendRaw = withoutComments(obj(file, 'blend', root['blend']));
  exactKeys(file, 'blend', blendRaw, ['bayesWeight', 'bayesTemperature', 'priors']);
  const priorsRaw = obj(file, 'blend.priors', blendRaw['priors']);
  exactKeys(file, 'blend.priors', priorsRaw, INTENT_ROUTES);
  const priors = Object.fromEntries(
    INTENT_ROUTES.map((r) => [r, num(file, `blend.priors.${r}`, priorsRaw[r], 0.001, 10)]),
  ) as Record<IntentRoute, number>;
  const blend = {
    bayesWeight: num(file, 'blend.bayesWeight', blendRaw['bayesWeight'], 0, 20),
    bayesTemperature: num(file, 'blend.bayesTemperature', blendRaw['bayesTemperature'], 0.1, 100),
    priors,
  };

  const textRaw = withoutComments(obj(file, 'text', root['text']));
  exactKeys(file, 'text', textRaw, ['spelling', 'stopwords', 'negation']);
  const spelling = record(file, 'text.spelling', textRaw['spelling'], (v, k) => str(file, k, v));
  for (const from of Object.keys(spelling)) {
    // Spelling fixes are looked up per token, so a key the tokenizer would split can never match.
    const words = tokenize(from);
    if (words.length !== 1 || words[0] !== from) throw new ContentError(file, `text.spelling.${from}`, 'must be one lower-case word without punctuation');
  }
  const text = {
    spelling,
    stopwords: strList(file, 'text.stopwords', textRaw['stopwords']),
    negation: parseNegation(file, 'text.negation', textRaw['negation']),
  };

  const routesRaw = withoutComments(obj(file, 'routes', root['routes']));
  exactKeys(file, 'routes', routesRaw, INTENT_ROUTES);
  const routes = Object.fromEntries(INTENT_ROUTES.map((r) => [r, parseRoute(file, `routes.${r}`, routesRaw[r])])) as Record<
    IntentRoute,
    RouteIntents
  >;
  const seen = new Map<string, IntentRoute>();
  for (const r of INTENT_ROUTES) {
    routes[r].examples.forEach((example, i) => {
      const norm = tokenize(example).join(' ');
      const other = seen.get(norm);
      if (other !== undefined) {
        throw new ContentError(file, `routes.${r}.examples[${i}]`, `repeats an example of "${other}"`);
      }
      seen.set(norm, r);
    });
  }

  const clarifyRaw = withoutComments(obj(file, 'clarify', root['clarify']));
  exactKeys(file, 'clarify', clarifyRaw, ['text', 'buttons']);
  const buttons = list(file, 'clarify.buttons', clarifyRaw['buttons'], (item, key) => {
    const b = obj(file, key, item);
    return { route: oneOf(file, `${key}.route`, b['route'], FLOW_ROUTES), label: str(file, `${key}.label`, b['label']) };
  });
  const offered = buttons.map((b) => b.route).sort().join(',');
  if (offered !== [...FLOW_ROUTES].sort().join(',')) {
    throw new ContentError(file, 'clarify.buttons', `must offer each flow exactly once (${FLOW_ROUTES.join(', ')})`);
  }
  const clarify = { text: str(file, 'clarify.text', clarifyRaw['text']), buttons };

  return { threshold, safetyCheckConfidence, blend, text, routes, clarify };
}

let cached: IntentsContent | undefined;

/** content/intents.json, read and validated once. */
export function defaultIntentsContent(): IntentsContent {
  cached ??= parseIntentsContent(readContentJson('intents.json'));
  return cached;
}
