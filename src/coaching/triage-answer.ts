// Understands a typed answer to one triage question: button values and labels, synonym phrases
// (stemmed, typo-tolerant, negation-aware), content patterns and amounts. Says "not understood"
// rather than guess, and never lets a weak word quietly outvote a safety disclosure.
import { similarity, stem, tokenize } from '../nlu/natural.js';
import type { TriageContent, TriageOptionContent, TriageQuestionContent, UnderstandingContent } from './triage-content.js';
import { QuantityReader, quantityTokens } from './triage-quantity.js';

interface Token {
  raw: string;
  stem: string;
}

interface CompiledPhrase {
  option: TriageOptionContent;
  tokens: Token[];
  weak: boolean;
}

interface CompiledQuestion {
  question: TriageQuestionContent;
  phrases: CompiledPhrase[];
  exact: Map<string, string>;
}

interface Compiled {
  questions: Map<string, CompiledQuestion>;
  negators: Set<string>;
  clauseSplit: RegExp;
  quantities: QuantityReader;
}

interface PhraseMatch {
  phrase: CompiledPhrase;
  start: number;
  end: number;
  negatorInside: boolean;
}

interface Evidence {
  option: TriageOptionContent;
  score: number;
  /** from a shared yes/no lexicon rather than a phrase about this question */
  weak: boolean;
  /** a negated phrase counted for its option's negatedTo */
  flipped: boolean;
}

const compiledCache = new WeakMap<TriageContent, Compiled>();

function toTokens(text: string): Token[] {
  return tokenize(text).map((raw) => ({ raw, stem: stem(raw) }));
}

