// Tells a checkable promise ("next time I'm late I'll text by 6") from a vague one ("I'll be better"),
// because trust is rebuilt by a concrete action the other person can see.
import type { ApologyContent, VagueRule } from './apology-content.js';
import { normalise } from './apology-text.js';

export function isVague(text: string, rule: VagueRule, content: ApologyContent): boolean {
  const norm = normalise(text, content.normalise);
  if (!rule.patterns.some((re) => re.test(norm))) return false;
  if (rule.specific.some((re) => re.test(norm))) return false;
  let rest = norm;
  for (const re of rule.patterns) rest = rest.replace(new RegExp(re.source, 'giu'), ' ');
  const extra = rest.split(' ').filter((t) => t !== '' && !rule.filler.has(t));
  return extra.length < rule.minExtraWords;
}
