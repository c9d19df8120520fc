// Finds the nine I-statement flags in a message: content patterns (minus their exceptions) plus the
// clause-aware rules that patterns alone cannot express: praise is not blame, a "you" clause that
// accuses is blame, and thanks wrapped around a complaint is sarcasm.
//
// The rule for absolutes (always, never, every time, constantly, nothing, everything, all the time,
// nobody): flagged, except (1) in praise ("you always make me laugh"), (2) inside a threat, which is
// reported as the threat, and (3) an adverb about the speaker's own feelings or habits: a clause whose
// subject is "I", that does not mention the other person and does not complain ("I always feel rushed
// in the mornings"). "I always end up doing the dishes", "every time I ask, you sigh" and "I feel like
// we never talk" are still flagged; so are nothing/everything/nobody, which always speak about others.
import type { IStatementContent } from './istatement-content.js';
import { ISTATEMENT_FLAGS, type IStatementFlag } from './istatement-types.js';
import { clauseChars, clauseText, clauseValence, splitClauses, type Clause } from './istatement-clauses.js';
import { longestPhraseAt, normaliseText, tokenAt, tokenRange, type NormText } from './istatement-text.js';

/** A flag raised over characters [start, end) of doc.text. */
export interface Hit {
  flag: IStatementFlag;
  start: number;
  end: number;
}

export interface Analysis {
  doc: NormText;
  clauses: Clause[];
  hits: Hit[];
}

type Span = { start: number; end: number };

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function matches(patterns: readonly RegExp[], text: string, base = 0): Span[] {
  const out: Span[] = [];
  for (const re of patterns) {
    // a quick test first: matchAll copies the regex, and most patterns do not match at all
    re.lastIndex = 0;
    const found = re.test(text);
    re.lastIndex = 0;
    if (!found) continue;
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      out.push({ start: base + m.index, end: base + m.index + m[0].length });
    }
  }
  return out;
}

function hasMatch(patterns: readonly RegExp[], text: string): boolean {
  return matches(patterns, text).length > 0;
}

/** Appreciation that is not itself negated ("you didn't even say thank you" is a complaint). */
function appreciates(text: string, content: IStatementContent): boolean {
  const { appreciation, negations } = content.clauses;
  return matches(appreciation, text).some((span) => {
    const before = text.slice(0, span.start).split(' ').filter(Boolean).slice(-3);
    return !before.some((w) => negations.includes(w));
  });
}

/** Narrows a span to whole word tokens, dropping punctuation at either end. */
export function trimToWords(doc: NormText, span: Span): Span | undefined {
  let { first, last } = tokenRange(doc, span.start, span.end);
  while (first <= last && doc.tokens[first]?.punct) first += 1;
  while (last >= first && doc.tokens[last]?.punct) last -= 1;
  if (first > last) return undefined;
  const lastToken = doc.tokens[last];
  return { start: doc.offsets[first] ?? 0, end: (doc.offsets[last] ?? 0) + (lastToken?.norm.length ?? 0) };
}

function mentionsThem(doc: NormText, clause: Clause, content: IStatementContent): boolean {
  for (let i = clause.start; i < clause.end; i += 1) if (longestPhraseAt(doc, i, content.clauses.them) > 0) return true;
  return false;
}

function sentenceText(doc: NormText, clauses: readonly Clause[], sentence: number): Span & { text: string } {
  const inSentence = clauses.filter((cl) => cl.sentence === sentence);
  const first = inSentence[0];
  const last = inSentence[inSentence.length - 1];
  if (!first || !last) return { start: 0, end: 0, text: '' };
  const start = clauseChars(doc, first).from;
  const end = clauseChars(doc, last).to;
  return { start, end, text: doc.text.slice(start, end) };
}

/**
 * Negative context that is not a negated complaint ("thank you for not yelling" is sincere). With
 * bareNegations false, a plain "not" is not enough ("great job, it's not easy" is praise).
 */
