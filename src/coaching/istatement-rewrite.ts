// Builds I-statements: composeStatement joins the person's own fragments (the dialog's path), and
// rewriteFrom turns a blaming message into one automatically: a real feeling, the person's own
// situation words, a need and a request, re-checked until the checker has nothing left to flag.
import type { IStatementContent } from './istatement-content.js';
import type { IStatementFlag, IStatementParts } from './istatement-types.js';
import { analyseText, type Analysis } from './istatement-detect.js';
import { feelingMentions, pickTopic, realFeelingsFor, statedFeelings, type Topic } from './istatement-feelings.js';
import { isPastWords, situationsOf, type Candidate } from './istatement-situation.js';
import { normaliseText, tokenRange } from './istatement-text.js';
import { casingMap, contentWords, fill, finishWords, firstMatch, matchesAny, startsWithPhrase, tidy } from './istatement-words.js';

/** Flags a finished rewrite must not raise. */
const BLOCKING: readonly IStatementFlag[] = ['absolute', 'you_blame', 'label', 'mind_reading', 'sarcasm', 'threat', 'profanity', 'faux_feeling', 'i_feel_that'];
const MAX_REPAIRS = 4;

interface Plan {
  feeling: string;
  situations: Candidate[];
  /** words that follow the feeling directly ("lately", "at family dinners") when no situation survives */
  tail?: string;
  /** the person's own "about ..." words, else the topic */
  about: string;
  need: string;
  request?: string;
  topic: Topic;
}

/** Spans (in doc.text) of one sentence holding a match, so a request inside sarcasm is not taken at face value. */
function sentenceAround(text: string, at: number): { start: number; end: number } {
  const before = text.slice(0, at).search(/[.!?] [^.!?]*$/);
  const after = text.slice(at).search(/ [.!?]( |$)/);
  return { start: before < 0 ? 0 : before + 2, end: after < 0 ? text.length : at + after };
}

function cleanCue(a: Analysis, re: RegExp): string | undefined {
  const m = firstMatch(re, a.doc.text);
  if (!m || m.index === undefined) return undefined;
  const sentence = sentenceAround(a.doc.text, m.index);
  if (a.hits.some((h) => BLOCKING.includes(h.flag) && h.start < sentence.end && h.end > sentence.start)) return undefined;
  return m[0];
}

/** "because I need to feel heard" from the person's own words, unless it needs *them* ("I need you to ..."). */
function userNeed(a: Analysis, content: IStatementContent): string | undefined {
  const text = cleanCue(a, content.cues.need)?.replace(/^(?:because|since|as|so) /, '');
  return text === undefined || /\bneed (?:you|him|her|them)\b/.test(text) ? undefined : text;
}

function userRequest(a: Analysis, content: IStatementContent): string | undefined {
  return cleanCue(a, content.cues.request)?.replace(/ \?$/, '');
}

function pickFeeling(a: Analysis, content: IStatementContent, topic: Topic): string {
  // "I'm done" inside a threat, or "make me jealous" inside a guess at motives, is not a feeling to build on
  const threats = a.hits.filter((h) => h.flag === 'threat' || h.flag === 'mind_reading');
  const stated = [
    ...new Set(statedFeelings(a.doc, content).spans.filter((s) => !threats.some((t) => s.start < t.end && s.end > t.start)).map((s) => s.word)),
  ];
  if (stated.length > 0) return stated.slice(0, 2).join(content.rewrite.feelingJoin);
  const faux = feelingMentions(a.doc, content).find((m) => m.faux);
  const underFaux = faux ? realFeelingsFor(faux.word, content)[0] : undefined;
  return underFaux ?? topic.feelings[0] ?? content.defaultTopic.feelings[0] ?? '';
}

function wishIsConcrete(wish: string, content: IStatementContent): boolean {
  const words = wish.split(' ');
  const n = contentWords(words, content).length;
  // "would you be willing to do anything?" is not a doable request
  return n >= 2 && n <= 8 && !words.some((w) => content.grammar.sets.vagueWish.has(w));
}

/** The situations worth keeping: at most maxSituations, the partner's actions first, in the person's order. */
function chooseSituations(candidates: readonly Candidate[], max: number): Candidate[] {
  const indexed = candidates.map((c, i) => ({ c, i }));
  const chosen = [...indexed].sort((x, y) => x.c.priority - y.c.priority || x.i - y.i).slice(0, max);
  return chosen.sort((x, y) => x.i - y.i).map((x) => x.c);
}

