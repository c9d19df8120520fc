// Practice history and what it says: counts per flow, the score trend, the trap someone falls
// into most, their streak of practice days, and what to practise next. Pure: dates come in.

export type PracticeFlow = 'istatement' | 'apology';
export const PRACTICE_FLOWS: readonly PracticeFlow[] = ['istatement', 'apology'];

export interface PracticeRecord {
  flow: PracticeFlow;
  /** ISO timestamp. */
  at: string;
  /** The checker's score, 0..100. */
  score: number;
  /** The traps and gaps the checker found (flag names such as "absolute", "but_clause"). */
  issues: string[];
}

export interface PracticeHistory {
  practices: PracticeRecord[];
}

/** How many practices are kept per person; older ones fall off the front. */
export const MAX_PRACTICES = 200;

export function recordPractice(history: PracticeHistory | undefined, record: PracticeRecord, max = MAX_PRACTICES): PracticeHistory {
  const score = Math.max(0, Math.min(100, Math.round(record.score)));
  const practices = [...(history?.practices ?? []), { ...record, score, issues: [...new Set(record.issues)] }];
  return { practices: practices.slice(-max) };
}

/**
 * Practice history after two writers: the records this turn added (those in `ours` but not in
 * `read`, what the turn started from) appended to `fresh`, what another writer stored meanwhile.
 */
export function mergePracticeHistory(read: PracticeHistory | undefined, ours: PracticeHistory | undefined, fresh: PracticeHistory | undefined, max = MAX_PRACTICES): PracticeHistory | undefined {
  const identity = (p: PracticeRecord): string => JSON.stringify([p.flow, p.at, p.score, p.issues]);
  const before = new Set((read?.practices ?? []).map(identity));
  const added = (ours?.practices ?? []).filter((p) => !before.has(identity(p)));
  if (added.length === 0) return fresh;
  const known = new Set((fresh?.practices ?? []).map(identity));
  return { practices: [...(fresh?.practices ?? []), ...added.filter((p) => !known.has(identity(p)))].slice(-max) };
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

/** Consecutive practice days (UTC) ending today or yesterday, and the longest run ever. */
export function practiceStreak(history: PracticeHistory, now: Date): { current: number; best: number } {
  const days = [...new Set(history.practices.map((p) => dayNumber(p.at)).filter(Number.isFinite))].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  let previous = Number.NaN;
  for (const day of days) {
    run = day === previous + 1 ? run + 1 : 1;
    best = Math.max(best, run);
    previous = day;
  }
  const today = Math.floor(now.getTime() / DAY_MS);
  const last = days[days.length - 1];
  const current = last !== undefined && today - last <= 1 ? run : 0;
  return { current, best };
}

export interface ProgressSummary {
  total: number;
  counts: Record<PracticeFlow, number>;
  /** The last scores, oldest first (at most `window`). */
  recent: { flow: PracticeFlow; score: number }[];
  recentAverage?: number;
  previousAverage?: number;
  trend: 'up' | 'down' | 'steady' | 'too_few';
  topIssue?: { issue: string; count: number };
  streak: { current: number; best: number };
  /** The flow practised least (ties: the first in PRACTICE_FLOWS order). */
  leastUsed: PracticeFlow;
}

const average = (xs: readonly number[]): number | undefined => (xs.length === 0 ? undefined : xs.reduce((s, x) => s + x, 0) / xs.length);

export function summariseProgress(history: PracticeHistory, now: Date, window = 20): ProgressSummary {
  const { practices } = history;
  const counts = { istatement: 0, apology: 0 } as Record<PracticeFlow, number>;
  const issueCounts = new Map<string, number>();
  for (const p of practices) {
    counts[p.flow] += 1;
    for (const issue of p.issues) issueCounts.set(issue, (issueCounts.get(issue) ?? 0) + 1);
  }
  const recent = practices.slice(-window).map((p) => ({ flow: p.flow, score: p.score }));
  // Trend: the last five against the five before them.
  const lastFive = average(practices.slice(-5).map((p) => p.score));
  const priorFive = average(practices.slice(-10, -5).map((p) => p.score));
  let trend: ProgressSummary['trend'] = 'too_few';
  if (lastFive !== undefined && priorFive !== undefined) trend = lastFive - priorFive >= 5 ? 'up' : priorFive - lastFive >= 5 ? 'down' : 'steady';
  let topIssue: ProgressSummary['topIssue'];
  for (const [issue, count] of issueCounts) if (!topIssue || count > topIssue.count) topIssue = { issue, count };
  const leastUsed = PRACTICE_FLOWS.reduce((least, flow) => (counts[flow] < counts[least] ? flow : least), PRACTICE_FLOWS[0]!);
  return {
    total: practices.length,
    counts,
    recent,
    ...(lastFive !== undefined ? { recentAverage: lastFive } : {}),
    ...(priorFive !== undefined ? { previousAverage: priorFive } : {}),
    trend,
    ...(topIssue ? { topIssue } : {}),
    streak: practiceStreak(history, now),
    leastUsed,
  };
}

export type PracticeSuggestion = { kind: 'start' } | { kind: 'issue'; issue: string } | { kind: 'flow'; flow: PracticeFlow };

/** What to practise next: the trap they fall into most (if it keeps coming back), else the flow they use least. */
export function suggestPractice(summary: ProgressSummary): PracticeSuggestion {
  if (summary.total === 0) return { kind: 'start' };
  if (summary.topIssue && summary.topIssue.count >= 2) return { kind: 'issue', issue: summary.topIssue.issue };
  return { kind: 'flow', flow: summary.leastUsed };
}

/** An I-statement draft's score: 100 with nothing flagged, less for each way it could sting. */
export function scoreIStatement(issues: Readonly<Record<string, boolean>>): number {
  const flagged = Object.values(issues).filter(Boolean).length;
  return Math.max(0, 100 - flagged * 20);
}

/** The issues an apology check found, as practice issue names: traps, then missing parts. */
export function apologyIssues(check: { components: Readonly<Record<string, boolean>>; pitfalls: Readonly<Record<string, boolean>> }): string[] {
  const traps = Object.entries(check.pitfalls).filter(([, on]) => on).map(([k]) => k);
  // Only the parts research weighs most count as a gap worth tracking.
  const gaps = ['responsibility', 'repair'].filter((k) => check.components[k] === false).map((k) => `missing_${k}`);
  return [...traps, ...gaps];
}
