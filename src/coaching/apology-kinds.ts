// The vocabulary of the apology engine: the six components (Lewicki et al. 2016) and the six
// pitfalls (Schumann's defensive moves plus the classic non-apologies), and the result shapes.

export type ApologyComponent = 'regret' | 'responsibility' | 'explanation' | 'repair' | 'change' | 'forgiveness_request';
export type ApologyPitfall = 'conditional' | 'blame_shift' | 'minimizing' | 'but_clause' | 'sorry_you_feel' | 'excuse';
export type ApologyKind = ApologyComponent | ApologyPitfall;
export type ApologyStep = 'ownership' | 'impact' | 'explanation' | 'repair' | 'change' | 'forgiveness';

export const APOLOGY_COMPONENTS: readonly ApologyComponent[] = ['regret', 'responsibility', 'explanation', 'repair', 'change', 'forgiveness_request'];
export const APOLOGY_PITFALLS: readonly ApologyPitfall[] = ['conditional', 'blame_shift', 'minimizing', 'but_clause', 'sorry_you_feel', 'excuse'];
export const APOLOGY_KINDS: readonly ApologyKind[] = [...APOLOGY_COMPONENTS, ...APOLOGY_PITFALLS];
export const APOLOGY_STEPS: readonly ApologyStep[] = ['ownership', 'impact', 'explanation', 'repair', 'change', 'forgiveness'];

export function isApologyComponent(value: string): value is ApologyComponent {
  return (APOLOGY_COMPONENTS as readonly string[]).includes(value);
}
export function isApologyPitfall(value: string): value is ApologyPitfall {
  return (APOLOGY_PITFALLS as readonly string[]).includes(value);
}
export function isApologyKind(value: string): value is ApologyKind {
  return isApologyComponent(value) || isApologyPitfall(value);
}

export interface ApologyFinding {
  kind: ApologyKind;
  /** The person's own words (the clause or sentence) that triggered the finding. */
  quote: string;
  explanation: string;
}

export interface ApologyCheck {
  components: Record<ApologyComponent, boolean>;
  pitfalls: Record<ApologyPitfall, boolean>;
  /** 0..100: weighted components minus pitfall penalties, clamped; every component and no pitfall = 100. */
  score: number;
  feedback: string[];
  found: ApologyFinding[];
  firstFix?: string;
}

export interface ApologyParts {
  whatHappened: string;
  ownership: string;
  impact: string;
  explanation?: string;
  repair: string;
  change: string;
  forgiveness?: string;
}

export interface StepReview {
  ok: boolean;
  problems: ApologyFinding[];
  advice?: string;
}
