// Builds one natural apology from the person's answers to each step, keeping their words and adding
// only the connecting words (from content) that a part needs for the checker to recognise it.
import { stem, tokenize } from '../nlu/natural.js';
import { APOLOGY_PITFALLS } from './apology-kinds.js';
import type { ApologyComponent, ApologyParts } from './apology-kinds.js';
import type { ApologyContent, ComposePartName } from './apology-content.js';
import { analyse, fill } from './apology-cues.js';

export function composeApology(parts: ApologyParts, content: ApologyContent): string {
  const rules = content.compose;
  const clean = (raw: string | undefined): string => cleanPart(raw ?? '', content);
  const what = clean(parts.whatHappened);
  const own = clean(parts.ownership);
  const whatTokens = contentTokens(what, content);
  const ownTokens = contentTokens(own, content);

  const sentences: string[] = [];
  // One event named twice ("yelling at you" / "I yelled at you") is said once, in the fuller version.
  const whatInOwn = what !== '' && covers(whatTokens, ownTokens, rules.overlap);
  const ownInWhat = own !== '' && covers(ownTokens, whatTokens, rules.overlap);
  sentences.push(what === '' || whatInOwn ? rules.regretOnly : render('whatHappened', what, content));
  if (own === '' || (ownInWhat && !whatInOwn && !shows(own, 'responsibility', content))) sentences.push(rules.ownershipEcho);
  else sentences.push(render('ownership', own, content));
  for (const name of ['impact', 'explanation', 'repair', 'change'] as const) {
    const text = clean(parts[name]);
    if (text !== '') sentences.push(render(name, text, content));
  }
  const forgiveness = clean(parts.forgiveness);
  if (forgiveness !== '') sentences.push(render('forgiveness', forgiveness, content));
  else if (rules.defaultForgiveness !== undefined) sentences.push(rules.defaultForgiveness);

  return sentences.map(capitaliseFirst).join(' ').replace(/\s+/g, ' ').trim();
}

function cleanPart(raw: string, content: ApologyContent): string {
  let text = raw.replace(/\s+/g, ' ').trim();
  for (let changed = true; changed; ) {
    const before = text;
    for (const re of content.compose.strip) text = text.replace(re, '').trim();
    changed = text !== before && text !== '';
  }
  for (const { find, replace } of content.compose.tidy) text = text.replace(find, replace);
  const question = /\?[\s.!?]*$/u.test(text);
  const bare = text.trim().replace(/[\s.!?,;:…-]+$/u, '');
  return question && bare !== '' ? `${bare}?` : bare;
}

function render(name: ComposePartName, raw: string, content: ApologyContent): string {
  const part = content.compose.parts[name];
  // The person's own question mark survives ("forgive me?"); cleanPart strips end punctuation.
  const asked = raw.endsWith('?');
  const text = asked ? raw.slice(0, -1) : raw;
  const lower = text.toLowerCase();
  const frame = part.frames.find((f) => f.when.test(lower)) ?? part.frames[part.frames.length - 1];
  const slots = { text: lowerFirst(text, content), Text: capitaliseFirst(text) };
  const framed = frame ? fill(frame.template, slots) : `${slots.Text}.`;
  const sentence = asked ? framed.replace(/\.$/u, '?') : framed;
  if (part.needs === undefined || part.fallback === undefined) return sentence;
  if (shows(sentence, part.needs, content) && !addsPitfall(text, sentence, content)) return sentence;
  const base = lowerFirst(sentence.replace(/[.!?]+$/u, ''), content);
  return fill(part.fallback, { ...slots, base });
}

function shows(text: string, kind: ApologyComponent, content: ApologyContent): boolean {
  return analyse(text, content).hits.has(kind);
}

function addsPitfall(before: string, after: string, content: ApologyContent): boolean {
  const had = analyse(before, content).hits;
  const has = analyse(after, content).hits;
  return APOLOGY_PITFALLS.some((k) => has.has(k) && !had.has(k));
}

function contentTokens(text: string, content: ApologyContent): string[] {
  return tokenize(text)
    .filter((t) => !content.compose.ignoreWords.has(t))
    .map((t) => stem(t));
}

/** True when most of `part`'s content words also appear in `whole`. */
function covers(part: string[], whole: string[], threshold: number): boolean {
  if (part.length === 0) return false;
  const set = new Set(whole);
  return part.filter((t) => set.has(t)).length / part.length >= threshold;
}

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first letter when the text moves mid-sentence, but keeps "I ..." and names. */
function lowerFirst(text: string, content: ApologyContent): string {
  const first = (text.match(/^[\p{L}']+/u)?.[0] ?? '').toLowerCase();
  const lowerable = content.compose.lowercaseStarters.has(first) || /^(?!i$)\p{L}+(?:ing|ed)$/u.test(first);
  return lowerable ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
