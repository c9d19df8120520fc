// The I-statement engine's public face: check a draft (flags with quoted words, strengths, feedback,
// an automatic rewrite) and the helpers the step-by-step dialog uses. All wording comes from
// content/istatement.json; see istatement-detect.ts for how each flag is decided.
import { RecentResults } from './recent-results.js';
import { defaultIStatementContent, parseIStatementContent, type IStatementContent } from './istatement-content.js';
import { analyseText, trimToWords, type Analysis } from './istatement-detect.js';
import { analyseFeelingIn, realFeelingsFor, statedFeelings, suggestFeelingsFor, suggestFeelingsIn, feelingMentions } from './istatement-feelings.js';
import { composeStatement, rewriteFrom } from './istatement-rewrite.js';
import { analyseBehaviourIn, analyseRequestIn } from './istatement-steps.js';
import { quoteSpan } from './istatement-text.js';
import { clauseChars } from './istatement-clauses.js';
import { fill, firstMatch, tidy } from './istatement-words.js';
import {
  ISTATEMENT_FLAGS,
  type FeelingAnalysis,
  type IStatementCheck,
  type IStatementFinding,
  type IStatementFlag,
  type IStatementParts,
  type StepAnalysis,
} from './istatement-types.js';

export { ISTATEMENT_FLAGS, parseIStatementContent, defaultIStatementContent };
export type { IStatementContent };
export type {
  FeelingAnalysis,
  IStatementCheck,
  IStatementFinding,
  IStatementFlag,
  IStatementParts,
  IStatementProblem,
  IStatementStepIssue,
  StepAnalysis,
} from './istatement-types.js';

/** At most this many findings per flag, so one angry message does not bury the person in notes. */
const MAX_FINDINGS_PER_FLAG = 2;

