// Turns a message into normalised tokens (lower case, contractions expanded, common misspellings and
// text-speak fixed) that remember where they came from, so cue patterns stay simple while quotes stay
// the person's own words.
import { editDistance, stem } from '../nlu/natural.js';
import type { ContextualRule, NormaliseContent } from './istatement-content.js';

export interface Token {
  /** normalised form: one lower-case word or punctuation mark */
  norm: string;
  /** the source text this token came from (shared by the words of an expansion such as don't -> do not) */
  raw: string;
  start: number;
  end: number;
  punct: boolean;
  /** the source word starts a sentence (so its capital letter is not a proper noun) */
  sentenceInitial: boolean;
  /** normalisation changed the word (expanded, corrected), so its original casing is meaningless */
  changed: boolean;
}

export interface NormText {
  original: string;
  tokens: Token[];
  /** tokens joined by single spaces: what every cue pattern runs on */
  text: string;
  /** offsets[i] = where token i starts in text */
  offsets: number[];
}

const RAW_TOKEN = /[\p{L}\p{N}]+(?:['’‘`*@$#!-]+[\p{L}\p{N}]+)*\**|[.!?…]+|[,;:]|\p{Extended_Pictographic}|\S/gu;
const DROPPED = /^["“”()[\]{}*_~^|\\<>=]+$/u;
const SENTENCE_END = /^[.!?…]+$/u;

function normalisePunct(raw: string): string {
  if (/^[.…]+$/u.test(raw)) return '.';
  if (/^[!?.…]+$/u.test(raw)) return raw.includes('?') ? '?' : '!';
  return raw;
}

function collapseElongation(word: string, known: ReadonlySet<string>): string {
  if (!/(\p{L})\1{2,}/u.test(word)) return word;
  const two = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (known.has(two)) return two;
  const one = word.replace(/(\p{L})\1{2,}/gu, '$1');
  return known.has(one) ? one : two;
}

function fuzzyCorrect(word: string, content: NormaliseContent, known: ReadonlySet<string>): string {
  const { minLength, targets, exclude } = content.fuzzy;
  if (word.length < minLength || known.has(word) || exclude.includes(word) || /[^a-z]/.test(word)) return word;
  let best = word;
  let bestDistance = Infinity;
  for (const target of targets) {
    if (target[0] !== word[0] || Math.abs(target.length - word.length) > 1) continue;
    // two slips only in long words, and never by dropping letters ("constant" is not "constantly")
    const allowed = target.length >= 9 && word.length >= target.length - 1 ? 2 : 1;
    const d = editDistance(word, target);
    // "criticizes" is an inflection of "criticized", not a typo of it
    if (d <= allowed && d < bestDistance && stem(word) !== stem(target)) {
      best = target;
      bestDistance = d;
    }
  }
  return best;
}

/** One raw word -> its normalised words (usually one; contractions and text-speak expand). */
function normaliseWord(raw: string, content: NormaliseContent, known: ReadonlySet<string>): string[] {
  let word = raw.toLowerCase().replace(/[’‘`]/g, "'").replace(/^'+|'+$/g, '');
  if (word === '') return [];
  word = collapseElongation(word, known);
  const mask = content.masks.find((m) => m.pattern.test(word));
  if (mask) word = mask.becomes;
  const spelled = content.spelling[word] ?? fuzzyCorrect(word, content, known);
  const out: string[] = [];
  for (const part of spelled.split(/\s+/)) {
    const expanded = content.contractions[part];
    out.push(...(expanded ? expanded.split(/\s+/) : [part]));
  }
  return out;
}

const END = '<end>';

function contextualApplies(rule: ContextualRule, tokens: readonly Token[], i: number, prev: string | undefined): boolean {
  const next = tokens[i + 1];
  if (next === undefined || next.punct || (prev !== undefined && rule.notAfter.includes(prev))) return false;
  if (!rule.next.includes(next.norm) && !rule.nextPattern?.test(next.norm)) return false;
  if (rule.afterNext.length === 0) return true;
  const after = tokens[i + 2];
  return rule.afterNext.includes(after === undefined || after.punct ? END : after.norm);
}

function applyContextual(tokens: Token[], content: NormaliseContent): Token[] {
  const out: Token[] = [];
  tokens.forEach((token, i) => {
    const prev = out[out.length - 1]?.norm;
    const rule = content.contextual.find((r) => r.token === token.norm && contextualApplies(r, tokens, i, prev));
    if (rule) {
      for (const norm of rule.becomes) out.push({ ...token, norm, changed: true });
    } else {
      out.push(token);
    }
  });
  return out;
}

export function normaliseText(original: string, content: NormaliseContent, known: ReadonlySet<string>): NormText {
  let tokens: Token[] = [];
  let sentenceInitial = true;
  for (const match of original.matchAll(RAW_TOKEN)) {
    let raw = match[0];
    const start = match.index;
    // "eyes*" from "*rolls eyes*": a trailing mask only belongs to short censored words (f***, sh**).
    if (/\*+$/.test(raw) && raw.replace(/\*+$/, '').length > 3) raw = raw.replace(/\*+$/, '');
    const end = start + raw.length;
    if (DROPPED.test(raw)) continue;
    // emoji count as words: an eye-roll is part of what was said
    const isWord = /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(raw);
    if (!isWord) {
      tokens.push({ norm: normalisePunct(raw), raw, start, end, punct: true, sentenceInitial: false, changed: false });
      if (SENTENCE_END.test(raw)) sentenceInitial = true;
      continue;
    }
    const norms = normaliseWord(raw, content, known);
    const lowered = raw.toLowerCase().replace(/[’‘`]/g, "'");
    for (const norm of norms) {
      tokens.push({ norm, raw, start, end, punct: false, sentenceInitial, changed: norms.length > 1 || norm !== lowered });
    }
    sentenceInitial = false;
  }
  tokens = applyContextual(tokens, content);
  const offsets: number[] = [];
  let cursor = 0;
  for (const token of tokens) {
    offsets.push(cursor);
    cursor += token.norm.length + 1;
  }
  return { original, tokens, text: tokens.map((t) => t.norm).join(' '), offsets };
}

/** The token index holding character `pos` of doc.text (the next token when pos is a space). */
export function tokenAt(doc: NormText, pos: number): number {
  let lo = 0;
  let hi = doc.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((doc.offsets[mid] ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  const token = doc.tokens[lo];
  if (token && pos >= (doc.offsets[lo] ?? 0) + token.norm.length && lo + 1 < doc.tokens.length) return lo + 1;
  return lo;
}

/** Token range [first, last] covered by characters [start, end) of doc.text. */
export function tokenRange(doc: NormText, start: number, end: number): { first: number; last: number } {
  const first = tokenAt(doc, start);
  const last = Math.max(first, tokenAt(doc, Math.max(start, end - 1)));
  return { first, last };
}

/** The person's own words behind tokens [first, last]. */
function quoteTokens(doc: NormText, first: number, last: number): string {
  const a = doc.tokens[first];
  const b = doc.tokens[last];
  if (!a || !b) return '';
  return doc.original.slice(a.start, b.end).trim();
}

export function quoteSpan(doc: NormText, start: number, end: number): string {
  const { first, last } = tokenRange(doc, start, end);
  return quoteTokens(doc, first, last);
}

/** Matches `phrase` (a list of words) at token i; returns its length or 0. */
export function phraseAt(doc: NormText, i: number, phrase: readonly string[]): number {
  for (let k = 0; k < phrase.length; k += 1) {
    if (doc.tokens[i + k]?.norm !== phrase[k]) return 0;
  }
  return phrase.length;
}

/** The longest phrase of `phrases` starting at token i, or 0. */
export function longestPhraseAt(doc: NormText, i: number, phrases: readonly (readonly string[])[]): number {
  let best = 0;
  for (const phrase of phrases) best = Math.max(best, phraseAt(doc, i, phrase));
  return best;
}