export function complainsIn(text: string, content: IStatementContent, bareNegations = true): boolean {
  const { negativeContext, negative, negations } = content.clauses;
  for (const span of matches(negativeContext, text)) {
    const word = text.slice(span.start, span.end);
    if (negations.includes(word)) {
      const next = text.slice(span.end).trim().split(' ')[0] ?? '';
      // a tag question ("... don't you?") is not a complaint
      if (!bareNegations || content.grammar.sets.tagSubjects.has(next)) continue;
      const after = text.slice(span.end).split(' ').slice(0, 4).join(' ');
      if (matches([negative], after).length > 0) continue;
    } else {
      // "for not yelling": the complaint word itself is negated
      const before = text.slice(0, span.start).split(' ').filter(Boolean).slice(-2);
      if (before.some((w) => negations.includes(w))) continue;
    }
    return true;
  }
  return false;
}

function sarcasmByRule(doc: NormText, clauses: readonly Clause[], content: IStatementContent): Span[] {
  const out: Span[] = [];
  const { appreciation, praiseStart } = content.clauses;
  clauses.forEach((clause, index) => {
    const { from } = clauseChars(doc, clause);
    // "love that | you forgot our anniversary": the praised thing is in the clause it introduces
    let to = clauseChars(doc, clause).to;
    for (let k = index + 1; k < clauses.length; k += 1) {
      const next = clauses[k];
      if (!next || next.afterComma || next.sentence !== clause.sentence || !['that', 'how', 'when', 'whenever'].includes(next.connector ?? '')) break;
      to = clauseChars(doc, next).to;
    }
    for (const span of matches(appreciation, doc.text.slice(from, to), from)) {
      if (complainsIn(doc.text.slice(span.start, to), content)) out.push({ start: span.start, end: to });
    }
  });
  const sentences = [...new Set(clauses.map((cl) => cl.sentence))];
  for (const sentence of sentences) {
    const s = sentenceText(doc, clauses, sentence);
    // "Wow, you remembered! Only three days late.": a fragment after the praise can give it away
    const next = clauses.filter((cl) => cl.sentence === sentence + 1);
    const fragment = next.length > 0 && next.every((cl) => cl.subject === 'none' || cl.subject === 'them');
    const end = fragment ? sentenceText(doc, clauses, sentence + 1).end : s.end;
    for (const span of matches(praiseStart, s.text, s.start)) {
      if (complainsIn(doc.text.slice(span.end, end), content, false)) out.push(span);
    }
  }
  return out;
}

/**
 * A main-clause "you" that accuses: negation, a complaint verb or "again" after the subject. Words that
 * are already a guess at motives ("you don't care") count as mind reading, not a second blame.
 */
function clauseBlame(doc: NormText, clauses: readonly Clause[], index: number, content: IStatementContent, covered: readonly Span[]): Span | undefined {
  const c = content.clauses;
  const clause = clauses[index];
  if (!clause) return undefined;
  const first = doc.tokens[clause.start]?.norm ?? '';
  if (clause.subject !== 'them' || clause.subordinate || clause.request) return undefined;
  if (clause.question && !content.grammar.sets.whyHow.has(first)) return undefined;
  const subjectAt = doc.offsets[clause.subjectStart] ?? 0;
  // "you are so immature": the label already says it
  if (covered.some((s) => s.start <= subjectAt && s.end > subjectAt)) return undefined;
  const predicateStart = doc.offsets[clause.subjectEnd] ?? clauseChars(doc, clause).to;
  let { to } = clauseChars(doc, clause);
  // ", as usual" / ", again" after a comma still belongs to this accusation
  for (let k = index + 1; k < clauses.length; k += 1) {
    const tail = clauses[k];
    if (!tail || tail.sentence !== clause.sentence || tail.subject !== 'none' || tail.connector !== null) break;
    if (hasMatch(c.accusationMarkers, clauseText(doc, tail))) to = clauseChars(doc, tail).to;
  }
  if (predicateStart >= to) return undefined;
  const predicate = doc.text.slice(predicateStart, to);
  if (hasMatch(c.accusationExemptions, predicate)) return undefined;
  const triggers: Span[] = [];
  const words = predicate.split(' ');
  let pos = 0;
  words.forEach((w, i) => {
    if (c.negations.includes(w) && w !== 'no') {
      const after = words.slice(i + 1, i + 4).join(' ');
      const doubleNegative = matches([c.negative], after).length > 0;
      if (!doubleNegative) triggers.push({ start: predicateStart + pos, end: predicateStart + pos + w.length });
    }
    pos += w.length + 1;
  });
  for (const span of matches([c.negative], predicate, predicateStart)) triggers.push(span);
  for (const span of matches(c.accusationMarkers, predicate, predicateStart)) triggers.push(span);
  const own = triggers.filter((t) => !covered.some((m) => overlaps(m, t)));
  if (own.length === 0) return undefined;
  const end = Math.max(...own.map((t) => t.end));
  return { start: doc.offsets[clause.subjectStart] ?? predicateStart, end };
}

