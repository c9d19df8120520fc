// Recognises the few words that act as commands anywhere in a conversation (help, menu, cancel,
// start over) and the menu buttons, whose labels arrive as plain text from every channel.
import { readContentJson } from '../content/files.js';
import { obj, strList } from '../content/check.js';

export type FlowName = 'istatement' | 'apology' | 'escalate';
export type Command =
  | { kind: 'help' }
  | { kind: 'menu' }
  | { kind: 'cancel' }
  | { kind: 'start_over' }
  | { kind: 'my_data' }
  | { kind: 'forget_me' }
  | { kind: 'forget_me_confirmed' }
  | { kind: 'forget_me_cancelled' }
  | { kind: 'my_progress' }
  | { kind: 'resume' }
  | { kind: 'start'; flow: FlowName };

export type CommandsContent = ReadonlyMap<string, Command>;

const FLOWS: readonly FlowName[] = ['istatement', 'apology', 'escalate'];
const SIMPLE_KINDS = ['help', 'menu', 'cancel', 'start_over', 'my_data', 'forget_me', 'forget_me_confirmed', 'forget_me_cancelled', 'my_progress', 'resume'] as const;
type SimpleKind = (typeof SIMPLE_KINDS)[number];

export function normaliseCommandText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^\p{L}\p{N}?\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(please|mend|hey mend|ok|okay)\s+/, '')
    .replace(/\s+please$/, '')
    .trim();
}

export function parseCommandsContent(raw: unknown, file = 'commands.json'): CommandsContent {
  const root = obj(file, '', raw);
  const table = new Map<string, Command>();
  for (const [key, value] of Object.entries(root)) {
    if (key.startsWith('$')) continue;
    let command: Command;
    if ((SIMPLE_KINDS as readonly string[]).includes(key)) command = { kind: key as SimpleKind };
    else if (key.startsWith('start:') && (FLOWS as readonly string[]).includes(key.slice(6))) command = { kind: 'start', flow: key.slice(6) as FlowName };
    else throw new Error(`content/${file} at "${key}": unknown command (expected one of ${SIMPLE_KINDS.join(', ')} or start:<flow>)`);
    for (const phrase of strList(file, key, value)) {
      const normalised = normaliseCommandText(phrase);
      const clash = table.get(normalised);
      if (clash && JSON.stringify(clash) !== JSON.stringify(command)) {
        throw new Error(`content/${file} at "${key}": "${phrase}" is also listed under another command`);
      }
      table.set(normalised, command);
    }
  }
  return table;
}

let cached: CommandsContent | undefined;
export function defaultCommandsContent(): CommandsContent {
  cached ??= parseCommandsContent(readContentJson('commands.json'));
  return cached;
}

/** The command a whole message amounts to, if any. Only a message that is just the command counts. */
export function matchCommand(text: string, content: CommandsContent = defaultCommandsContent()): Command | undefined {
  if (text.length > 80) return undefined;
  return content.get(normaliseCommandText(text));
}
