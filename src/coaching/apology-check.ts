// Checks a pasted apology: which of the six components it has, which pitfalls spoil it, a weighted
// score, and feedback that quotes the person's own words and ends with the one thing to change first.
import { APOLOGY_COMPONENTS, APOLOGY_KINDS, APOLOGY_PITFALLS, isApologyPitfall } from './apology-kinds.js';
import type { ApologyCheck, ApologyComponent, ApologyFinding, ApologyKind, ApologyPitfall } from './apology-kinds.js';
import type { ApologyContent } from './apology-content.js';
import { analyse, fill, findingFor } from './apology-cues.js';
import type { Analysis } from './apology-cues.js';
import { isVague } from './apology-vague.js';

export function checkApology(text: string, content: ApologyContent): ApologyCheck {
  const analysis = analyse(text, content);
  const components = {} as Record<ApologyComponent, boolean>;
  const pitfalls = {} as Record<ApologyPitfall, boolean>;
  for (const k of APOLOGY_COMPONENTS) components[k] = analysis.hits.has(k);
  for (const k of APOLOGY_PITFALLS) pitfalls[k] = analysis.hits.has(k);

  const byKind = new Map<ApologyKind, ApologyFinding>();
  for (const k of APOLOGY_KINDS) {
    const finding = findingFor(analysis, k, content);
    if (finding) byKind.set(k, finding);
  }
  const found = APOLOGY_KINDS.flatMap((k) => byKind.get(k) ?? []);
  const score = scoreOf(components, pitfalls, content);
  const firstFix = firstFixOf(analysis, components, pitfalls, content);

  const fb = content.feedback;
  const feedback: string[] = [fb.openings.find((o) => score >= o.min)?.text ?? ''];
  // Pitfalls first and in fix order: the most damaging one is what the person should read first.
  for (const k of fb.fixOrder) if (isApologyPitfall(k)) feedback.push(byKind.get(k)?.explanation ?? '');
  for (const k of APOLOGY_COMPONENTS) {
    const f = byKind.get(k);
    if (!f) continue;
    const vagueRule = content.steps.change.vague;
    feedback.push(k === 'change' && vagueRule && isVague(f.quote, vagueRule, content) ? fill(fb.vagueChange, { quote: f.quote }) : f.explanation);
  }
  const missing = APOLOGY_COMPONENTS.filter((k) => !components[k]);
  if (missing.length > fb.maxMissingDetail) feedback.push(fill(fb.missingSummary, { list: joinList(missing.map((k) => fb.labels[k]), fb.listAnd) }));
  else for (const k of missing) feedback.push(fb.missing[k]);
  feedback.push(firstFix === undefined ? fb.allGood : fill(fb.firstFixLead, { fix: firstFix }));

  const result: ApologyCheck = { components, pitfalls, score, feedback: feedback.filter((s) => s !== ''), found };
  if (firstFix !== undefined) result.firstFix = firstFix;
  return result;
}

export function scoreOf(components: Record<ApologyComponent, boolean>, pitfalls: Record<ApologyPitfall, boolean>, content: ApologyContent): number {
  let total = 0;
  for (const k of APOLOGY_COMPONENTS) if (components[k]) total += content.score.weights[k];
  for (const k of APOLOGY_PITFALLS) if (pitfalls[k]) total -= content.score.penalties[k];
  return Math.max(0, Math.min(100, Math.round(total)));
}

/** Pitfalls before missing components, in content's fix order; a cue group may carry its own fix. */
function firstFixOf(
  analysis: Analysis,
  components: Record<ApologyComponent, boolean>,
  pitfalls: Record<ApologyPitfall, boolean>,
  content: ApologyContent,
): string | undefined {
  const kind = content.feedback.fixOrder.find((k) => (isApologyPitfall(k) ? pitfalls[k] : !components[k]));
  if (kind === undefined) return undefined;
  return analysis.hits.get(kind)?.[0]?.group.fix ?? content.feedback.firstFix[kind];
}

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1] ?? ''}`;
}
