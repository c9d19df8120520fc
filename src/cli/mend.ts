// The `mend` command line: `npm run --silent mend -- <command>`.
// route | check-istatement | check-apology read JSON Lines on stdin; chat opens a terminal conversation.
import { runJsonl, type Analyse } from './jsonl.js';

const USAGE = `usage: mend <command>

  route             JSON Lines in (each with "text"), adds "route" and "confidence"
  check-istatement  JSON Lines in, adds "issues", "is_i_statement", "rewrite", "feedback"
  check-apology     JSON Lines in, adds "components", "pitfalls", "score", "feedback"
  chat              talk to Mend in this terminal (same bot, dialogs and storage)
`;

async function analyserFor(command: string): Promise<Analyse | undefined> {
  switch (command) {
    case 'route': {
      const { routeMessage } = await import('../nlu/router.js');
      return (text) => {
        const { route, confidence } = routeMessage(text);
        return { route, confidence };
      };
    }
    case 'check-istatement': {
      const { checkIStatement } = await import('../coaching/istatement.js');
      return (text) => {
        const { issues, is_i_statement, rewrite, feedback } = checkIStatement(text);
        return { issues, is_i_statement, rewrite, feedback };
      };
    }
    case 'check-apology': {
      const { checkApology } = await import('../coaching/apology.js');
      return (text) => {
        const { components, pitfalls, score, feedback } = checkApology(text);
        return { components, pitfalls, score, feedback };
      };
    }
    default:
      return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'chat') {
    const { runTerminalChat } = await import('./chat.js');
    return runTerminalChat(argv.slice(1));
  }
  const analyse = await analyserFor(command);
  if (!analyse) {
    process.stderr.write(`mend: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const { errors } = await runJsonl(analyse, process.stdin, process.stdout);
  if (errors > 0) process.stderr.write(`mend ${command}: ${errors} line(s) could not be read; see their "error" field\n`);
  return errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mend: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
