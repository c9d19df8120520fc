// Small helpers for working on normalised word lists and for turning them back into readable text
// (contractions restored, "I" capitalised, the person's own capitals on names).
import type { IStatementContent, Rephrase } from './istatement-content.js';
import type { NormText } from './istatement-text.js';

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (m, name: string) => values[name] ?? m);
}

export function matchesAny(re: RegExp, text: string): boolean {
  for (const _ of text.matchAll(re)) return true;
  return false;
}

export function firstMatch(re: RegExp, text: string): RegExpMatchArray | undefined {
  for (const m of text.matchAll(re)) return m;
  return undefined;
}

export function applyRephrase(text: string, rules: readonly Rephrase[], past = false): string {
  let out = text;
  for (const rule of rules) out = out.replace(rule.pattern, past && rule.past ? rule.past : rule.replacement);
  return out.replace(/\s+/g, ' ').trim();
}

/** Length of the longest phrase that `words` starts with (0 if none). */
export function startsWithPhrase(words: readonly string[], phrases: readonly (readonly string[])[]): number {
  let n = 0;
  for (const p of phrases) if (p.length > n && p.every((w, k) => words[k] === w)) n = p.length;
  return n;
}

/** `words` with every occurrence of the phrases taken out. */
export function removePhrases(words: readonly string[], phrases: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const n = startsWithPhrase(words.slice(i), phrases);
    if (n > 0) i += n;
    else {
      out.push(words[i] ?? '');
      i += 1;
    }
  }
  return out;
}

/** Drops any of the phrases from the front, repeatedly, always leaving at least one word. */
export function removeLeading(words: readonly string[], phrases: readonly string[]): string[] {
  const split = phrases.map((p) => p.split(' '));
  let out = [...words];
  for (let n = startsWithPhrase(out, split); n > 0 && out.length > n; n = startsWithPhrase(out, split)) out = out.slice(n);
  return out;
}

/** Non-stopword words: what carries the situation. */
export function contentWords(words: readonly string[], content: IStatementContent): string[] {
  return words.filter((w) => /\p{L}/u.test(w) && !content.grammar.stopwords.has(w));
}

/** The person's capitalised words (names, days) as they wrote them, so a rewrite keeps them. */
export function casingMap(doc: NormText): Map<string, string> {
  const map = new Map<string, string>();
  for (const t of doc.tokens) {
    if (t.punct || t.changed || t.sentenceInitial) continue;
    if (/\p{Lu}/u.test(t.raw) && t.raw !== t.raw.toUpperCase()) map.set(t.norm, t.raw);
  }
  return map;
}

/** Normalised words back to text: contractions restored, "I" capitalised, the person's capitals kept. */
export function finishWords(text: string, content: IStatementContent, casing: ReadonlyMap<string, string>): string {
  const w = text.split(' ').filter(Boolean);
  const out: string[] = [];
  let i = 0;
  while (i < w.length) {
    const rule = content.grammar.contract.find((r) => r.from.every((part, k) => w[i + k] === part));
    // "than I am" must not become "than I'm"; negations ("and you didn't") may end a phrase
    if (rule && (i + rule.from.length < w.length || rule.to.endsWith("n't"))) {
      out.push(rule.to);
      i += rule.from.length;
      continue;
    }
    const word = w[i] ?? '';
    out.push(word === 'i' ? 'I' : casing.get(word) ?? word);
    i += 1;
  }
  return out.join(' ').replace(/ ([,.!?;:])/g, '$1');
}

/** A finished sentence: single spaces, capital first letter, closing punctuation. */
export function tidy(text: string): string {
  const t = text.replace(/\s+/g, ' ').replace(/\bi\b(?=['’ ]|$)/g, 'I').trim();
  if (t === '') return t;
  const capitalised = t.replace(/^(\p{Ll})/u, (m) => m.toUpperCase());
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
