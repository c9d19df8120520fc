// Scores the router on tests/fixtures/route.jsonl: per-route precision/recall/F1, macro-F1, the
// confusion matrix, crisis recall, how often an ordinary message is flagged as crisis, and speed.
import { readJsonl } from './fixtures.js';
import { binaryScore, formatConfusion, formatScores, multiclassReport, table } from './metrics.js';
import { routeMessage, type Route, type RouteOptions } from '../nlu/router.js';

export const ROUTE_FIXTURE = 'tests/fixtures/route.jsonl';
const ROUTES: readonly Route[] = ['istatement', 'apology', 'escalate', 'crisis', 'other'];

export const ROUTE_TARGETS = {
  macroF1: 0.95,
  crisisRecall: 1,
  /** share of non-crisis messages routed to crisis */
  falseCrisisRate: 0.03,
  medianMs: 1,
} as const;

export interface RouteRow {
  text: string;
  route: Route;
}

export interface RouteEvalOptions extends RouteOptions {
  /** the fixture, relative to the project root */
  fixture?: string;
  /** timing is a target for the CLI; tests switch it off because a busy machine is not a regression */
  checkSpeed?: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function loadRouteRows(fixture: string = ROUTE_FIXTURE): RouteRow[] {
  const rows = readJsonl<RouteRow>(fixture);
  rows.forEach((row, i) => {
    if (typeof row.text !== 'string' || !ROUTES.includes(row.route)) {
      throw new Error(`${fixture}: row ${i + 1} needs a "text" and a "route" among ${ROUTES.join(', ')}`);
    }
  });
  return rows;
}

export function evaluateRoutes(options: RouteEvalOptions = {}): { report: string; failures: string[] } {
  const { fixture = ROUTE_FIXTURE, checkSpeed = true, ...routeOptions } = options;
  const rows = loadRouteRows(fixture);
  routeMessage('warm up', routeOptions); // trains the classifier and loads content outside the timings

  const timings: number[] = [];
  const results = rows.map((row) => {
    const start = performance.now();
    const result = routeMessage(row.text, routeOptions);
    timings.push(performance.now() - start);
    return { row, result };
  });

  const report = multiclassReport(ROUTES, results.map(({ row, result }) => ({ expected: row.route, actual: result.route })));
  const crisis = binaryScore('crisis', results.map(({ row, result }) => ({ expected: row.route === 'crisis', actual: result.route === 'crisis' })));
  const ordinary = results.filter(({ row }) => row.route !== 'crisis');
  const falseCrisis = ordinary.filter(({ result }) => result.route === 'crisis');
  const falseCrisisRate = falseCrisis.length / Math.max(1, ordinary.length);
  const unsure = results.filter(({ result }) => !result.confident);
  const medianMs = median(timings);

  const failures: string[] = [];
  if (report.macroF1 < ROUTE_TARGETS.macroF1) failures.push(`routing macro-F1 ${report.macroF1.toFixed(3)} < ${ROUTE_TARGETS.macroF1}`);
  if (crisis.recall < ROUTE_TARGETS.crisisRecall) failures.push(`crisis recall ${crisis.recall.toFixed(3)} < ${ROUTE_TARGETS.crisisRecall}`);
  if (falseCrisisRate > ROUTE_TARGETS.falseCrisisRate) {
    failures.push(`non-crisis flagged crisis ${(falseCrisisRate * 100).toFixed(1)}% > ${ROUTE_TARGETS.falseCrisisRate * 100}%`);
  }
  if (checkSpeed && medianMs >= ROUTE_TARGETS.medianMs) failures.push(`median ${medianMs.toFixed(3)} ms per message >= ${ROUTE_TARGETS.medianMs} ms`);

  const wrong = results.filter(({ row, result }) => row.route !== result.route);
  const summary = table([
    ['measure', 'value', 'target'],
    ['messages', String(rows.length), ''],
    ['macro-F1', report.macroF1.toFixed(3), `>= ${ROUTE_TARGETS.macroF1}`],
    ['accuracy', report.accuracy.toFixed(3), ''],
    ['crisis recall', crisis.recall.toFixed(3), `>= ${ROUTE_TARGETS.crisisRecall}`],
    ['non-crisis flagged crisis', `${falseCrisis.length} (${(falseCrisisRate * 100).toFixed(1)}%)`, `<= ${ROUTE_TARGETS.falseCrisisRate * 100}%`],
    ['below threshold (clarify)', `${unsure.length} (${((unsure.length / Math.max(1, rows.length)) * 100).toFixed(1)}%)`, ''],
    ['median ms per message', medianMs.toFixed(3), `< ${ROUTE_TARGETS.medianMs}`],
  ]);
  const misrouted = wrong.map(({ row, result }) => `  ${row.route} -> ${result.route} (${result.confidence.toFixed(3)}): ${row.text}`);
  const text = [
    formatScores(report.perLabel),
    '',
    formatConfusion(report),
    '',
    summary,
    ...(misrouted.length > 0 ? ['', `misrouted (${misrouted.length}):`, ...misrouted] : []),
  ].join('\n');
  return { report: text, failures };
}
