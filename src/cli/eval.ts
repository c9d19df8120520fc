// `npm run eval -- <set>`: scores an analyser on the labelled set the project ships in tests/fixtures.
// Prints per-label precision/recall/F1 (and a confusion matrix for routes); exits 1 if a target is missed.
const SETS = ['route', 'safety', 'istatement', 'apology'] as const;
type SetName = (typeof SETS)[number];

export interface EvalOutcome {
  report: string;
  /** Target lines that failed; empty when every target is met. */
  failures: string[];
}

async function runSet(name: SetName): Promise<EvalOutcome> {
  switch (name) {
    case 'route':
      return (await import('../eval/route.js')).evaluateRoutes();
    case 'safety':
      return (await import('../eval/safety.js')).evaluateSafety();
    case 'istatement':
      return (await import('../eval/istatement.js')).evaluateIStatements();
    case 'apology':
      return (await import('../eval/apology.js')).evaluateApologies();
  }
}

async function main(argv: string[]): Promise<number> {
  const wanted = argv.length === 0 ? [...SETS] : argv;
  let failed = 0;
  for (const name of wanted) {
    if (!(SETS as readonly string[]).includes(name)) {
      process.stderr.write(`eval: unknown set "${name}" (choose from ${SETS.join(', ')})\n`);
      return 2;
    }
    const { report, failures } = await runSet(name as SetName);
    process.stdout.write(`\n== ${name} ==\n${report}\n`);
    if (failures.length > 0) {
      failed += failures.length;
      process.stdout.write(`targets missed:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    } else {
      process.stdout.write('all targets met\n');
    }
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`eval: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