function listPhrase(items: readonly string[], content: IStatementContent): string {
  const { listJoin, listLast } = content.feedback;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(listJoin)}${listLast}${items[items.length - 1]}`;
}

/** The person's words for characters [start, end) of doc.text, without stray punctuation at the ends. */
function cleanQuote(a: Analysis, start: number, end: number): string | undefined {
  const span = trimToWords(a.doc, { start, end });
  return span ? quoteSpan(a.doc, span.start, span.end) : undefined;
}

function quoteOf(a: Analysis, re: RegExp): string | undefined {
  const m = firstMatch(re, a.doc.text);
  return m?.index === undefined ? undefined : cleanQuote(a, m.index, m.index + m[0].trimEnd().length);
}

function findingsOf(a: Analysis, content: IStatementContent): IStatementFinding[] {
  const counts = new Map<IStatementFlag, number>();
  const out: IStatementFinding[] = [];
  for (const hit of a.hits) {
    const n = counts.get(hit.flag) ?? 0;
    if (n >= MAX_FINDINGS_PER_FLAG) continue;
    counts.set(hit.flag, n + 1);
    const quote = quoteSpan(a.doc, hit.start, hit.end);
    let real = '';
    if (hit.flag === 'faux_feeling') {
      const span = a.doc.text.slice(hit.start, hit.end);
      const faux = feelingMentions(a.doc, content).find((m) => m.faux && span.includes(m.form));
      real = listPhrase(faux ? realFeelingsFor(faux.word, content) : content.feelings.default.slice(0, 3), content);
    }
    out.push({ flag: hit.flag, quote, explanation: fill(content.flags[hit.flag].explanation, { quote, real }) });
  }
  return out;
}

interface Parts {
  feeling?: string;
  situation?: string;
  need?: string;
  request?: string;
  ownership: boolean;
}

/** Which parts of an I-statement the text already has, each with the words that show it. */
function partsOf(a: Analysis, content: IStatementContent): Parts {
  const { doc, clauses } = a;
  const cues = content.cues;
  const parts: Parts = { ownership: firstMatch(cues.ownership, doc.text) !== undefined };
  const stated = statedFeelings(doc, content);
  const feelingSpan = stated.spans[0];
  if (feelingSpan) {
    parts.feeling = quoteSpan(doc, feelingSpan.start, feelingSpan.end);
    const sentenceEnd = doc.text.slice(feelingSpan.end).search(/ [.!?](?: |$)/);
    const after = doc.text.slice(feelingSpan.end, sentenceEnd < 0 ? undefined : feelingSpan.end + sentenceEnd).trim();
    const before = firstMatch(cues.situationBeforeFeeling, doc.text.slice(0, feelingSpan.end));
    if (firstMatch(cues.situationAfterFeeling, after)) {
      // from the feeling to the end of the clause that follows it ("when you check your phone at dinner")
      const next = clauses.find((cl) => clauseChars(doc, cl).from >= feelingSpan.end);
      const to = next ? clauseChars(doc, next).to : feelingSpan.end + after.length;
      parts.situation = cleanQuote(a, feelingSpan.end, to);
    } else if (before) {
      parts.situation = quoteOf(a, cues.situationBeforeFeeling);
    }
  }
  const need = quoteOf(a, cues.need);
  if (need) parts.need = need;
  const request = quoteOf(a, cues.request);
  if (request) parts.request = request;
  return parts;
}

function strengthsOf(parts: Parts, content: IStatementContent): string[] {
  const s = content.strengths;
  const out: string[] = [];
  if (parts.ownership) out.push(s.ownership);
  if (parts.feeling) out.push(fill(s.feeling, { quote: parts.feeling }));
  if (parts.situation) out.push(fill(s.situation, { quote: parts.situation }));
  if (parts.need) out.push(fill(s.need, { quote: parts.need }));
  if (parts.request) out.push(fill(s.request, { quote: parts.request }));
  return out;
}

function notesOf(a: Analysis, content: IStatementContent): string[] {
  const out: string[] = [];
  for (const note of content.feedback.notes) {
    const quote = quoteOf(a, note.pattern);
    if (quote) out.push(fill(note.text, { quote }));
  }
  return out;
}

const recentChecks = new RecentResults<IStatementCheck>();

/** The full check of one message. The result is shared with later calls on the same text: do not mutate it. */
export function checkIStatement(text: string, content: IStatementContent = defaultIStatementContent()): IStatementCheck {
  return recentChecks.get(content, text, () => computeCheck(text, content));
}

function computeCheck(text: string, content: IStatementContent): IStatementCheck {
  const a = analyseText(text, content);
  const issues = Object.fromEntries(ISTATEMENT_FLAGS.map((flag) => [flag, a.hits.some((h) => h.flag === flag)])) as Record<IStatementFlag, boolean>;
  const findings = findingsOf(a, content);
  const parts = partsOf(a, content);
  const is_i_statement = parts.feeling !== undefined && parts.situation !== undefined && findings.length === 0;
  const strengths = strengthsOf(parts, content);
  const feelingSuggestions = suggestFeelingsFor(a.doc, content);
  const hasWords = a.doc.tokens.some((t) => !t.punct);

  let feedback: string[];
  if (findings.length > 0) {
    feedback = [...findings.map((f) => f.explanation), ...notesOf(a, content)];
  } else if (!hasWords) {
    feedback = [];
  } else {
    const m = content.feedback.missing;
    feedback = [
      ...(is_i_statement ? [content.feedback.goodIntro] : []),
      ...strengths,
      ...notesOf(a, content),
      ...(parts.feeling ? [] : [fill(m.feeling, { examples: listPhrase(feelingSuggestions.slice(0, 3), content) })]),
      ...(parts.situation ? [] : [m.situation]),
      ...(parts.need ? [] : [m.need]),
      ...(parts.request ? [] : [m.request]),
    ];
  }
  // nothing flagged means nothing to repair: hand the person's words back, tidied
  const rewrite = !hasWords ? '' : findings.length === 0 ? tidy(text) : rewriteFrom(a, content);
  return { issues, is_i_statement, rewrite, feedback, findings, strengths, feelingSuggestions };
}

export function composeIStatement(parts: IStatementParts, content: IStatementContent = defaultIStatementContent()): string {
  return composeStatement(parts, content);
}

export function suggestFeelings(text: string, content: IStatementContent = defaultIStatementContent()): string[] {
  return suggestFeelingsIn(text, content);
}

export function analyseFeeling(text: string, content: IStatementContent = defaultIStatementContent()): FeelingAnalysis {
  return analyseFeelingIn(text, content);
}

export function analyseBehaviour(text: string, content: IStatementContent = defaultIStatementContent()): StepAnalysis {
  return analyseBehaviourIn(text, content);
}

export function analyseRequest(text: string, content: IStatementContent = defaultIStatementContent()): StepAnalysis {
  return analyseRequestIn(text, content);
}
