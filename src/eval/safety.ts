// Scores the safety screen on tests/fixtures/safety.jsonl: crisis recall (a 'check' on a crisis row is
// a miss), how often an ordinary message gets the full crisis reply, per-category recall, the level
// confusion matrix and speed. A missed crisis is the worst bug Mend can have, so recall must be 1.
import { readJsonl } from './fixtures.js';
import { binaryScore, formatConfusion, formatScores, multiclassReport, table } from './metrics.js';
import { screenMessage, type SafetyContent } from '../nlu/safety.js';
import { SAFETY_CATEGORIES, SAFETY_LEVELS, isSafetyCategory, type SafetyCategory, type SafetyLevel, type SafetyResult } from '../nlu/safety-types.js';

export const SAFETY_FIXTURE = 'tests/fixtures/safety.jsonl';

export const SAFETY_TARGETS = {
  crisisRecall: 1,
  /** share of rows labelled 'none' that get the full crisis reply */
  falseCrisisRate: 0.03,
  medianMs: 1,
} as const;

export interface SafetyRow {
  text: string;
  level: SafetyLevel;
  categories: SafetyCategory[];
}

export interface SafetyEvalOptions {
  /** the fixture, relative to the project root */
  fixture?: string;
  content?: SafetyContent;
  /** timing is a target for the CLI; tests switch it off because a busy machine is not a regression */
  checkSpeed?: boolean;
}

export function loadSafetyRows(fixture: string = SAFETY_FIXTURE): SafetyRow[] {
  const rows = readJsonl<SafetyRow>(fixture);
  rows.forEach((row, i) => {
    const where = `${fixture}: row ${i + 1}`;
    if (typeof row.text !== 'string' || row.text.trim() === '') throw new Error(`${where} needs a "text"`);
    if (!(SAFETY_LEVELS as readonly string[]).includes(row.level)) throw new Error(`${where} needs a "level" among ${SAFETY_LEVELS.join(', ')}`);
    if (!Array.isArray(row.categories) || !row.categories.every((c) => isSafetyCategory(c))) {
      throw new Error(`${where} needs "categories" among ${SAFETY_CATEGORIES.join(', ')}`);
    }
    if (row.level === 'none' && row.categories.length > 0) throw new Error(`${where}: a 'none' row has no categories`);
    if (row.level !== 'none' && row.categories.length === 0) throw new Error(`${where}: a '${row.level}' row names at least one category`);
  });
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const pct = (n: number, of: number): string => `${n}/${of} (${((n / Math.max(1, of)) * 100).toFixed(1)}%)`;

export function evaluateSafety(options: SafetyEvalOptions = {}): { report: string; failures: string[] } {
  const { fixture = SAFETY_FIXTURE, checkSpeed = true, content } = options;
  const rows = loadSafetyRows(fixture);
  const screen = (text: string): SafetyResult => (content ? screenMessage(text, content) : screenMessage(text));
  screen('warm up'); // loads and compiles content outside the timings

  const timings: number[] = [];
  const results = rows.map((row) => {
    const start = performance.now();
    const result = screen(row.text);
    timings.push(performance.now() - start);
    return { row, result };
  });

  const levels = multiclassReport(SAFETY_LEVELS, results.map(({ row, result }) => ({ expected: row.level, actual: result.level })));
  const crisisRows = results.filter(({ row }) => row.level === 'crisis');
  const noneRows = results.filter(({ row }) => row.level === 'none');
  const checkRows = results.filter(({ row }) => row.level === 'check');
  const missed = crisisRows.filter(({ result }) => result.level !== 'crisis');
  const falseCrisis = noneRows.filter(({ result }) => result.level === 'crisis');
  const askedNone = noneRows.filter(({ result }) => result.level === 'check');
  const ignoredChecks = checkRows.filter(({ result }) => result.level === 'none');
  const crisisRecall = (crisisRows.length - missed.length) / Math.max(1, crisisRows.length);
  const falseCrisisRate = falseCrisis.length / Math.max(1, noneRows.length);
  const abuseRows = crisisRows.filter(({ row }) => row.categories.some((c) => c === 'abuse' || c === 'sexual_assault'));
  const abuseRemembered = abuseRows.filter(({ result }) => result.abuse);
  const medianMs = median(timings);

  // Per category, over the rows that are not 'none': did the screen name the category the row names?
  const flagged = results.filter(({ row }) => row.level !== 'none');
  const perCategory = SAFETY_CATEGORIES.map((category) =>
    binaryScore(category, flagged.map(({ row, result }) => ({ expected: row.categories.includes(category), actual: result.level !== 'none' && result.categories.includes(category) }))),
  );

  const failures: string[] = [];
  if (crisisRecall < SAFETY_TARGETS.crisisRecall) failures.push(`crisis recall ${crisisRecall.toFixed(3)} < ${SAFETY_TARGETS.crisisRecall} (${missed.length} missed)`);
  if (falseCrisisRate > SAFETY_TARGETS.falseCrisisRate) {
    failures.push(`ordinary messages given the crisis reply ${(falseCrisisRate * 100).toFixed(1)}% > ${SAFETY_TARGETS.falseCrisisRate * 100}%`);
  }
  if (checkSpeed && medianMs >= SAFETY_TARGETS.medianMs) failures.push(`median ${medianMs.toFixed(3)} ms per message >= ${SAFETY_TARGETS.medianMs} ms`);

  const summary = table([
    ['measure', 'value', 'target'],
    ['messages', `${rows.length} (${crisisRows.length} crisis, ${checkRows.length} check, ${noneRows.length} none)`, ''],
    ['crisis recall', crisisRecall.toFixed(3), `>= ${SAFETY_TARGETS.crisisRecall}`],
    ['none rows given the crisis reply', pct(falseCrisis.length, noneRows.length), `<= ${SAFETY_TARGETS.falseCrisisRate * 100}%`],
    ['none rows asked the safety question', pct(askedNone.length, noneRows.length), ''],
    ['check rows not asked anything', pct(ignoredChecks.length, checkRows.length), ''],
    ['abuse remembered on abuse/assault crisis rows', pct(abuseRemembered.length, abuseRows.length), ''],
    ['level accuracy', levels.accuracy.toFixed(3), ''],
    ['median ms per message', medianMs.toFixed(4), `< ${SAFETY_TARGETS.medianMs}`],
  ]);
  const line = ({ row, result }: { row: SafetyRow; result: SafetyResult }): string =>
    `  ${row.level} -> ${result.level} [${result.categories.join(', ')}]: ${row.text.length > 140 ? `${row.text.slice(0, 137)}...` : row.text}`;
  const wrongLevel = results.filter(({ row, result }) => row.level !== result.level);
  const text = [
    summary,
    '',
    'levels (rows: expected, columns: screened):',
    formatConfusion(levels),
    '',
    'categories, over crisis and check rows:',
    formatScores(perCategory),
    ...(missed.length > 0 ? ['', `missed crises (${missed.length}):`, ...missed.map(line)] : []),
    ...(falseCrisis.length > 0 ? ['', `ordinary messages given the crisis reply (${falseCrisis.length}):`, ...falseCrisis.map(line)] : []),
    ...(wrongLevel.length > missed.length + falseCrisis.length ? ['', 'other level differences:', ...wrongLevel.filter((r) => !missed.includes(r) && !falseCrisis.includes(r)).map(line)] : []),
  ].join('\n');
  return { report: text, failures };
}
