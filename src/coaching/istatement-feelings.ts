// Feelings and topics: which real feelings a person named, which faux feelings (judgements such as
// "ignored") they used and what usually lies under them, and which topic a message is about, so the
// rewrite and the dialog can offer feeling words and needs that fit the situation.
import type { IStatementContent, TopicContent } from './istatement-content.js';
import type { FeelingAnalysis } from './istatement-types.js';
import { normaliseText, type NormText } from './istatement-text.js';

export interface FeelingMention {
  /** the vocabulary word (slang mapped: "pissed" -> "angry") or the faux feeling key */
  word: string;
  /** the words as normalised in the text */
  form: string;
  faux: boolean;
  token: number;
  length: number;
}

export type Topic = Omit<TopicContent, 'cues'> & { id: string };

const MAX_PHRASE = 4;

/** Every feeling word or faux feeling in the text, in order, skipping negated ones ("not angry"). */
export function feelingMentions(doc: NormText, content: IStatementContent): FeelingMention[] {
  const { realFeeling, fauxForm } = content.index;
  const negations = content.clauses.negations;
  const out: FeelingMention[] = [];
  let i = 0;
  while (i < doc.tokens.length) {
    let found: FeelingMention | undefined;
    for (let n = MAX_PHRASE; n >= 1 && !found; n -= 1) {
      const slice = doc.tokens.slice(i, i + n);
      if (slice.length < n) continue;
      const form = slice.map((t) => t.norm).join(' ');
      const faux = fauxForm.get(form);
      const real = realFeeling.get(form);
      if (faux) found = { word: faux, form, faux: true, token: i, length: n };
      else if (real) found = { word: real, form, faux: false, token: i, length: n };
    }
    if (found) {
      const before = doc.tokens.slice(Math.max(0, i - 2), i).map((t) => t.norm);
      // "not heard" is itself a faux form; other negated feelings ("not angry") are not claimed
      if (found.faux || !before.some((w) => negations.includes(w))) out.push(found);
      i += found.length;
    } else {
      i += 1;
    }
  }
  return out;
}

/** Real feelings the speaker claims in first person ("I'm so angry", "it makes me sad"), not "you feel guilty". */
export function statedFeelings(doc: NormText, content: IStatementContent): { words: string[]; spans: { word: string; start: number; end: number }[] } {
  const words: string[] = [];
  const spans: { word: string; start: number; end: number }[] = [];
  for (const m of doc.text.matchAll(content.cues.feelingFrame)) {
    // "you feel guilty" is their feeling, not the speaker's ("it makes me happy" is fine)
    const before = doc.text.slice(0, m.index).trimEnd().split(' ').pop() ?? '';
    if (/^(?:feel|feeling|felt)\b/.test(m[0]) && content.grammar.sets.otherSubjects.has(before)) continue;
    const w = m[0].split(' ');
    // the feeling is the last vocabulary phrase in the frame ("i am so angry", "it hurt me")
    let word: string | undefined;
    for (let end = w.length; end > 0 && !word; end -= 1) {
      for (let n = Math.min(MAX_PHRASE, end); n >= 1 && !word; n -= 1) word = content.index.realFeeling.get(w.slice(end - n, end).join(' '));
    }
    if (word) {
      if (!words.includes(word)) words.push(word);
      spans.push({ word, start: m.index, end: m.index + m[0].length });
    }
  }
  return { words, spans };
}

export function realFeelingsFor(fauxKey: string, content: IStatementContent): string[] {
  return content.fauxFeelings[fauxKey]?.real ?? [];
}

/**
 * The topic whose cues match most often (ties go to the earlier topic), or the default. Characters in
 * `ignore` (label or swear words, say) are blanked first so they cannot pick the topic.
 */
export function pickTopic(doc: NormText, content: IStatementContent, ignore: readonly { start: number; end: number }[] = []): Topic {
  let text = doc.text;
  for (const span of ignore) text = text.slice(0, span.start) + ' '.repeat(span.end - span.start) + text.slice(span.end);
  let best: TopicContent | undefined;
  let bestScore = 0;
  for (const topic of content.topics) {
    let score = 0;
    for (const re of topic.cues) score += [...text.matchAll(re)].length;
    if (score > bestScore) {
      best = topic;
      bestScore = score;
    }
  }
  if (!best) return { id: 'default', ...content.defaultTopic };
  const { cues: _cues, ...topic } = best;
  return topic;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

export function suggestFeelingsFor(doc: NormText, content: IStatementContent): string[] {
  const mentions = feelingMentions(doc, content);
  const stated = mentions.filter((m) => !m.faux).map((m) => m.word);
  const underFaux = mentions.filter((m) => m.faux).flatMap((m) => realFeelingsFor(m.word, content));
  const topic = pickTopic(doc, content);
  return unique([...stated, ...underFaux, ...topic.feelings, ...content.feelings.default]).slice(0, 6);
}

export function suggestFeelingsIn(text: string, content: IStatementContent): string[] {
  return suggestFeelingsFor(normaliseText(text, content.normalise, content.index.knownWords), content);
}

export function analyseFeelingIn(text: string, content: IStatementContent): FeelingAnalysis {
  const doc = normaliseText(text, content.normalise, content.index.knownWords);
  const mentions = feelingMentions(doc, content);
  const real = unique(mentions.filter((m) => !m.faux).map((m) => m.word));
  const faux = mentions.find((m) => m.faux);
  if (real.length > 0) {
    const out: FeelingAnalysis = {
      feeling: real.slice(0, 2).join(content.rewrite.feelingJoin),
      isRealFeeling: true,
      realFeelings: unique([...real, ...(faux ? realFeelingsFor(faux.word, content) : [])]),
    };
    if (faux) out.fauxFeeling = faux.form;
    return out;
  }
  if (faux) return { feeling: faux.form, isRealFeeling: false, fauxFeeling: faux.form, realFeelings: realFeelingsFor(faux.word, content) };
  return { isRealFeeling: false, realFeelings: suggestFeelingsFor(doc, content) };
}
