// `mend chat` / `npm run chat`: talk to Mend in the terminal, with the same bot, dialogs and
// storage (lowdb under DATA_DIR by default), so a conversation here is kept like any other.
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { ActivityTypes } from 'botbuilder';
import { createMendApp } from '../app.js';
import { configFromProcessEnvironment } from '../config.js';
import { createLogger } from '../log.js';
import { TerminalAdapter } from '../channels/terminal-adapter.js';

const USAGE = `usage: mend chat [--new] [--locale en-GB]

  --new       start a fresh conversation (the previous one stays stored until deleted)
  --locale    your locale, which picks the helplines (default: from LANG, else en-US)
Type "menu", "help" or "cancel" at any time; a number picks a numbered choice; Ctrl-D or "/quit" leaves.
`;

export async function runTerminalChat(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = configFromProcessEnvironment();
  if (!config) return 2;
  const localeArg = args.indexOf('--locale');
  const locale = (localeArg >= 0 ? args[localeArg + 1] : undefined) ?? process.env['LANG']?.split('.')[0]?.replace('_', '-') ?? 'en-US';
  // Logs go to stderr and only warnings, so they never mix with the conversation.
  const app = await createMendApp(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr));
  const user = userInfo().username || 'you';
  const conversationId = args.includes('--new') ? `terminal-${user}-${Date.now()}` : `terminal-${user}`;
  const adapter = new TerminalAdapter(
    { write: (text) => process.stdout.write(text) },
    {
      channelId: 'cli',
      serviceUrl: 'terminal://local',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'terminal' },
      user: { id: `cli-${user}`, name: user },
      bot: { id: 'mend', name: 'Mend' },
      locale,
    },
  );
  adapter.onTurnError = async (context, error) => {
    process.stderr.write(`(turn failed: ${error.message})\n`);
    await context.sendActivity(app.services.voice.text(context, 'core.error'));
  };

  await adapter.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: `cli-${user}`, name: user }] }, app.runTurn);
  // Returning to a stored conversation: no welcome again, so show where we are instead.
  if (adapter.printed === 0) await adapter.receive({ type: ActivityTypes.Message, text: 'help' }, app.runTurn);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true, prompt: '\nyou> ' });
  if (process.stdin.isTTY) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text !== '') await adapter.receive({ type: ActivityTypes.Message, text }, app.runTurn);
    if (process.stdin.isTTY) rl.prompt();
  }
  rl.close();
  await app.storage.close();
  process.stdout.write('\n');
  return 0;
}
