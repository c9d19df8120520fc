// Public face of the apology engine (pure, no botbuilder): check a draft, compose one from the
// builder's steps, review a single step, and list delivery tips. Content defaults to content/apology.json.
import { RecentResults } from './recent-results.js';
import { checkApology as check } from './apology-check.js';
import { composeApology as compose } from './apology-compose.js';
import { defaultApologyContent } from './apology-content.js';
import type { ApologyContent } from './apology-content.js';
import { deliveryTips as tips, reviewStep as review } from './apology-steps.js';
import type { ApologyCheck, ApologyParts, ApologyStep, StepReview } from './apology-kinds.js';

export type {
  ApologyCheck,
  ApologyComponent,
  ApologyFinding,
  ApologyKind,
  ApologyParts,
  ApologyPitfall,
  ApologyStep,
  StepReview,
} from './apology-kinds.js';
export { APOLOGY_COMPONENTS, APOLOGY_PITFALLS, APOLOGY_STEPS } from './apology-kinds.js';
export type { ApologyContent } from './apology-content.js';
export { defaultApologyContent, parseApologyContent } from './apology-content.js';

/**
 * Checks a draft apology: the six components, the six pitfalls, a 0..100 score (weights and penalties
 * from content), feedback quoting the person's words, and the one thing to change first.
 * Passive, agentless wording ("mistakes were made", "it just happened") is flagged as `excuse`.
 */
const recentChecks = new RecentResults<ApologyCheck>();

/** The full check of one draft. The result is shared with later calls on the same text: do not mutate it. */
export function checkApology(text: string, content: ApologyContent = defaultApologyContent()): ApologyCheck {
  return recentChecks.get(content, text, () => check(text, content));
}

/**
 * Joins the builder's answers into one apology in the person's own words, adding only the connecting
 * words a part needs for the checker to recognise it. Absent forgiveness gets content's gentle default.
 */
export function composeApology(parts: ApologyParts, content: ApologyContent = defaultApologyContent()): string {
  return compose(parts, content);
}

/**
 * Reviews one builder answer. `ok` is false when the answer slips into a trap (blame, an excuse, a "but",
 * a demand for forgiveness, ownership not in the first person); `problems` quotes each one and `advice`
 * says how to rephrase. An answer can be ok and still carry `advice`: a vague promise ("I'll be better")
 * or an open-ended repair offer gets a nudge to make it specific, without being rejected.
 */
export function reviewStep(step: ApologyStep, text: string, content: ApologyContent = defaultApologyContent()): StepReview {
  return review(step, text, content);
}

/** Tips on when and how to say the apology, from content (a fresh copy each call). */
export function deliveryTips(content: ApologyContent = defaultApologyContent()): string[] {
  return tips(content);
}
