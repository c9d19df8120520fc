// What the person said this turn, whatever the channel: typed text, a suggested-action tap (sent
// as text), or an Adaptive Card submit (a value object). Card payloads are read like typed text,
// so the safety screen sees every word a person can send.
import type { Activity } from 'botbuilder';

export const MAX_INPUT_CHARS = 4000;

export interface UserInput {
  /** The text to act on, trimmed and capped at MAX_INPUT_CHARS. */
  text: string;
  /** Everything the person sent (text and every string in a card payload), for the safety screen. */
  screenText: string;
  /** The card action, when a card button was pressed ({ action: "..." } in Action.Submit data). */
  action?: string;
  /** Fields a card submitted, as strings. */
  fields: Readonly<Record<string, string>>;
  truncated: boolean;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function collectStrings(value: unknown, out: string[], depth = 0): void {
  if (depth > 4 || out.length > 50) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out, depth + 1));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => collectStrings(v, out, depth + 1));
}

export function readUserInput(activity: Partial<Activity>): UserInput {
  const typed = typeof activity.text === 'string' ? activity.text : '';
  const fields: Record<string, string> = {};
  let action: string | undefined;
  const value: unknown = activity.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') fields[k] = v.replace(CONTROL, ' ').slice(0, MAX_INPUT_CHARS);
    }
    action = fields['action'];
  }
  const payloadStrings: string[] = [];
  collectStrings(value, payloadStrings);
  const cleanTyped = typed.replace(CONTROL, ' ').trim();
  const fromCard = fields['text'] ?? '';
  const full = cleanTyped !== '' ? cleanTyped : fromCard.trim();
  const truncated = full.length > MAX_INPUT_CHARS;
  const text = truncated ? full.slice(0, MAX_INPUT_CHARS) : full;
  const screenText = [cleanTyped, ...payloadStrings.filter((s) => s !== action)].join('\n').replace(CONTROL, ' ');
  return action === undefined ? { text, screenText, fields, truncated } : { text, screenText, action, fields, truncated };
}
