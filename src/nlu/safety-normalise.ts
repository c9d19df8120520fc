// Turns a raw message into the token stream the safety cues match: unicode and accents folded,
// contractions and chat shorthand expanded ("kms", "dont"), light leetspeak and censoring undone
// ("k1ll", "s*icide"), spaced-out letters joined, misspelt danger words repaired by edit distance.
// Sentence and comma boundaries stay in the stream so negation and gaps respect them.
import { stem, tokenize, typoDistance } from './natural.js';
import type { Token, TokenKind } from './safety-phrase.js';

export interface NormaliserConfig {
  /** Applied in order to the lower-cased text before it is split (contractions, emoji, …). */
  rewrites: { find: RegExp; replace: string }[];
  /** Whole-word rewrites: shorthand, apostrophe-less contractions, known misspellings. */
  words: ReadonlyMap<string, readonly string[]>;
  /** Two words that mean one ("my self" -> "myself"). */
  joins: ReadonlyMap<string, string>;
  /** Digits and symbols read as letters inside a word ("k1ll"). */
  leet: ReadonlyMap<string, string>;
  /** Words with digits that are not leetspeak ("3am", "2nd"). */
  keepDigits: RegExp;
  /** Danger words repaired when a word is one typo away. */
  fuzzyTargets: readonly string[];
  /** Real words one typo away from a target, never "repaired". */
  fuzzyProtect: ReadonlySet<string>;
  fuzzyMinLength: number;
  /** Targets for censored words ("k*ll"), which may be short. */
  censorTargets: readonly string[];
}

export interface Normaliser {
  config: NormaliserConfig;
  /** Stems the cues use: a word ending in "in" becomes "-ing" only when that reaches one ("cuttin"). */
  vocabulary: ReadonlySet<string>;
  /** Per-word results; bounded so a long-running bot cannot grow it without limit. */
  wordCache: Map<string, readonly string[]>;
  stemCache: Map<string, string>;
}

const CACHE_LIMIT = 20_000;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/gu;
/** Four or more single letters separated by one space, dot, dash, underscore or star: "s u i c i d e". */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*]\p{L}){3,}(?![\p{L}\p{N}])/gu;
const SPACER = /[ .\-_*]/gu;
const LEET_RUN = /[\p{L}\p{N}@$!*|]+/gu;
const HAS_LETTER = /\p{L}/u;
const HAS_LEET = /[\p{N}@$!*|]/u;
/** Sentence ends become 'stop' tokens; commas, brackets and dashes become 'comma' tokens. */
const SEPARATORS = /([.!?;\n\r\u2026]+|[,:()[\]{}"\u2013\u2014]+|\s-+\s)/u;
const STOP = /[.!?;\n\r\u2026]/u;
const REPEATS = /(.)\1{2,}/gu;
const CENSOR = '_';

function cached<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** "k1ll" -> "kill", "$uicide" -> "suicide", "s*icide" -> "s_icide" (a censored word). */
function undoLeet(run: string, config: NormaliserConfig): string {
  if (!HAS_LETTER.test(run) || !HAS_LEET.test(run)) return run;
  const lead = /^[!*|]+/u.exec(run)?.[0] ?? '';
  const trail = /[!*|]+$/u.exec(run.slice(lead.length))?.[0] ?? '';
  const core = run.slice(lead.length, run.length - trail.length);
  if (core === '' || config.keepDigits.test(core) || config.words.has(core)) return run;
  let out = '';
  for (const ch of core) out += ch === '*' ? CENSOR : (config.leet.get(ch) ?? ch);
  return `${lead}${out}${trail}`;
}

function censoredMatch(word: string, targets: readonly string[]): string | undefined {
  const parts = word.split(CENSOR).map((p) => p.replace(/[^a-z0-9]/gu, ''));
  const re = new RegExp(`^${parts.join('[a-z]{1,2}')}$`, 'u');
  return targets.find((t) => re.test(t));
}

/** "dissapear" and "disappear" both squeeze to "disapear": doubled letters are the commonest slip. */
function squeeze(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

function fuzzyMatch(word: string, config: NormaliserConfig): string | undefined {
  if (word.length < config.fuzzyMinLength || config.fuzzyProtect.has(word) || !/^[a-z]+$/u.test(word)) return undefined;
  const squeezed = squeeze(word);
  for (const target of config.fuzzyTargets) {
    if (squeezed === squeeze(target)) return target;
    if (Math.abs(target.length - word.length) > 1) continue;
    // Typos rarely change the first letter; requiring it keeps "cooked" from becoming "choked".
    const sameStart = target[0] === word[0] || (target[0] === word[1] && target[1] === word[0]);
    if (sameStart && typoDistance(word, target) <= 1) return target;
  }
  return undefined;
}

function rewriteWord(raw: string, n: Normaliser): readonly string[] {
  return cached(n.wordCache, raw, () => {
    const config = n.config;
    const word = raw.replace(REPEATS, '$1$1');
    const mapped = config.words.get(word) ?? config.words.get(raw);
    if (mapped) return mapped;
    if (word.includes(CENSOR)) {
      const target = censoredMatch(word, config.censorTargets);
      return [target ?? word.replaceAll(CENSOR, '')];
    }
    if (config.fuzzyTargets.includes(word)) return [word];
    if (word.length >= 4 && word.endsWith('in') && !n.vocabulary.has(stem(word)) && n.vocabulary.has(stem(`${word}g`))) {
      return [`${word}g`];
    }
    const repaired = fuzzyMatch(word, config);
    return [repaired ?? word];
  });
}

function joinWords(words: string[], joins: ReadonlyMap<string, string>): string[] {
  if (joins.size === 0) return words;
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const joined = i + 1 < words.length ? joins.get(`${words[i]} ${words[i + 1]}`) : undefined;
    if (joined) {
      out.push(joined);
      i += 1;
    } else {
      out.push(words[i]!);
    }
  }
  return out;
}

/** Lower-cased, accent-free, contraction-expanded text: the first half of normalise, shared with answers. */
export function foldText(text: string, config: NormaliserConfig): string {
  let s = text.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  s = s.replace(ZERO_WIDTH, '').replace(APOSTROPHES, "'");
  for (const { find, replace } of config.rewrites) s = s.replace(find, replace);
  s = s.replace(SPACED_LETTERS, (m) => m.replace(SPACER, ''));
  return s.replace(LEET_RUN, (run) => undoLeet(run, config));
}

export function normalise(text: string, n: Normaliser): Token[] {
  const folded = foldText(text, n.config);
  const tokens: Token[] = [];
  const pushBoundary = (kind: TokenKind): void => {
    const last = tokens[tokens.length - 1];
    if (!last) return;
    if (last.kind === 'word') tokens.push({ surface: kind === 'stop' ? '.' : ',', stem: kind === 'stop' ? '.' : ',', kind });
    else if (kind === 'stop' && last.kind === 'comma') tokens[tokens.length - 1] = { surface: '.', stem: '.', kind: 'stop' };
  };
  const parts = folded.split(SEPARATORS);
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (i % 2 === 1) {
      pushBoundary(STOP.test(part) ? 'stop' : 'comma');
      continue;
    }
    const words: string[] = [];
    for (const raw of tokenize(part)) words.push(...rewriteWord(raw, n));
    for (const word of joinWords(words, n.config.joins)) {
      tokens.push({ surface: word, stem: cached(n.stemCache, word, () => stem(word)), kind: 'word' });
    }
  }
  return tokens;
}