function mergeHits(hits: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  for (const flag of ISTATEMENT_FLAGS) {
    const mine = hits.filter((h) => h.flag === flag).sort((a, b) => a.start - b.start || b.end - a.end);
    for (const hit of mine) {
      const prev = out[out.length - 1];
      if (prev && prev.flag === flag && hit.start < prev.end) prev.end = Math.max(prev.end, hit.end);
      else out.push({ ...hit });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Pattern hits (minus exceptions; main-clause-only patterns where they open a main clause) and sarcasm rules. */
function patternHits(doc: NormText, clauses: readonly Clause[], content: IStatementContent, clauseIndexAt: (pos: number) => number): Hit[] {
  // "you have to" accuses as the start of a main clause, not inside "when you have to" or "I feel like you ..."
  const startsMainClause = (pos: number): boolean => {
    const clause = clauses[clauseIndexAt(pos)];
    return clause !== undefined && !clause.subordinate && doc.offsets[clause.subjectStart] === pos;
  };
  const raw: Hit[] = [];
  for (const flag of ISTATEMENT_FLAGS) {
    const { patterns, mainClauseOnly, exceptions } = content.flags[flag];
    const spans = [...matches(patterns, doc.text), ...matches(mainClauseOnly, doc.text).filter((span) => startsMainClause(span.start))];
    // exceptions only matter for a flag that has a hit (most flags have none in a given message)
    if (spans.length === 0) continue;
    const excluded = matches(exceptions, doc.text);
    for (const span of spans) {
      const trimmed = trimToWords(doc, span);
      if (trimmed && !excluded.some((e) => overlaps(e, trimmed))) raw.push({ flag, ...trimmed });
    }
  }
  for (const span of sarcasmByRule(doc, clauses, content)) {
    const trimmed = trimToWords(doc, span);
    if (trimmed) raw.push({ flag: 'sarcasm', ...trimmed });
  }
  return raw;
}

/** Praise minus complaint per clause; sarcastic sentences count as neither. */
function clauseMoods(doc: NormText, clauses: readonly Clause[], content: IStatementContent, sarcastic: ReadonlySet<number | undefined>): number[] {
  const appreciated = new Map<number, boolean>();
  return clauses.map((clause) => {
    if (sarcastic.has(clause.sentence)) return 0;
    let thanks = appreciated.get(clause.sentence);
    if (thanks === undefined) {
      thanks = appreciates(sentenceText(doc, clauses, clause.sentence).text, content);
      appreciated.set(clause.sentence, thanks);
    }
    return clauseValence(clauseText(doc, clause), content, thanks);
  });
}

export function analyseText(text: string, content: IStatementContent): Analysis {
  const doc = normaliseText(text, content.normalise, content.index.knownWords);
  const clauses = splitClauses(doc, content);
  const clauseOfToken = new Array<number>(doc.tokens.length).fill(-1);
  clauses.forEach((cl, i) => clauseOfToken.fill(i, cl.start, cl.end));
  const clauseIndexAt = (pos: number): number => {
    const token = tokenAt(doc, pos);
    const index = clauseOfToken[token] ?? -1;
    // a position in the space before a token is not inside that token's clause
    return index >= 0 && pos >= (doc.offsets[token] ?? 0) ? index : -1;
  };
  // a connector ("every time ...") belongs to the clause it opens
  const clauseIndexFor = (pos: number): number => {
    const inside = clauseIndexAt(pos);
    return inside >= 0 ? inside : clauses.findIndex((cl) => clauseChars(doc, cl).from >= pos);
  };
  const raw = patternHits(doc, clauses, content, clauseIndexAt);

  const sarcastic = new Set(raw.filter((h) => h.flag === 'sarcasm').map((h) => clauses[clauseIndexFor(h.start)]?.sentence));
  const mood = clauseMoods(doc, clauses, content, sarcastic);
  const praising = (index: number): boolean => (mood[index] ?? 0) > 0;
  // "every time we go hiking I feel so calm": a subordinate clause shares the mood of its sentence
  const praisingSentence = (sentence: number): boolean => {
    const moods = clauses.map((cl, i) => (cl.sentence === sentence ? mood[i] ?? 0 : 0));
    return moods.some((v) => v > 0) && !moods.some((v) => v < 0);
  };
  const threats = raw.filter((h) => h.flag === 'threat');
  const absolutes = raw.filter((h) => h.flag === 'absolute');

  const hits = raw.filter((hit) => {
    if (hit.flag !== 'absolute' && hit.flag !== 'you_blame') return true;
    // "I'll make sure you never see your son again" is a threat, not a generalisation
    if (threats.some((t) => t.start <= hit.start && t.end >= hit.end)) return false;
    const index = clauseIndexFor(hit.start);
    const clause = clauses[index];
    if (!clause) return true;
    if (praising(index) || (clause.subordinate && praisingSentence(clause.sentence))) return false;
    return hit.flag !== 'absolute' || !ownHabit(doc, clause, hit, clauseIndexAt(hit.start) < 0, content);
  });
  const mindReading = hits.filter((h) => h.flag === 'mind_reading');
  const covering = [...mindReading, ...hits.filter((h) => h.flag === 'label' || h.flag === 'threat')];
  // a blame that is only part of a guess at motives ("he doesn't even love me") is mind reading,
  // but "you never ..." stays blame whatever follows it
  const kept = hits.filter(
    (h) => h.flag !== 'you_blame' || !mindReading.some((m) => m.start <= h.start && m.end >= h.end) || absolutes.some((x) => overlaps(x, h)),
  );
  for (let index = 0; index < clauses.length; index += 1) {
    const span = praising(index) ? undefined : clauseBlame(doc, clauses, index, content, covering);
    if (span) kept.push({ flag: 'you_blame', ...span });
  }
  return { doc, clauses, hits: mergeHits(kept) };
}

/** Rule (3) in the header: an absolute adverb about the speaker's own feelings or habits. */
function ownHabit(doc: NormText, clause: Clause, hit: Hit, inConnector: boolean, content: IStatementContent): boolean {
  const sets = content.grammar.sets;
  // nothing / everything / nobody always speak about others
  if (clause.subject !== 'self' || inConnector || sets.pronounAbsolutes.has(doc.text.slice(hit.start, hit.end))) return false;
  // "I feel like we never talk": the absolute belongs to another subject
  const between = doc.text.slice(doc.offsets[clause.subjectEnd] ?? hit.start, hit.start).split(' ');
  if (between.some((w) => sets.otherSubjects.has(w))) return false;
  return !mentionsThem(doc, clause, content) && !hasMatch(content.clauses.selfComplaints, clauseText(doc, clause));
}