/** Lower case, apostrophes dropped, punctuation to spaces: how button values and labels are compared. */
function normaliseWhole(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`']/g, '')
    .replace(/_/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(content: TriageContent): Compiled {
  const hit = compiledCache.get(content);
  if (hit) return hit;
  const questions = new Map<string, CompiledQuestion>();
  for (const question of content.questions) {
    const exact = new Map<string, string>();
    for (const o of question.options) {
      exact.set(normaliseWhole(o.value), o.value);
      exact.set(normaliseWhole(o.label), o.value);
    }
    const phrases = question.options.flatMap((option) =>
      option.phrases.map((p) => ({ option, tokens: toTokens(p.text), weak: p.weak })).filter((p) => p.tokens.length > 0),
    );
    questions.set(question.id, { question, phrases, exact });
  }
  const negators = new Set(content.understanding.negators.flatMap((n) => tokenize(n)));
  // Sentence punctuation (but not the dot in "1.5") and words like "but" start a new clause,
  // so negation never reaches across them: "no, I'm safe" and "not now but before".
  const breaks = content.understanding.clauseBreaks.map((b) => `\\b${escapeRegExp(b.toLowerCase())}\\b`);
  const clauseSplit = new RegExp(['[,;:!?()\\n\\r]+', '(?<!\\d)\\.|\\.(?!\\d)', ...breaks].join('|'), 'u');
  const compiled: Compiled = { questions, negators, clauseSplit, quantities: new QuantityReader(content.quantities, negators) };
  compiledCache.set(content, compiled);
  return compiled;
}

function sameWord(a: Token, b: Token, fuzzy: UnderstandingContent['fuzzy']): boolean {
  if (a.raw === b.raw || a.stem === b.stem) return true;
  // Typos on longer words only ("threatend", "controling"); short words are too easy to confuse.
  if (a.raw.length < fuzzy.minLength || b.raw.length < fuzzy.minLength) return false;
  if (a.raw[0] !== b.raw[0] || Math.abs(a.raw.length - b.raw.length) > fuzzy.maxLengthDifference) return false;
  if (/\d/.test(a.raw) || /\d/.test(b.raw)) return false;
  return similarity(a.raw, b.raw) >= fuzzy.minSimilarity;
}

/** Finds a phrase in the clause, allowing one extra word between its words ("not very safe"). */
function findPhrase(clause: readonly Token[], phrase: CompiledPhrase, from: number, c: Compiled, understanding: UnderstandingContent): PhraseMatch | undefined {
  const first = phrase.tokens[0];
  if (!first) return undefined;
  for (let start = from; start < clause.length; start += 1) {
    const head = clause[start];
    if (!head || !sameWord(head, first, understanding.fuzzy)) continue;
    let at = start;
    let negatorInside = false;
    let ok = true;
    for (const want of phrase.tokens.slice(1)) {
      const next = clause[at + 1];
      const skip = clause[at + 2];
      if (next && sameWord(next, want, understanding.fuzzy)) {
        at += 1;
      } else if (next && skip && sameWord(skip, want, understanding.fuzzy)) {
        // "would never come" must not count as "would come".
        if (c.negators.has(next.raw)) negatorInside = true;
        at += 2;
      } else {
        ok = false;
        break;
      }
    }
    if (ok) return { phrase, start, end: at, negatorInside };
  }
  return undefined;
}

function phraseEvidence(clause: readonly Token[], cq: CompiledQuestion, c: Compiled, understanding: UnderstandingContent): Evidence[] {
  const found: PhraseMatch[] = [];
  for (const phrase of cq.phrases) {
    let from = 0;
    for (let m = findPhrase(clause, phrase, from, c, understanding); m; m = findPhrase(clause, phrase, from, c, understanding)) {
      found.push(m);
      from = m.start + 1;
    }
  }
  // Longer phrases claim their words first: "not sure" beats "sure", "nothing works" beats "nothing".
  found.sort((a, b) => b.phrase.tokens.length - a.phrase.tokens.length || a.end - a.start - (b.end - b.start) || a.start - b.start);
  const kept: PhraseMatch[] = [];
  for (const m of found) {
    if (kept.every((k) => m.end < k.start || m.start > k.end)) kept.push(m);
  }
  // A negator inside a longer phrase ("not sure", "hes not like that") negates nothing else, unless it
  // ends that phrase and so reaches forward: "he would never | hurt me".
  const swallowed = new Set<number>();
  for (const k of kept) if (k.phrase.tokens.length > 1) for (let i = k.start; i < k.end; i += 1) swallowed.add(i);

  const out: Evidence[] = [];
  for (const m of kept) {
    let negated = m.negatorInside;
    for (let i = Math.max(0, m.start - understanding.negationWindow); i < m.start && !negated; i += 1) {
      const t = clause[i];
      if (t && c.negators.has(t.raw) && !swallowed.has(i)) negated = true;
    }
    const score = m.phrase.tokens.length;
    if (!negated) {
      out.push({ option: m.phrase.option, score, weak: m.phrase.weak, flipped: false });
    } else {
      const meant = cq.question.options.find((o) => o.value === m.phrase.option.negatedTo);
      if (meant) out.push({ option: meant, score: score * understanding.weights.negatedFactor, weak: m.phrase.weak, flipped: true });
    }
  }
  return out;
}

function patternEvidence(clauseText: string, cq: CompiledQuestion, weight: number): Evidence[] {
  return cq.question.options.filter((o) => o.patterns.some((p) => p.test(clauseText))).map((option) => ({ option, score: weight, weak: false, flipped: false }));
}

/** Only the largest amount counts: "2 years, worse these last 3 months" has lasted 2 years. */
function amountEvidence(clauseTexts: readonly string[], cq: CompiledQuestion, c: Compiled, weight: number): Evidence[] {
  const kind = cq.question.quantity;
  if (!kind) return [];
  const values = clauseTexts
    .flatMap((t) => c.quantities.read(quantityTokens(t)))
    .filter((a) => a.kind === kind && !a.negated)
    .map((a) => a.value);
  if (values.length === 0) return [];
  const value = Math.max(...values);
  const option = cq.question.options.find((o) => o.range && value >= o.range.min && value < o.range.max);
  return option ? [{ option, score: weight, weak: false, flipped: false }] : [];
}

/** Picks an option from the evidence, or undefined when it is missing, tied, or a safety disclosure was outvoted. */
function decide(evidence: readonly Evidence[], question: TriageQuestionContent, cautionMargin: number): string | undefined {
  const totals = new Map<TriageOptionContent, number>();
  for (const e of evidence) totals.set(e.option, (totals.get(e.option) ?? 0) + e.score);
  if (totals.size === 0) return undefined;
  const order = (o: TriageOptionContent): number => question.options.indexOf(o);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || b[0].caution - a[0].caution || order(a[0]) - order(b[0]));

  // A clear disclosure ("he threatens me", "I'm scared") wins on a safety question unless something
  // said outright (not a bare "no", not a negated phrase) outweighs it: "he never hit me but he
  // threatens me" is a disclosure. A false alarm costs a question; a missed one can cost much more.
  const plain = (o: TriageOptionContent): number => evidence.filter((e) => e.option === o && !e.weak && !e.flipped).reduce((sum, e) => sum + e.score, 0);
  const strongCaution = ranked.filter(([o]) => o.caution > 0 && plain(o) > 0);
  const counter = Math.max(0, ...question.options.filter((o) => o.caution === 0).map(plain));
  const disclosure = [...strongCaution].sort((a, b) => b[1] - a[1] || b[0].caution - a[0].caution)[0];
  if (disclosure && disclosure[1] >= counter) return disclosure[0].value;
  const [top, second] = ranked;
  if (!top) return undefined;
  if (second && second[1] === top[1]) {
    const cautious = ranked.filter(([o, s]) => s === top[1] && o.caution > 0);
    return cautious.length > 0 ? cautious[0]?.[0].value : undefined;
  }
  // A lone "no" to "are you safe?" next to "I'm safe" is contradictory: ask again instead of picking,
  // unless the rest of the answer clearly outweighs it ("not lately, years ago yes").
  if (ranked.some(([o, s]) => o !== top[0] && o.caution > 0 && top[1] - s < cautionMargin)) return undefined;
  return top[0].value;
}

/** The option value a typed answer means, or undefined when it is not understood (the dialog re-asks). */
export function interpretWith(content: TriageContent, questionId: string, text: string): string | undefined {
  const c = compile(content);
  const cq = c.questions.get(questionId);
  if (!cq) throw new Error(`triage: unknown question "${questionId}"`);
  const whole = normaliseWhole(text);
  if (whole === '') return undefined;
  const exact = cq.exact.get(whole);
  if (exact !== undefined) return exact;

  const folded = text.toLowerCase().replace(/[\u2018\u2019\u02bc`']/g, '');
  const clauseTexts = folded.split(c.clauseSplit).filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  const { weights } = content.understanding;
  const evidence: Evidence[] = [];
  for (const clauseText of clauseTexts) {
    evidence.push(...phraseEvidence(toTokens(clauseText), cq, c, content.understanding));
    evidence.push(...patternEvidence(clauseText, cq, weights.pattern));
  }
  evidence.push(...amountEvidence(clauseTexts, cq, c, weights.quantity));
  return decide(evidence, cq.question, weights.cautionMargin);
}
