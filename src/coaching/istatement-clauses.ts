// Splits normalised text into clauses and works out each clause's grammatical subject, whether it is
// subordinate ("when you ..."), a question or a request, and whether it praises or complains: the
// checker needs this to tell "you never help" from "I love how you always make me laugh".
import type { ClauseContent, IStatementContent, WordSetName } from './istatement-content.js';
import { longestPhraseAt, type NormText } from './istatement-text.js';

export type Subject = 'self' | 'them' | 'we' | 'thing' | 'none';

export interface Clause {
  /** token range [start, end) of the clause body, after its connector */
  start: number;
  end: number;
  connector: string | null;
  subordinate: boolean;
  subject: Subject;
  /** first token of the subject (start when none) and one past its last token */
  subjectStart: number;
  subjectEnd: number;
  question: boolean;
  request: boolean;
  sentence: number;
  afterComma: boolean;
}

type Sets = Record<WordSetName, Set<string>>;

/** strict: after a connector that is often a preposition ("after a long shift") only a pronoun or person counts. */
function startsSubject(doc: NormText, i: number, c: ClauseContent, sets: Sets, strict = false): boolean {
  const norm = doc.tokens[i]?.norm;
  if (norm === undefined) return false;
  if (strict && sets.determiners.has(norm) && longestPhraseAt(doc, i, c.themSubjects) === 0) return false;
  if (c.questionStarts.includes(norm) && norm !== 'that') return true;
  return [c.self, c.themSubjects, c.we, c.thing].some((group) => longestPhraseAt(doc, i, group) > 0);
}

function skipDiscourse(doc: NormText, i: number, end: number, c: { discourse: string[][] }): number {
  let k = i;
  for (;;) {
    if (k >= end) return k;
    const n = longestPhraseAt(doc, k, c.discourse);
    // "you know" is discourse only when nothing but punctuation follows it
    if (n === 0) return k;
    if (doc.tokens[k]?.norm === 'you' && k + n < end) return k;
    k += n;
  }
}

interface SubjectInfo {
  subject: Subject;
  subjectStart: number;
  subjectEnd: number;
  question: boolean;
  request: boolean;
}

function findSubject(doc: NormText, start: number, end: number, c: ClauseContent, discourse: string[][]): SubjectInfo {
  const i = skipDiscourse(doc, start, end, { discourse });
  const none: SubjectInfo = { subject: 'none', subjectStart: i, subjectEnd: i, question: false, request: false };
  if (i >= end) return none;
  const classify = (k: number): { subject: Subject; len: number } => {
    const them = longestPhraseAt(doc, k, c.themSubjects);
    if (them > 0) return { subject: 'them', len: them };
    if (doc.tokens[k]?.norm === 'i') return { subject: 'self', len: 1 };
    if (doc.tokens[k]?.norm === 'we') return { subject: 'we', len: 1 };
    const thing = longestPhraseAt(doc, k, c.thing);
    if (thing > 0) return { subject: 'thing', len: thing };
    const self = longestPhraseAt(doc, k, c.self);
    if (self > 0) return { subject: 'thing', len: self };
    return { subject: 'none', len: 0 };
  };
  const first = doc.tokens[i]?.norm ?? '';
  if (c.questionStarts.includes(first) && !['that', 'what'].includes(first)) {
    const request = longestPhraseAt(doc, i, c.requestStarts) > 0;
    for (let k = i + 1; k < Math.min(end, i + 4); k += 1) {
      if (doc.tokens[k]?.norm === 'not') continue;
      const { subject, len } = classify(k);
      if (subject !== 'none' && subject !== 'thing') return { subject, subjectStart: k, subjectEnd: k + len, question: true, request };
    }
    return { ...none, question: true, request };
  }
  const request = longestPhraseAt(doc, i, c.requestStarts) > 0;
  const { subject, len } = classify(i);
  return { subject, subjectStart: i, subjectEnd: i + len, question: false, request };
}

/**
 * "when you get home you are going to explain": a subordinate clause written without its comma.
 * A person subject that is not the object of the word before it starts the main clause.
 */
function opensMainClause(doc: NormText, i: number, start: number, connector: string | null, c: ClauseContent): boolean {
  if (connector === null || i < start + 2 || !c.subordinators.some((s) => s.join(' ') === connector)) return false;
  const prev = doc.tokens[i - 1];
  if (!prev || prev.punct || c.objectTakers.has(prev.norm)) return false;
  return longestPhraseAt(doc, i, c.themSubjects) > 0 || ['i', 'we'].includes(doc.tokens[i]?.norm ?? '');
}

