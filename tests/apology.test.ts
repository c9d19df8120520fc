import { describe, expect, it } from 'vitest';
import {
  APOLOGY_COMPONENTS,
  APOLOGY_PITFALLS,
  checkApology,
  composeApology,
  defaultApologyContent,
  deliveryTips,
  parseApologyContent,
  reviewStep,
} from '../src/coaching/apology.js';
import type { ApologyComponent, ApologyParts, ApologyPitfall, ApologyStep } from '../src/coaching/apology.js';
import { normalise } from '../src/coaching/apology-text.js';
import { readContentJson } from '../src/content/files.js';
import { ContentError } from '../src/content/files.js';
import { evaluateApologies, evaluateApologiesInDetail } from '../src/eval/apology.js';

type Kind = ApologyComponent | ApologyPitfall;

/** The raw content file, deep-copied so a test can break one field. */
function rawContent(): unknown {
  return structuredClone(readContentJson('apology.json'));
}

type Path = (string | number)[];
function at(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}
function set(root: unknown, path: Path, value: unknown): void {
  (at(root, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1] ?? ''] = value;
}
function push(root: unknown, path: Path, value: unknown): void {
  (at(root, path) as unknown[]).push(value);
}
function remove(root: unknown, path: Path): void {
  delete (at(root, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1] ?? ''];
}

function kindsOf(text: string): Kind[] {
  const r = checkApology(text);
  return [...APOLOGY_COMPONENTS.filter((k) => r.components[k]), ...APOLOGY_PITFALLS.filter((k) => r.pitfalls[k])];
}

describe('normalise', () => {
  const content = defaultApologyContent();
  it.each([
    ['im sry ill fix it', 'i am sorry i will fix it'],
    ["I'm SOOO sorryyyy", 'i am so sorry'],
    ['I was ill last week', 'i was ill last week'],
    ['i should of called u', 'i should have called you'],
    ["if you'd spoken to me", 'if you had spoken to me'],
    ['I take full responsability', 'i take full responsibility'],
    ['i appologize', 'i apologize'],
    ["can't you take a joke", 'can you take a joke'],
    ["we're both to blame", 'we are both to blame'],
    ["work's been crazy", 'work has been crazy'],
  ])('%s -> %s', (input, expected) => {
    expect(normalise(input, content.normalise)).toBe(expected);
  });
});

describe('checkApology finds components and pitfalls', () => {
  it.each<[string, Kind[]]>([
    ['sorry.', ['regret']],
    ['im sorry i yelled', ['regret']],
    ['It was my fault and I take full responsibility.', ['responsibility']],
    ['I was stressed about work and took it out on you.', ['explanation']],
    ['How can I make it right?', ['repair']],
    ["From now on I'll text you if I'm running late.", ['change']],
    ['Can you ever forgive me?', ['forgiveness_request']],
    ["I'm sorry if I hurt you.", ['regret', 'conditional']],
    ["I'm sorry you feel that way.", ['sorry_you_feel']],
    ['Sorry, but you started it.', ['regret', 'blame_shift', 'but_clause']],
    ["it was just a joke, you're overreacting", ['blame_shift', 'minimizing']],
    ['I was drunk so I couldn\'t help it.', ['excuse']],
    ['Mistakes were made.', ['excuse']],
    ['Calm down, it was one drink.', ['minimizing']],
    ["I'm sorry. But you need to stop pushing my buttons.", ['regret', 'blame_shift', 'but_clause']],
    // negation and disclaimers
    ["I'm not sorry.", []],
    ["I'm not making excuses. I was wrong.", ['responsibility']],
    ["I know it's a big deal to you.", []],
    ["It's not a big deal.", ['minimizing']],
    ["I'm not going to pretend it was just a joke.", []],
    ["I don't think I was wrong.", ['excuse']],
    ["I can't promise I'll never get angry again.", []],
    ['sorry not sorry, you deserved it', ['blame_shift']],
    ["I don't expect you to forgive me.", []],
    ['you have to forgive me', []],
    // reported speech is not ownership
    ["I'm sorry you think I was rude.", ['sorry_you_feel']],
    ["You're right, I was being selfish. I'm sorry.", ['regret', 'responsibility']],
    ["I'm sorry, I can't undo it, but I will make it up to you.", ['regret', 'repair']],
    // naming how they felt is not blaming them
    ["You felt forgotten and like you didn't matter to me, and that's on me.", ['responsibility']],
    ["I'm sorry I made you feel like you never mattered to me.", ['regret', 'responsibility']],
    ["Sorry, but it's not like you didn't do the same.", ['regret', 'blame_shift', 'but_clause']],
  ])('%s', (text, expected) => {
    expect(kindsOf(text)).toEqual(expected);
  });
});

