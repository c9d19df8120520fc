// Reviews one answer in the step-by-step apology builder, so the dialog can push back when a step
// slips into a trap (blame in the ownership step, a "but" in the explanation, a demand for forgiveness).
import type { ApologyFinding, ApologyStep, StepReview } from './apology-kinds.js';
import type { ApologyContent } from './apology-content.js';
import { analyse, fill, findingFor, groupMatches, quoteFor } from './apology-cues.js';
import { normalise, tidyQuote } from './apology-text.js';
import { isVague } from './apology-vague.js';

const FIRST_PERSON = new Set(['i', 'me', 'my', 'mine', 'myself']);

export function reviewStep(step: ApologyStep, text: string, content: ApologyContent): StepReview {
  const rules = content.steps[step];
  const analysis = analyse(text, content);
  const problems: ApologyFinding[] = [];

  if (rules.firstPerson !== undefined && text.trim() !== '') {
    const tokens = normalise(text, content.normalise).split(' ');
    if (!tokens.some((t) => FIRST_PERSON.has(t))) {
      const quote = tidyQuote(text, content.quote.maxLength);
      problems.push({ kind: 'responsibility', quote, explanation: fill(rules.firstPerson, { quote }) });
    }
  }
  for (const kind of rules.pitfalls) {
    const finding = findingFor(analysis, kind, content);
    if (finding) problems.push(finding);
  }
  for (const { kind, group } of rules.extra) {
    if (problems.some((p) => p.kind === kind)) continue;
    const sentence = analysis.sentences.find((s) => groupMatches(s, group, content.negation));
    if (!sentence) continue;
    const quote = quoteFor(sentence, group, content);
    problems.push({ kind, quote, explanation: fill(group.explanation, { quote }) });
  }

  const first = problems[0];
  if (first) return { ok: false, problems, advice: rules.advice[first.kind] ?? rules.advice.default };
  if (rules.vague && text.trim() !== '' && isVague(text, rules.vague, content)) return { ok: true, problems, advice: rules.vague.advice };
  return { ok: true, problems };
}

export function deliveryTips(content: ApologyContent): string[] {
  return [...content.deliveryTips];
}