export function splitClauses(doc: NormText, content: IStatementContent): Clause[] {
  const c = content.clauses;
  const sets = content.grammar.sets;
  const discourse = content.normalise.discourse;
  const clauses: Clause[] = [];
  let sentence = 0;
  let start = 0;
  let connector: string | null = null;
  let afterComma = false;
  const close = (end: number): void => {
    if (end > start) {
      const info = findSubject(doc, start, end, c, discourse);
      const prev = clauses[clauses.length - 1];
      const coordinated = connector !== null && sets.coordinatedWith.has(connector) && !afterComma && prev?.sentence === sentence && prev.subordinate;
      const subordinate = (connector !== null && c.subordinators.some((s) => s.join(' ') === connector)) || coordinated;
      clauses.push({ start, end, connector, subordinate, sentence, afterComma, ...info });
    }
  };
  let i = 0;
  while (i < doc.tokens.length) {
    const token = doc.tokens[i];
    if (!token) break;
    if (token.punct) {
      close(i);
      const isEnd = /^[.!?]$/.test(token.norm);
      if (isEnd) sentence += 1;
      afterComma = !isEnd && [',', ';', ':', '-'].includes(token.norm);
      connector = null;
      start = i + 1;
      i += 1;
      continue;
    }
    if (opensMainClause(doc, i, start, connector, c)) {
      close(i);
      connector = null;
      afterComma = false;
      start = i;
    }
    const sub = longestPhraseAt(doc, i, c.subordinators);
    const coord = sub > 0 ? 0 : longestPhraseAt(doc, i, c.coordinators);
    const n = Math.max(sub, coord);
    if (n > 0) {
      const phrase = doc.tokens.slice(i, i + n).map((t) => t.norm).join(' ');
      // "so lazy" stays one clause, "so you ..." opens one
      const gated = sets.needsSubject.has(phrase) || coord > 0;
      if (!gated || startsSubject(doc, i + n, c, sets, sets.prepositionLike.has(phrase))) {
        // a connector at the very start of a clause just labels it
        if (i > start) {
          close(i);
          afterComma = false;
        }
        connector = phrase;
        start = i + n;
        i += n;
        continue;
      }
    }
    i += 1;
  }
  close(doc.tokens.length);
  return clauses;
}

/** Character range of a clause in doc.text (from its first to its last token). */
export function clauseChars(doc: NormText, clause: Clause): { from: number; to: number } {
  const from = doc.offsets[clause.start] ?? 0;
  const lastToken = doc.tokens[clause.end - 1];
  const to = (doc.offsets[clause.end - 1] ?? from) + (lastToken?.norm.length ?? 0);
  return { from, to };
}

export function clauseText(doc: NormText, clause: Clause): string {
  const { from, to } = clauseChars(doc, clause);
  return doc.text.slice(from, to);
}


const NEGATION_REACH = 6;

/**
 * Is the word at `wordIndex` negated by a negation up to a few words before it, and not undone by a
 * double negative ("never stop loving you") from the content's word sets?
 */
function negatedAt(words: readonly string[], wordIndex: number, negations: readonly string[], doubleNegative: ReadonlySet<string>): boolean {
  let negated = false;
  for (let k = Math.max(0, wordIndex - NEGATION_REACH); k < wordIndex; k += 1) {
    const w = words[k] ?? '';
    // "can't believe you forgot" is disbelief, not a negation of "forgot"
    const disbelief = w === 'not' && ['can', 'could'].includes(words[k - 1] ?? '') && words[k + 1] === 'believe';
    if (negations.includes(w) && !disbelief) negated = true;
    // "never stop loving you" undoes it
    else if (negated && doubleNegative.has(w)) negated = false;
  }
  return negated;
}

/**
 * Praise minus complaint in one clause: positive words count up and complaint verbs down, each flipped
 * when negated ("never make me laugh" is a complaint, "never let me down" praise).
 */
export function clauseValence(text: string, content: IStatementContent, appreciated: boolean): number {
  const c = content.clauses;
  const twice = content.grammar.sets.doubleNegative;
  const words = text.split(' ');
  const wordIndexAt = (pos: number): number => text.slice(0, pos).split(' ').length - 1;
  let score = appreciated ? 1 : 0;
  for (const m of text.matchAll(c.positive)) score += negatedAt(words, wordIndexAt(m.index), c.negations, twice) ? -1 : 1;
  for (const m of text.matchAll(c.negative)) score += negatedAt(words, wordIndexAt(m.index), c.negations, twice) ? 1 : -1;
  return score;
}
