// Scores the apology checker on tests/fixtures/apology.jsonl (per component and pitfall) and checks
// that composeApology turns realistic builder answers (tests/fixtures/apology-compose.jsonl) into a
// 100-point apology with no pitfall.
import { APOLOGY_COMPONENTS, APOLOGY_PITFALLS, checkApology, composeApology } from '../coaching/apology.js';
import type { ApologyCheck, ApologyComponent, ApologyContent, ApologyParts, ApologyPitfall } from '../coaching/apology.js';
import { isApologyComponent } from '../coaching/apology-kinds.js';
import { readJsonl } from './fixtures.js';
import { binaryScore, formatScores, table } from './metrics.js';
import type { BinaryScore } from './metrics.js';

export interface ApologyFixture {
  text: string;
  components: Record<ApologyComponent, boolean>;
  pitfalls: Record<ApologyPitfall, boolean>;
}

export interface ComposeFixture {
  name: string;
  parts: ApologyParts;
}

export const APOLOGY_FIXTURES = 'tests/fixtures/apology.jsonl';
export const COMPOSE_FIXTURES = 'tests/fixtures/apology-compose.jsonl';
/** Targets: F1 for every label with at least MIN_SUPPORT positives. */
export const MIN_F1 = 0.9;
export const MIN_SUPPORT = 10;

export interface ApologyEvaluation {
  report: string;
  failures: string[];
  scores: BinaryScore[];
  /** Rows the checker got wrong, for debugging: text plus the labels it missed (-) or added (+). */
  errors: string[];
}

export function evaluateApologies(content?: ApologyContent): { report: string; failures: string[] } {
  const { report, failures } = evaluateApologiesInDetail(content);
  return { report, failures };
}

export function evaluateApologiesInDetail(
  content?: ApologyContent,
  fixtures: ApologyFixture[] = readJsonl<ApologyFixture>(APOLOGY_FIXTURES),
  composeSets: ComposeFixture[] = readJsonl<ComposeFixture>(COMPOSE_FIXTURES),
): ApologyEvaluation {
  const results = fixtures.map((f) => ({ fixture: f, check: checkApology(f.text, content) }));
  const labels = [...APOLOGY_COMPONENTS, ...APOLOGY_PITFALLS];
  const of = (r: Pick<ApologyFixture, 'components' | 'pitfalls'>, label: ApologyComponent | ApologyPitfall): boolean =>
    isApologyComponent(label) ? r.components[label] === true : r.pitfalls[label] === true;
  const expectedOf = (f: ApologyFixture, label: ApologyComponent | ApologyPitfall): boolean => of(f, label);
  const actualOf = (c: ApologyCheck, label: ApologyComponent | ApologyPitfall): boolean => of(c, label);

  const scores = labels.map((label) => binaryScore(label, results.map((r) => ({ expected: expectedOf(r.fixture, label), actual: actualOf(r.check, label) }))));
  const failures: string[] = [];
  for (const s of scores) {
    if (s.support >= MIN_SUPPORT && s.f1 < MIN_F1) failures.push(`${s.label}: F1 ${s.f1.toFixed(3)} < ${MIN_F1} (support ${s.support})`);
  }

  const errors: string[] = [];
  for (const { fixture, check } of results) {
    const diff = labels.flatMap((l) => {
      const e = expectedOf(fixture, l);
      const a = actualOf(check, l);
      return e === a ? [] : [`${a ? '+' : '-'}${l}`];
    });
    if (diff.length > 0) errors.push(`${diff.join(' ')}  <- ${fixture.text}`);
  }

  const composeRows: string[][] = [['set', 'score', 'pitfalls']];
  for (const set of composeSets) {
    const text = composeApology(set.parts, content);
    const check = checkApology(text, content);
    const spoilt = APOLOGY_PITFALLS.filter((p) => check.pitfalls[p]);
    composeRows.push([set.name, String(check.score), spoilt.join(', ') || '-']);
    if (check.score !== 100 || spoilt.length > 0) {
      const missing = APOLOGY_COMPONENTS.filter((c) => !check.components[c]);
      failures.push(`composed "${set.name}" scores ${check.score}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${spoilt.length ? ` with pitfalls ${spoilt.join(', ')}` : ''}: ${text}`);
    }
  }
  if (composeSets.length === 0) failures.push('no compose fixtures to check');

  const report = [
    `${fixtures.length} labelled drafts; target F1 >= ${MIN_F1} for labels with >= ${MIN_SUPPORT} positives`,
    'components:',
    formatScores(scores.filter((s) => (APOLOGY_COMPONENTS as readonly string[]).includes(s.label))),
    'pitfalls:',
    formatScores(scores.filter((s) => (APOLOGY_PITFALLS as readonly string[]).includes(s.label))),
    `composed apologies (${composeSets.length}; each must score 100 with no pitfall):`,
    table(composeRows),
  ].join('\n');
  return { report, failures, scores, errors };
}
