// Turns a message into the words the router scores: clauses of normalised words with their stems,
// after slang and spelling fixes, British-to-American folding, typo repair and negation marking.
import { stem, tokenize, typoDistance } from './natural.js';
import type { IntentsContent } from './router-content.js';

export interface Word {
  /** the normalised word ("apologise" -> "apologize", "u" -> "you") */
  word: string;
  /** the key words are compared by: Porter stem of the word with repeated letters squeezed */
  stem: string;
  /** inside the scope of a refusing cue ("I don't need therapy") */
  negated: boolean;
}

export interface AnalysedText {
  clauses: Word[][];
  /** words of each clause joined by spaces, clauses joined by " | ": what content patterns match */
  patternText: string;
}

export interface Lexicon {
  spelling: ReadonlyMap<string, readonly string[]>;
  stopStems: ReadonlySet<string>;
  /** stems of every word content mentions: a word with such a stem is never "repaired" */
  knownStems: Set<string>;
  /** keyword words by first letter, for repairing typos ("theraphy" -> "therapy") */
  repairTargets: Map<string, { squeezed: string; word: string }[]>;
  negationCues: readonly string[][];
  negationScope: number;
  breakers: ReadonlySet<string>;
  /** memo of message token -> its normalised words and stems; bounded so a long-running bot does not grow without end */
  tokens: Map<string, readonly { word: string; stem: string }[]>;
}

const CLAUSE_BREAK = /[.!?;:,\n\r()[\]{}"\u201c\u201d\u2026]+/;
const MIN_REPAIR_LENGTH = 6;
const TOKEN_MEMO_LIMIT = 20_000;

/** "sooorry" -> "sory", "counselling" -> "counseling": spelling variants that only double letters meet. */
export function squeeze(word: string): string {
  return word.replace(/(.)\1+/g, '$1');
}

/** British to American endings, so "apologise", "criticising" and "behaviour" meet their US forms. */
function foldSpelling(word: string): string {
  return word
    .replace(/^(\w{3,})is(e|es|ed|ing|er|ers|ation|ations)$/, '$1iz$2')
    .replace(/^(\w{3,})our(s|ed|ing|ite|ites|able)?$/, '$1or$2');
}

/** Porter stems of short words collide ("his" -> "hi"), so words of up to three letters stay whole. */
export function stemKey(word: string): string {
  const squeezed = squeeze(word);
  return squeezed.length <= 3 ? squeezed : stem(squeezed);
}

function normaliseToken(token: string, lexicon: Lexicon, repair: boolean): string[] {
  const mapped = lexicon.spelling.get(token) ?? [token];
  return mapped.map((w) => {
    const folded = foldSpelling(w);
    return repair ? repairTypo(folded, lexicon) : folded;
  });
}

function repairTypo(word: string, lexicon: Lexicon): string {
  let result = word;
  const squeezed = squeeze(word);
  if (squeezed.length >= MIN_REPAIR_LENGTH && !/\d/.test(word) && !lexicon.knownStems.has(stemKey(squeezed))) {
    const maxDistance = squeezed.length >= 9 ? 2 : 1;
    let best = maxDistance + 1;
    // Candidates are in content order, so ties resolve the same way every run.
    for (const target of lexicon.repairTargets.get(squeezed[0] ?? '') ?? []) {
      if (Math.abs(target.squeezed.length - squeezed.length) > maxDistance) continue;
      const d = typoDistance(squeezed, target.squeezed);
      if (d < best) {
        best = d;
        result = target.word;
      }
    }
  }
  return result;
}

/** A message token's normalised words with their stems, memoised: stemming dominates the cost of a long message. */
function tokenWords(token: string, lexicon: Lexicon): readonly { word: string; stem: string }[] {
  const memo = lexicon.tokens.get(token);
  if (memo !== undefined) return memo;
  const words = normaliseToken(token, lexicon, true).map((word) => ({ word, stem: stemKey(word) }));
  if (lexicon.tokens.size >= TOKEN_MEMO_LIMIT) lexicon.tokens.clear();
  lexicon.tokens.set(token, words);
  return words;
}

/** Builds the word tables from content; typo targets are the words keywords are written with. */
export function buildLexicon(content: IntentsContent): Lexicon {
  const spelling = new Map<string, readonly string[]>();
  for (const [from, to] of Object.entries(content.text.spelling)) spelling.set(from, tokenize(to));
  const negation = content.text.negation;
  const lexicon: Lexicon = {
    spelling,
    stopStems: new Set(content.text.stopwords.flatMap((w) => tokenize(w)).map(stemKey)),
    knownStems: new Set(),
    repairTargets: new Map(),
    negationCues: [],
    negationScope: negation.scope,
    breakers: new Set(),
    tokens: new Map(),
  };
  const plain = (text: string): string[] => tokenize(text).flatMap((t) => normaliseToken(t, lexicon, false));
  lexicon.negationCues = negation.cues.map(plain).filter((cue) => cue.length > 0);
  lexicon.breakers = new Set(negation.breakers.flatMap(plain));

  const known = (text: string): void => {
    for (const w of plain(text)) lexicon.knownStems.add(stemKey(w));
  };
  const targetWords = new Set<string>();
  for (const route of Object.values(content.routes)) {
    for (const phrase of Object.keys(route.keywords)) {
      known(phrase);
      for (const w of plain(phrase.replace(/\.\.\./g, ' '))) if (squeeze(w).length >= MIN_REPAIR_LENGTH - 1) targetWords.add(w);
    }
    route.examples.forEach(known);
  }
  content.text.stopwords.forEach(known);
  Object.values(content.text.spelling).forEach(known);
  for (const word of targetWords) {
    const squeezed = squeeze(word);
    const first = squeezed[0] ?? '';
    const bucket = lexicon.repairTargets.get(first) ?? [];
    bucket.push({ squeezed, word });
    lexicon.repairTargets.set(first, bucket);
  }
  return lexicon;
}

function startsWithAt(words: readonly string[], at: number, cue: readonly string[]): boolean {
  return cue.every((c, k) => words[at + k] === c);
}

function markNegation(clause: Word[], lexicon: Lexicon): void {
  const words = clause.map((w) => w.word);
  for (let i = 0; i < clause.length; i += 1) {
    const cue = lexicon.negationCues.find((c) => startsWithAt(words, i, c));
    if (!cue) continue;
    const from = i + cue.length;
    for (let j = from; j < Math.min(clause.length, from + lexicon.negationScope); j += 1) {
      const w = clause[j];
      if (!w || lexicon.breakers.has(w.word)) break;
      w.negated = true;
    }
    i = from - 1;
  }
}

/** Words of a content phrase, normalised the way message words are (no typo repair). */
export function phraseWords(phrase: string, lexicon: Lexicon): string[] {
  return tokenize(phrase).flatMap((t) => normaliseToken(t, lexicon, false));
}

export function analyseText(text: string, lexicon: Lexicon): AnalysedText {
  const clauses: Word[][] = [];
  for (const part of text.split(CLAUSE_BREAK)) {
    const clause: Word[] = tokenize(part).flatMap((t) => tokenWords(t, lexicon).map((w) => ({ ...w, negated: false })));
    if (clause.length === 0) continue;
    markNegation(clause, lexicon);
    clauses.push(clause);
  }
  return { clauses, patternText: clauses.map((c) => c.map((w) => w.word).join(' ')).join(' | ') };
}