describe('checkApology scoring and feedback', () => {
  const complete =
    "I'm so sorry I yelled at you last night. It was wrong of me and I take full responsibility. I was stressed about work and took it out on you. " +
    "Let me take you to dinner on Saturday. From now on I'll step outside for ten minutes when I feel angry. I hope you can forgive me.";

  it('scores a complete apology with no pitfall 100 and says nothing essential is missing', () => {
    const r = checkApology(complete);
    expect(r.score).toBe(100);
    expect(r.firstFix).toBeUndefined();
    expect(r.feedback.at(-1)).toBe(defaultApologyContent().feedback.allGood);
  });

  it.each([
    ['sorry.', 15],
    ['It was my fault.', 28],
    ["I'm sorry if I hurt you.", 0],
    ["It was my fault. I'm sorry you feel that way.", 3],
    ["it was just a joke, you're overreacting", 0],
  ])('scores "%s" as %i', (text, score) => {
    expect(checkApology(text).score).toBe(score);
  });

  it('weights follow the research: responsibility > repair > regret/explanation/change > forgiveness', () => {
    const score = (t: string): number => checkApology(t).score;
    expect(score('It was my fault.')).toBeGreaterThan(score('How can I make it right?'));
    expect(score('How can I make it right?')).toBeGreaterThan(score('sorry.'));
    expect(score('sorry.')).toBeGreaterThan(score('Will you forgive me?'));
  });

  it('quotes the person\'s words and explains each pitfall, most damaging first, ending with what to change first', () => {
    const r = checkApology("I'm sorry if you were offended, but honestly you're way too sensitive.");
    expect(r.feedback[1]).toContain('"but honestly you\'re way too sensitive"');
    expect(r.feedback.some((f) => f.includes('"I\'m sorry if you were offended"'))).toBe(true);
    expect(r.firstFix).toBe(defaultApologyContent().feedback.firstFix.blame_shift);
    expect(r.feedback.at(-1)).toBe(`What to change first: ${r.firstFix}`);
    expect(r.found.map((f) => f.kind)).toEqual(['conditional', 'blame_shift', 'but_clause', 'sorry_you_feel']);
  });

  it('asks for ownership first when there is no pitfall, then repair', () => {
    const content = defaultApologyContent();
    expect(checkApology('sorry.').firstFix).toBe(content.feedback.firstFix.responsibility);
    expect(checkApology("I'm sorry, it was my fault.").firstFix).toBe(content.feedback.firstFix.repair);
  });

  it('gives the passive "mistakes were made" its own fix', () => {
    expect(checkApology('Mistakes were made.').firstFix).toContain('I made a mistake');
  });

  it('quotes the clause that holds a cue, not the whole sentence', () => {
    const r = checkApology("I'm sorry I was late, it was my fault, and I'll pay for the tickets.");
    expect(r.found.find((f) => f.kind === 'responsibility')?.quote).toBe('it was my fault');
    expect(r.found.find((f) => f.kind === 'repair')?.quote).toBe("and I'll pay for the tickets");
  });

  it('nudges towards a specific promise when the change is vague', () => {
    const r = checkApology("I'm sorry, it was my fault. I'll be better.");
    expect(r.feedback).toContain(`You promise to change ("I'll be better"), which is good. It will mean more with one specific step they can see you take.`);
  });

  it('summarises many missing parts in one sentence', () => {
    const r = checkApology('sorry.');
    expect(r.feedback.filter((f) => f.startsWith('It is still missing'))).toHaveLength(1);
  });
});

