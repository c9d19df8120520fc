// Scores the I-statement checker on tests/fixtures/istatement.jsonl: per-flag precision/recall/F1,
// is_i_statement accuracy, controls that must stay clean, and a re-check of every automatic rewrite.
import { checkIStatement, defaultIStatementContent, ISTATEMENT_FLAGS, type IStatementCheck, type IStatementContent, type IStatementFlag } from '../coaching/istatement.js';
import { normaliseText } from '../coaching/istatement-text.js';
import { stem } from '../nlu/natural.js';
import { readJsonl } from './fixtures.js';
import { binaryScore, formatScores, table } from './metrics.js';

export interface IStatementRow {
  text: string;
  issues: Record<IStatementFlag, boolean>;
  is_i_statement: boolean;
}

export const ISTATEMENT_FIXTURE = 'tests/fixtures/istatement.jsonl';
/** Flags with at least this many positives must reach MIN_F1. */
export const MIN_SUPPORT = 10;
export const MIN_F1 = 0.9;
export const MIN_I_STATEMENT_ACCURACY = 0.9;
/** Share of the original's behaviour words a rewrite must keep. */
export const MIN_BEHAVIOUR_COVERAGE = 0.5;
/** A rewrite is re-checked for these: the ones the brief says a rewrite must never contain. */
const REWRITE_MUST_AVOID: readonly IStatementFlag[] = ['absolute', 'you_blame', 'label'];

function words(text: string, content: IStatementContent): string[] {
  return normaliseText(text, content.normalise, content.index.knownWords)
    .tokens.filter((t) => !t.punct && /\p{L}/u.test(t.norm))
    .map((t) => t.norm);
}

/**
 * The original's behaviour words: content words that are not flagged words, feeling or judgement words.
 * Chosen independently of how the rewriter picks clauses, so the check cannot simply agree with it.
 */
export function behaviourWords(text: string, check: IStatementCheck, content: IStatementContent): string[] {
  const flagged = new Set(check.findings.flatMap((f) => words(f.quote, content)));
  const discourse = new Set(content.normalise.discourse.filter((p) => p.length === 1).map((p) => p[0] ?? ''));
  const { realFeeling, fauxForm } = content.index;
  const feelingWords = new Set([...realFeeling.keys(), ...fauxForm.keys()].flatMap((p) => p.split(' ')));
  return [
    ...new Set(
      words(text, content).filter(
        (w) => w.length > 2 && !content.grammar.stopwords.has(w) && !flagged.has(w) && !discourse.has(w) && !feelingWords.has(w) && !content.index.judgement.has(w),
      ),
    ),
  ];
}

/** Why a rewrite fails the brief's rules (empty when it passes). */
export function rewriteProblems(text: string, check: IStatementCheck, content: IStatementContent = defaultIStatementContent()): string[] {
  const problems: string[] = [];
  const recheck = checkIStatement(check.rewrite, content);
  for (const flag of REWRITE_MUST_AVOID) if (recheck.issues[flag]) problems.push(`rewrite still has ${flag}`);
  const rewriteWords = words(check.rewrite, content);
  const joined = ` ${rewriteWords.join(' ')} `;
  const hasFeeling = [...content.index.realFeeling.keys()].some((f) => joined.includes(` ${f} `));
  if (!hasFeeling) problems.push('rewrite has no feeling word from the vocabulary');
  const expected = behaviourWords(text, check, content);
  if (expected.length > 0) {
    const have = new Set(rewriteWords.map(stem));
    const kept = expected.filter((w) => have.has(stem(w)));
    if (kept.length / expected.length < MIN_BEHAVIOUR_COVERAGE) problems.push(`rewrite keeps ${kept.length}/${expected.length} behaviour words (missing: ${expected.filter((w) => !kept.includes(w)).join(', ')})`);
  }
  return problems;
}

export function evaluateIStatements(rows: readonly IStatementRow[] = readJsonl<IStatementRow>(ISTATEMENT_FIXTURE)): { report: string; failures: string[] } {
  const content = defaultIStatementContent();
  const checks = rows.map((row) => checkIStatement(row.text, content));
  const failures: string[] = [];

  const scores = ISTATEMENT_FLAGS.map((flag) => binaryScore(flag, rows.map((row, i) => ({ expected: row.issues[flag], actual: checks[i]?.issues[flag] ?? false }))));
  for (const s of scores) {
    if (s.support >= MIN_SUPPORT && s.f1 < MIN_F1) failures.push(`${s.label}: F1 ${s.f1.toFixed(3)} < ${MIN_F1} (support ${s.support})`);
  }
  const iScore = binaryScore('is_i_statement', rows.map((row, i) => ({ expected: row.is_i_statement, actual: checks[i]?.is_i_statement ?? false })));
  const accuracy = (iScore.tp + iScore.tn) / Math.max(1, rows.length);
  if (accuracy < MIN_I_STATEMENT_ACCURACY) failures.push(`is_i_statement: accuracy ${accuracy.toFixed(3)} < ${MIN_I_STATEMENT_ACCURACY}`);

  const errors: string[][] = [];
  rows.forEach((row, i) => {
    const check = checks[i];
    if (!check) return;
    const wrong = ISTATEMENT_FLAGS.filter((f) => row.issues[f] !== check.issues[f]).map((f) => `${check.issues[f] ? '+' : '-'}${f}`);
    if (row.is_i_statement !== check.is_i_statement) wrong.push(`${check.is_i_statement ? '+' : '-'}is_i_statement`);
    if (wrong.length > 0) errors.push([row.text.slice(0, 70), wrong.join(' ')]);
  });

  const controls = rows.map((row, i) => ({ row, check: checks[i] })).filter(({ row }) => ISTATEMENT_FLAGS.every((f) => !row.issues[f]));
  const flaggedControls = controls.filter(({ check }) => check && ISTATEMENT_FLAGS.some((f) => check.issues[f]));
  for (const { row, check } of flaggedControls) {
    failures.push(`control flagged (${ISTATEMENT_FLAGS.filter((f) => check?.issues[f]).join(', ')}): ${row.text}`);
  }

  const needRewrite = rows.map((row, i) => ({ row, check: checks[i] })).filter(({ row }) => row.issues.you_blame || row.issues.absolute || row.issues.label);
  let rewritesOk = 0;
  for (const { row, check } of needRewrite) {
    if (!check) continue;
    const problems = rewriteProblems(row.text, check, content);
    if (problems.length === 0) rewritesOk += 1;
    else failures.push(`rewrite of "${row.text}" -> "${check.rewrite}": ${problems.join('; ')}`);
  }

  const report = [
    `${rows.length} rows, ${controls.length} controls`,
    formatScores([...scores, iScore]),
    `is_i_statement accuracy: ${accuracy.toFixed(3)}`,
    `controls clean: ${controls.length - flaggedControls.length}/${controls.length}`,
    `rewrites passing the checker: ${rewritesOk}/${needRewrite.length}`,
    errors.length > 0 ? `disagreements (+ raised but not labelled, - labelled but missed):\n${table(errors)}` : 'no disagreements',
  ].join('\n');
  return { report, failures };
}
