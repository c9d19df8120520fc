// The safety screen's result types, shared by the screen, its content parser and the helpline file
// (which names the categories each helpline is for).

export const SAFETY_CATEGORIES = ['suicide', 'self_harm', 'abuse', 'sexual_assault', 'child_at_risk', 'harm_to_others', 'unsafe_now'] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

/** Ordered by severity, so a message's level is the highest level any of its cues reaches. */
export const SAFETY_LEVELS = ['none', 'check', 'crisis'] as const;
export type SafetyLevel = (typeof SAFETY_LEVELS)[number];

export interface SafetyResult {
  level: SafetyLevel;
  categories: SafetyCategory[];
  /** Partner violence, abuse, coercive control or sexual assault was disclosed: the conversation remembers it. */
  abuse: boolean;
}

export function levelRank(level: SafetyLevel): number {
  return SAFETY_LEVELS.indexOf(level);
}

export function isSafetyCategory(value: string): value is SafetyCategory {
  return (SAFETY_CATEGORIES as readonly string[]).includes(value);
}