describe('composeApology', () => {
  const base: ApologyParts = {
    whatHappened: 'shouting at you',
    ownership: 'I shouted at you in front of your friends',
    impact: 'you felt humiliated',
    explanation: 'I was stressed about work and took it out on you',
    repair: 'take you and your friends out for dinner this weekend',
    change: 'step outside for ten minutes when I feel my temper going',
    forgiveness: 'I hope you can forgive me',
  };

  it('joins the parts into one natural apology, supplying the cues a part lacks', () => {
    expect(composeApology(base)).toBe(
      "I'm sorry. I shouted at you in front of your friends, and that was wrong of me. I know you felt humiliated. " +
        "I was stressed about work and took it out on you, but that's no excuse. I'll take you and your friends out for dinner this weekend. " +
        "I'll step outside for ten minutes when I feel my temper going. I hope you can forgive me.",
    );
  });

  it.each<[string, Partial<ApologyParts>, string]>([
    ['gerund what-happened', { whatHappened: 'missing your birthday', ownership: 'it was my fault' }, "I'm sorry for missing your birthday. It was my fault."],
    ['leading sorry is not repeated', { whatHappened: "I'm sorry for being late", ownership: "I'm so sorry, it was on me" }, "I'm sorry for being late. It was on me."],
    ['texting style is tidied', { ownership: 'i was out of line', impact: 'u were really hurt' }, 'I was out of line. I know you were really hurt.'],
    ['a change without a cue gets one', { change: 'I will write your travel in our calendar' }, 'From now on, I will write your travel in our calendar.'],
    ['a repair without a cue gets one', { repair: "I'll answer any question you have" }, "I want to make this right, so I'll answer any question you have."],
    ['a missing forgiveness gets a gentle default', { forgiveness: '' }, 'I hope that, in time, you can forgive me.'],
    ['a question stays a question', { forgiveness: 'will you forgive me' }, 'Will you forgive me?'],
    ["the person's question mark is kept", { forgiveness: 'forgive me?' }, 'Forgive me?'],
    ['one event typed in both parts is said once', { whatHappened: 'I forgot our anniversary', ownership: 'I forgot our anniversary' }, "I'm sorry. I forgot our anniversary, and that was wrong of me. I know"],
  ])('%s', (_name, parts, fragment) => {
    expect(composeApology({ ...base, ...parts })).toContain(fragment);
  });

  it('scores 100 with no pitfall on its own checker', () => {
    const r = checkApology(composeApology(base));
    expect(r.score).toBe(100);
    expect(APOLOGY_PITFALLS.filter((p) => r.pitfalls[p])).toEqual([]);
  });

  it('leaves forgiveness out when content has no default', () => {
    const raw = rawContent();
    remove(raw, ['compose', 'defaultForgiveness']);
    const text = composeApology({ ...base, forgiveness: undefined }, parseApologyContent(raw));
    expect(text).not.toContain('forgive');
  });
});

describe('reviewStep', () => {
  it.each<[ApologyStep, string, boolean, Kind[], boolean]>([
    // step, text, ok, problem kinds, has advice
    ['ownership', 'I shouted at you', true, [], false],
    ['ownership', 'Mistakes were made', false, ['responsibility', 'excuse'], true],
    ['ownership', 'the dishes were not done', false, ['responsibility'], true],
    ['ownership', 'you made me do it', false, ['blame_shift'], true],
    ['ownership', "I'm sorry if I upset you", false, ['conditional'], true],
    ['impact', 'it was not a big deal for you', false, ['minimizing'], true],
    ['impact', 'you felt humiliated in front of everyone', true, [], false],
    ['explanation', 'I was tired but you kept pushing me', false, ['but_clause'], true],
    ['explanation', "I was tired, but that's no excuse", true, [], false],
    ['explanation', "I was drunk so I couldn't help it", false, ['excuse'], true],
    ['repair', 'I will pay for the window', true, [], false],
    ['repair', 'I will make it up to you', true, [], true],
    ['change', "I'll be better", true, [], true],
    ['change', 'it will not happen again', true, [], true],
    ['change', 'next time I feel angry I will take ten minutes before replying', true, [], false],
    ['change', "I'll stop if you stop nagging me", false, ['blame_shift'], true],
    ['forgiveness', 'you have to forgive me', false, ['forgiveness_request'], true],
    ['forgiveness', 'just forgive me already', false, ['forgiveness_request'], true],
    ['forgiveness', 'I hope you can forgive me', true, [], false],
  ])('%s: %s', (step, text, ok, kinds, hasAdvice) => {
    const r = reviewStep(step, text);
    expect(r.ok).toBe(ok);
    expect(r.problems.map((p) => p.kind)).toEqual(kinds);
    expect(r.advice !== undefined).toBe(hasAdvice);
    for (const p of r.problems) expect(p.explanation).toContain(p.quote);
  });
});