function render(plan: Plan, content: IStatementContent, casing: ReadonlyMap<string, string>, situations: readonly string[], useTail = true, about = plan.about): string {
  const r = content.rewrite;
  const past = situations.length > 0 && plan.situations.some((s) => s.past);
  const feelVerb = past ? r.feelPast : r.feelPresent;
  const need = finishWords(plan.need, content, casing);
  let body: string;
  if (situations.length > 0) {
    const joined = situations.map((s, i) => (i === 0 ? s : `${plan.situations[i]?.joiner ?? r.situationJoin.trim()} ${s}`)).join(' ');
    body = fill(r.statement, { feelVerb, feeling: plan.feeling, situation: joined, need });
  } else if (useTail && plan.tail) {
    body = fill(r.statementTail, { feelVerb, feeling: plan.feeling, tail: finishWords(plan.tail, content, casing), need });
  } else {
    body = fill(r.statementAbout, { feelVerb, feeling: plan.feeling, about: finishWords(about, content, casing), need });
  }
  const request = plan.request ? ` ${fill(r.request, { request: finishWords(plan.request, content, casing) })}` : '';
  return `${body}${request}`;
}

/** The person's words behind whatever the checker still flags in a candidate rewrite. */
function flaggedQuotes(text: string, content: IStatementContent): string[] {
  const a = analyseText(text, content);
  return a.hits
    .filter((h) => BLOCKING.includes(h.flag))
    .map((h) => {
      const { first, last } = tokenRange(a.doc, h.start, h.end);
      return a.doc.original.slice(a.doc.tokens[first]?.start ?? 0, a.doc.tokens[last]?.end ?? 0);
    });
}

/**
 * Only swearing, in a message that is not a complaint ("holy sh*t, you actually did the laundry"):
 * there is nothing to reframe, so hand the words back without the swearing.
 */
function withoutSwearing(a: Analysis, content: IStatementContent): string | undefined {
  if (a.hits.some((h) => h.flag !== 'profanity')) return undefined;
  const complains = a.clauses.some((cl) => cl.subject === 'them' && a.doc.tokens.slice(cl.start, cl.end).some((t) => content.clauses.negations.includes(t.norm)))
    || matchesAny(content.clauses.negative, a.doc.text);
  const aboutThem = a.clauses.some((cl) => cl.subject === 'them' && !cl.question);
  if (complains || !aboutThem) return undefined;
  const profane = new Set<number>();
  for (const h of a.hits) {
    const { first, last } = tokenRange(a.doc, h.start, h.end);
    for (let k = first; k <= last; k += 1) profane.add(k);
  }
  const kept = a.doc.tokens.filter((_, k) => !profane.has(k));
  const first = kept.findIndex((t) => !t.punct);
  return tidy(finishWords(kept.slice(first).map((t) => t.norm).join(' '), content, casingMap(a.doc)));
}

/** Label and swearing words say nothing about the topic ("stop being such a baby" is not about children). */
function topicText(a: Analysis): { start: number; end: number }[] {
  return a.hits.filter((h) => h.flag === 'label' || h.flag === 'profanity').map((h) => ({ start: h.start, end: h.end }));
}

/** The automatic rewrite of an analysed message. */
export function rewriteFrom(a: Analysis, content: IStatementContent): string {
  const plain = withoutSwearing(a, content);
  if (plain) return plain;
  const topic = pickTopic(a.doc, content, topicText(a));
  const candidates = situationsOf(a, content);
  const situations = chooseSituations(candidates.filter((s) => s.kind === 'when'), content.rewrite.maxSituations);
  const tail = candidates.find((s) => s.kind === 'tail')?.text;
  const about = candidates.find((s) => s.kind === 'about')?.text ?? topic.about;
  const need = userNeed(a, content) ?? fill(content.rewrite.need, { need: content.needs[topic.need] ?? '' });
  const asked = userRequest(a, content);
  const wish = situations.find((s) => s.wish && wishIsConcrete(s.wish, content))?.wish;
  const request = asked ? composeRequest(asked, content) : wish ?? topic.request;
  const plan: Plan = { feeling: pickFeeling(a, content, topic), situations, about, need, request, topic, ...(tail ? { tail } : {}) };
  const casing = casingMap(a.doc);

  // Re-check the result and cut whatever the checker still objects to; then fall back to the topic.
  let texts = situations.map((s) => finishWords(s.text, content, casing));
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt += 1) {
    const candidate = render(plan, content, casing, texts);
    const quotes = flaggedQuotes(candidate, content);
    if (quotes.length === 0) return candidate;
    const requestText = plan.request === undefined ? '' : finishWords(plan.request, content, casing);
    if (quotes.some((q) => requestText.includes(q))) plan.request = plan.request === topic.request ? undefined : topic.request;
    texts = texts.map((t) => quotes.reduce((acc, q) => acc.replace(q, ' '), t).replace(/\s+/g, ' ').trim()).filter((t) => t.split(' ').length >= 2);
    if (quotes.some((q) => plan.tail !== undefined && finishWords(plan.tail, content, casing).includes(q))) delete plan.tail;
  }
  const fallbacks = [
    render({ ...plan, request: topic.request }, content, casing, [], false, topic.about),
    render({ ...plan, request: undefined }, content, casing, [], false, topic.about),
  ];
  for (const fallback of fallbacks) if (flaggedQuotes(fallback, content).length === 0) return fallback;
  return fill(content.rewrite.statementFeelingOnly, { feelVerb: content.rewrite.feelPresent, feeling: plan.feeling });
}

