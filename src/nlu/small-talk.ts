// Tells apart the kinds of small talk that the router lumps together as "other", so Mend can answer
// a greeting like a greeting and "what can you do" with what it can do.
import { readContentJson } from '../content/files.js';
import { obj, regex } from '../content/check.js';

export type SmallTalk = 'greeting' | 'thanks' | 'goodbye' | 'capabilities';
const KINDS: readonly SmallTalk[] = ['greeting', 'thanks', 'goodbye', 'capabilities'];

export type SmallTalkContent = ReadonlyArray<readonly [SmallTalk, RegExp]>;

export function parseSmallTalkContent(raw: unknown, file = 'smalltalk.json'): SmallTalkContent {
  const root = obj(file, '', raw);
  return KINDS.map((kind) => [kind, regex(file, kind, root[kind])] as const);
}

let cached: SmallTalkContent | undefined;
export function defaultSmallTalkContent(): SmallTalkContent {
  cached ??= parseSmallTalkContent(readContentJson('smalltalk.json'));
  return cached;
}

export function smallTalkKind(text: string, content: SmallTalkContent = defaultSmallTalkContent()): SmallTalk | undefined {
  const trimmed = text.trim().replace(/[\u2018\u2019]/g, "'");
  if (trimmed.length > 60) return undefined;
  return content.find(([, pattern]) => pattern.test(trimmed))?.[0];
}