describe('deliveryTips', () => {
  it('returns a copy of the tips from content', () => {
    const tips = deliveryTips();
    expect(tips.length).toBeGreaterThanOrEqual(5);
    tips.pop();
    expect(deliveryTips()).toHaveLength(tips.length + 1);
  });
});

describe('parseApologyContent', () => {
  it('accepts the shipped content', () => {
    expect(() => parseApologyContent(rawContent())).not.toThrow();
  });

  it.each<[string, (raw: unknown) => void, RegExp]>([
    ['weights that do not add to 100', (r) => set(r, ['score', 'weights', 'regret'], 50), /score\.weights.*add up to 100/],
    ['weights in the wrong order', (r) => (set(r, ['score', 'weights', 'repair'], 28), set(r, ['score', 'weights', 'responsibility'], 20)), /responsibility > repair/],
    ['an unknown macro', (r) => push(r, ['cues', 'regret', 'groups', 0, 'patterns'], '{{nope}}'), /unknown macro \{\{nope\}\}/],
    ['an invalid pattern', (r) => push(r, ['cues', 'repair', 'groups', 0, 'patterns'], '(unclosed'), /cues\.repair\.groups\[0\]\.patterns\[\d+\].*not a valid regular expression/],
    ['an explanation without {quote}', (r) => set(r, ['cues', 'excuse', 'explanation'], 'no placeholder'), /cues\.excuse\.explanation.*\{quote\}/],
    ['a fix order missing a kind', (r) => (at(r, ['feedback', 'fixOrder']) as unknown[]).pop(), /fixOrder/],
    ['an unknown kind', (r) => set(r, ['cues', 'sarcasm'], at(r, ['cues', 'regret'])), /cues\.sarcasm/],
    ['a step naming an unknown pitfall', (r) => push(r, ['steps', 'impact', 'pitfalls'], 'rudeness'), /steps\.impact\.pitfalls/],
    ['a template with an unknown placeholder', (r) => set(r, ['compose', 'parts', 'repair', 'fallback'], '{who} will fix it'), /compose\.parts\.repair\.fallback.*\{who\}/],
  ])('rejects %s, naming the key', (_name, breakIt, message) => {
    const raw = rawContent();
    breakIt(raw);
    expect(() => parseApologyContent(raw)).toThrow(ContentError);
    expect(() => parseApologyContent(raw)).toThrow(message);
  });
});

describe('evaluateApologies', () => {
  it('meets every target on the labelled fixtures and the composed apologies', () => {
    const { report, failures } = evaluateApologies();
    expect(failures).toEqual([]);
    expect(report).toContain('responsibility');
  });

  it('reports a failure when the checker regresses', () => {
    const raw = rawContent();
    set(raw, ['cues', 'responsibility', 'groups'], [{ patterns: ['\\bnever matches anything here\\b'] }]);
    const { failures } = evaluateApologiesInDetail(parseApologyContent(raw));
    expect(failures.some((f) => f.startsWith('responsibility: F1'))).toBe(true);
    expect(failures.some((f) => f.startsWith('composed'))).toBe(true);
  });
});
