// Turns a draft into sentences in a canonical lower-case form ("im sry ill fix it" -> "i am sorry i will
// fix it") so one cue pattern covers texting, contractions and common typos; keeps the original for quotes.
import { editDistance } from '../nlu/natural.js';
import type { NegationRules, NormaliseRules } from './apology-content.js';

export interface Sentence {
  original: string;
  norm: string;
  /** Offsets in norm where a clause (after , ; : or a dash) starts; negation never reaches across one. */
  clauseStarts: number[];
}

const APOSTROPHES = /[\u2018\u2019\u02bc`'´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Canonical form of a piece of text: lower-case, contractions expanded, slang and typos mapped, single-spaced. */
export function normalise(text: string, rules: NormaliseRules): string {
  let s = text.toLowerCase().replace(APOSTROPHES, '');
  for (const { find, replace } of rules.replacements) s = s.replace(find, replace);
  const tokens: string[] = [];
  for (const raw of s.split(NON_WORD)) {
    if (raw === '') continue;
    const mapped = rules.words.get(raw) ?? correctSpelling(raw, rules);
    tokens.push(mapped);
  }
  let joined = tokens.join(' ');
  for (const { find, replace } of rules.phrases) joined = joined.replace(find, replace);
  return joined;
}

// Corrections are a pure function of the token and the rules; memoise them (bounded) per rule set.
const MEMO_LIMIT = 20_000;
const corrections = new WeakMap<NormaliseRules, Map<string, string>>();

function correctSpelling(token: string, rules: NormaliseRules): string {
  const sp = rules.spelling;
  if (token.length < sp.minLength || sp.wordSet.has(token) || sp.keep.has(token) || /\d/.test(token)) return token;
  let memo = corrections.get(rules);
  if (!memo) corrections.set(rules, (memo = new Map()));
  const known = memo.get(token);
  if (known !== undefined) return known;
  const corrected = closestWord(token, sp);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(token, corrected);
  return corrected;
}

function closestWord(token: string, sp: NormaliseRules['spelling']): string {
  const limit = token.length >= sp.longWordLength ? sp.longMaxDistance : sp.maxDistance;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const word of sp.words) {
    if (Math.abs(word.length - token.length) > limit) continue;
    const d = editDistance(token, word);
    if (d < bestDistance) {
      best = word;
      bestDistance = d;
    }
  }
  return best ?? token;
}

/** Splits a draft into sentences at . ! ? ; and line breaks (not inside numbers like 5.30). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])(?=\s|["')\]]|$)|[\r\n;]+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

export function toSentences(text: string, rules: NormaliseRules): Sentence[] {
  return splitSentences(text).map((original) => toSentence(original, rules));
}

/** One sentence, normalised clause by clause so punctuation still bounds negation after it is dropped. */
export function toSentence(original: string, rules: NormaliseRules): Sentence {
  let norm = '';
  const clauseStarts: number[] = [];
  for (const clause of splitClauses(original)) {
    const part = normalise(clause, rules);
    if (part === '') continue;
    if (norm !== '') norm += ' ';
    clauseStarts.push(norm.length);
    norm += part;
  }
  return { original, norm, clauseStarts };
}

/** Clauses of one original sentence, for quoting the smallest piece that holds a cue. */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(/\s*(?:[,:()—–]|\s-\s)\s*/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** True if a negator ("not", "never") sits just before the match, within the same clause. */
export function isNegated(norm: string, index: number, rules: NegationRules, clauseStarts: readonly number[] = []): boolean {
  const start = clauseStarts.reduce((best, at) => (at <= index && at > best ? at : best), 0);
  const before = norm.slice(start, index).trim().split(' ').filter((t) => t !== '');
  for (let i = before.length - 1, seen = 0; i >= 0 && seen < rules.window; i -= 1, seen += 1) {
    const token = before[i] ?? '';
    if (rules.clauseBreaks.has(token)) return false;
    if (rules.negators.has(token)) return true;
  }
  return false;
}

/** A quote fit for a feedback sentence: no wrapping punctuation, no inner double quotes, cut at a word. */
export function tidyQuote(text: string, maxLength: number): string {
  let q = text.replace(/"/g, "'").replace(/^[\s"'.,;:!?-]+|[\s"',;:-]+$/gu, '').replace(/\s+/g, ' ');
  q = q.replace(/[.!?]+$/u, '');
  if (q.length <= maxLength) return q;
  const cut = q.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`;
}
