// The generic rule engine behind triage: fires content rules over answers (signals, points, flows),
// then walks the ordered decisions until one matches. Knows no rule itself; all of them are content.
import type { PracticeFlow, TriageCondition, TriageContent, TriageDecision, TriageRule } from './triage-content.js';
import { ABUSE, DANGER } from './triage-content.js';

export interface Fired {
  /** rule id, or flag_<signal> for a signal remembered from earlier in the conversation */
  id: string;
  reason?: string;
  signals: readonly string[];
  points: Readonly<Record<string, number>>;
  flows: readonly PracticeFlow[];
  order: number;
}

export interface Evaluation {
  fired: Fired[];
  signals: Set<string>;
  scores: Map<string, number>;
}

interface Facts {
  answers: ReadonlyMap<string, string>;
  signals?: ReadonlySet<string>;
  scores?: ReadonlyMap<string, number>;
}

export function holds(c: TriageCondition, facts: Facts): boolean {
  switch (c.kind) {
    case 'answer': {
      const given = facts.answers.get(c.question);
      return given !== undefined && c.values.includes(given);
    }
    case 'signal':
      return facts.signals?.has(c.signal) ?? false;
    case 'score': {
      const s = facts.scores?.get(c.score) ?? 0;
      return (c.atLeast === undefined || s >= c.atLeast) && (c.below === undefined || s < c.below);
    }
    case 'compare': {
      const l = facts.scores?.get(c.left) ?? 0;
      const r = facts.scores?.get(c.right) ?? 0;
      return c.op === '>' ? l > r : l >= r;
    }
    case 'all':
      return c.of.every((x) => holds(x, facts));
    case 'any':
      return c.of.some((x) => holds(x, facts));
    case 'not':
      return !holds(c.of, facts);
    case 'always':
      return true;
  }
}

export function evaluate(answers: ReadonlyMap<string, string>, flags: { danger: boolean; abuse: boolean }, content: TriageContent): Evaluation {
  const fired: Fired[] = [];
  // Flags come first: what the safety net saw earlier outranks anything answered since.
  if (flags.danger) fired.push({ id: `flag_${DANGER}`, reason: content.flagReasons.danger, signals: [DANGER], points: {}, flows: [], order: -2 });
  if (flags.abuse) fired.push({ id: `flag_${ABUSE}`, reason: content.flagReasons.abuse, signals: [ABUSE], points: {}, flows: [], order: -1 });
  content.rules.forEach((rule: TriageRule, order) => {
    if (!holds(rule.when, { answers })) return;
    const f: Fired = { id: rule.id, signals: rule.signals, points: rule.points, flows: rule.flows, order };
    if (rule.reason !== undefined) f.reason = rule.reason;
    fired.push(f);
  });
  const signals = new Set(fired.flatMap((f) => f.signals));
  const scores = new Map<string, number>();
  for (const f of fired) for (const [name, p] of Object.entries(f.points)) scores.set(name, (scores.get(name) ?? 0) + p);
  return { fired, signals, scores };
}

export function decide(ev: Evaluation, answers: ReadonlyMap<string, string>, content: TriageContent): TriageDecision {
  const facts: Facts = { answers, signals: ev.signals, scores: ev.scores };
  const decision = content.decisions.find((d) => holds(d.when, facts));
  // parseTriageContent guarantees the last decision is { always: true }.
  if (!decision) throw new Error('triage: no decision matched; the content check should have prevented this');
  return decision;
}

export function abusePathHolds(decision: TriageDecision, ev: Evaluation, answers: ReadonlyMap<string, string>): boolean {
  return holds(decision.abusePath, { answers, signals: ev.signals, scores: ev.scores });
}

/**
 * The fired rules that explain a decision: those raising one of its signals come first, then those
 * adding the most points to its scores; rules that only lowered a score never count as a reason.
 */
export function reasonsFor(decision: TriageDecision, ev: Evaluation): Fired[] {
  const wanted = new Set(decision.reasonsFrom);
  const weight = (f: Fired): number => {
    if (f.signals.some((s) => wanted.has(s))) return Infinity;
    return Object.entries(f.points).reduce((sum, [name, p]) => sum + (wanted.has(name) && p > 0 ? p : 0), 0);
  };
  return ev.fired
    .filter((f) => f.reason !== undefined && weight(f) > 0)
    .sort((a, b) => {
      const wa = weight(a);
      const wb = weight(b);
      return wa === wb ? a.order - b.order : wb - wa;
    });
}

export function flowsFor(decision: TriageDecision, ev: Evaluation): PracticeFlow[] {
  if (!decision.suggestFlows) return [];
  const flows: PracticeFlow[] = [];
  for (const f of [...ev.fired].sort((a, b) => a.order - b.order)) for (const flow of f.flows) if (!flows.includes(flow)) flows.push(flow);
  return flows.length > 0 ? flows : [...decision.defaultFlows];
}
