// Just enough English verb morphology to turn "you never called" into "you haven't called" and
// "he never helps" into "he doesn't help": irregular forms come from content, the rest from rules.
import type { GrammarContent } from './istatement-content.js';

const VOWEL = /[aeiou]/;

/** Is this word a simple past / past participle ("called", "forgot")? */
export function isPast(word: string, g: GrammarContent): boolean {
  return g.pastForms.has(word) || word in g.participles || (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed'));
}

export function participle(word: string, g: GrammarContent): string {
  return g.participles[word] ?? word;
}

/** Base form of a regular or irregular past ("stopped" -> "stop", "liked" -> "like", "told" -> "tell"). */
export function baseOfPast(word: string, g: GrammarContent): string {
  const irregular = g.base[word];
  if (irregular) return irregular;
  if (!word.endsWith('ed')) return word;
  if (word.endsWith('ied')) return word.length <= 4 ? word.slice(0, -1) : `${word.slice(0, -3)}y`;
  if (word.endsWith('eed')) return word.slice(0, -1);
  const stem = word.slice(0, -2);
  const last = stem.slice(-1);
  const beforeLast = stem.slice(-2, -1);
  // planned, stopped, admitted, cancelled (but call, miss, add keep their double letter)
  if (last === beforeLast && 'pbtgmnr'.includes(last)) return stem.slice(0, -1);
  if (last === 'l' && beforeLast === 'l' && stem.length > 5) return stem.slice(0, -1);
  if (last === 'u' || last === 'v' || last === 'c' || last === 'z') return `${stem}e`;
  if (stem.endsWith('dg') || stem.endsWith('ang')) return `${stem}e`;
  const singleVowel = VOWEL.test(beforeLast) && !VOWEL.test(stem.slice(-3, -2));
  if (singleVowel && 'skdmlr'.includes(last) && beforeLast !== 'e') return `${stem}e`;
  if (singleVowel && last === 'n' && beforeLast === 'o') return `${stem}e`;
  if (singleVowel && last === 'p' && stem.length <= 4) return `${stem}e`;
  if (singleVowel && last === 't' && stem.length <= 3) return `${stem}e`;
  return stem;
}

/** Base form after a third-person subject ("helps" -> "help", "does" -> "do", "tries" -> "try"). */
export function baseOfThirdPerson(word: string, g: GrammarContent): string {
  const irregular = g.thirdPerson[word];
  if (irregular) return irregular;
  if (word.length <= 3 || !word.endsWith('s') || word.endsWith('ss')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|x|z|ss|o)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