function stripAll(text: string, patterns: readonly RegExp[]): string {
  let out = text;
  for (const re of patterns) out = out.replace(re, '');
  return out.trim();
}

/** Lower-cases the first letter unless it starts "I", "I'm"... or an acronym. */
function lowerFirst(text: string): string {
  const first = text.split(/\s+/)[0] ?? '';
  if (/^I(?:['’](?:m|ve|d|ll))?$/.test(first) || (first.length > 1 && first === first.toUpperCase() && /\p{L}/u.test(first))) return text;
  return text.replace(/^\p{Lu}/u, (m) => m.toLowerCase());
}

/** Strips the lead-in words on a lower-cased copy but keeps the person's casing for what remains. */
function cleanFragment(text: string, strip: readonly RegExp[], content: IStatementContent): string {
  const out = text.replace(/\s+/g, ' ').trim().replace(content.compose.trailing, '');
  const stripped = stripAll(out.toLowerCase(), strip);
  return lowerFirst(out.slice(out.length - stripped.length).replace(content.compose.trailing, '').trim());
}

/** A request in the "Would you be willing to ...?" frame's own words ("could you please X" -> "X"). */
export function composeRequest(request: string, content: IStatementContent): string {
  const c = content.compose;
  const base = request.replace(/\s+/g, ' ').trim().replace(c.trailing, '');
  const lower = base.toLowerCase();
  if (c.keepRequest.some((re) => matchesAny(re, lower))) return cleanFragment(base, c.stripRequest, content);
  const we = c.requestWe.some((re) => matchesAny(re, lower));
  const stripped = cleanFragment(base, we ? c.requestWe : c.stripRequest, content);
  return we ? `${stripped}${c.requestWeSuffix}` : stripped;
}

function pastBehaviour(behaviour: string, content: IStatementContent): boolean {
  const doc = normaliseText(behaviour, content.normalise, content.index.knownWords);
  const w = doc.tokens.filter((t) => !t.punct).map((t) => t.norm);
  const c = content.clauses;
  for (let i = 0; i < w.length; i += 1) {
    const n = Math.max(...[c.themSubjects, c.self, c.we].map((group) => startsWithPhrase(w.slice(i), group)));
    if (n > 0) return isPastWords(w.slice(i), n, content);
  }
  // no subject: only a past-time marker ("last night") can make it past
  return isPastWords(w, w.length, content);
}

export function composeStatement(parts: IStatementParts, content: IStatementContent): string {
  const c = content.compose;
  const r = content.rewrite;
  const feeling = cleanFragment(parts.feeling, c.stripFeeling, content);
  const rawBehaviour = parts.behaviour.trim();
  const about = c.aboutStart.some((re) => matchesAny(re, rawBehaviour.toLowerCase()));
  const behaviour = cleanFragment(rawBehaviour, about ? c.aboutStart : c.stripBehaviour, content);
  const needRaw = cleanFragment(parts.need, c.stripNeed, content);
  const needIsClause = c.needIsClause.some((re) => matchesAny(re, needRaw.toLowerCase()));
  const need = needRaw === '' ? '' : needIsClause ? needRaw : fill(r.need, { need: needRaw });
  const feelVerb = pastBehaviour(behaviour, content) ? r.feelPast : r.feelPresent;
  const values = { feelVerb, feeling, situation: behaviour, about: behaviour, need };
  let body = '';
  if (feeling !== '' || behaviour !== '' || need !== '') {
    if (behaviour === '') body = fill(need ? r.statementNeedOnly : r.statementFeelingOnly, values);
    else if (about) body = fill(need ? r.statementAbout : r.statementAboutNoNeed, values);
    else body = fill(need ? r.statement : r.statementNoNeed, values);
  }
  const request = parts.request?.trim() ? composeRequest(parts.request, content) : '';
  return [body, request ? fill(r.request, { request }) : ''].filter(Boolean).join(' ').replace(/\s+([,.?!])/g, '$1');
}
