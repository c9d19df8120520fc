// Precision, recall, F1 and confusion matrices for the labelled sets under tests/fixtures.

export interface BinaryScore {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

export function binaryScore(label: string, pairs: readonly { expected: boolean; actual: boolean }[]): BinaryScore {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const { expected, actual } of pairs) {
    if (expected && actual) tp += 1;
    else if (!expected && actual) fp += 1;
    else if (expected && !actual) fn += 1;
    else tn += 1;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { label, tp, fp, fn, tn, support: tp + fn, precision, recall, f1 };
}

export interface MulticlassReport {
  labels: string[];
  perLabel: BinaryScore[];
  macroF1: number;
  accuracy: number;
  /** confusion[expected][actual] */
  confusion: Record<string, Record<string, number>>;
}

export function multiclassReport(labels: readonly string[], rows: readonly { expected: string; actual: string }[]): MulticlassReport {
  const confusion: Record<string, Record<string, number>> = {};
  for (const e of labels) {
    confusion[e] = {};
    for (const a of labels) confusion[e]![a] = 0;
  }
  let correct = 0;
  for (const { expected, actual } of rows) {
    const row = (confusion[expected] ??= {});
    row[actual] = (row[actual] ?? 0) + 1;
    if (expected === actual) correct += 1;
  }
  const perLabel = labels.map((label) =>
    binaryScore(label, rows.map((r) => ({ expected: r.expected === label, actual: r.actual === label }))),
  );
  const scored = perLabel.filter((s) => s.support > 0);
  const macroF1 = scored.reduce((sum, s) => sum + s.f1, 0) / Math.max(1, scored.length);
  return { labels: [...labels], perLabel, macroF1, accuracy: ratio(correct, rows.length), confusion };
}

const pct = (x: number): string => x.toFixed(3);

export function formatScores(scores: readonly BinaryScore[]): string {
  const head = ['label', 'support', 'precision', 'recall', 'f1', 'fp', 'fn'];
  const lines = scores.map((s) => [s.label, String(s.support), pct(s.precision), pct(s.recall), pct(s.f1), String(s.fp), String(s.fn)]);
  return table([head, ...lines]);
}

export function formatConfusion(report: MulticlassReport): string {
  const head = ['expected \\ actual', ...report.labels];
  const lines = report.labels.map((e) => [e, ...report.labels.map((a) => String(report.confusion[e]?.[a] ?? 0))]);
  return table([head, ...lines]);
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
