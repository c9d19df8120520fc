// The message router: literal message -> route tables, safety precedence, the clarify threshold,
// determinism, content validation, fixture hygiene and the eval targets on tests/fixtures/route.jsonl.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR, ContentError } from '../src/content/files.js';
import { evaluateRoutes, loadRouteRows } from '../src/eval/route.js';
import { clarifyingQuestion, defaultIntentsContent, parseIntentsContent, routeMessage, type Route } from '../src/nlu/router.js';

const calm = (): { level: 'none' } => ({ level: 'none' });
const route = (text: string): Route => routeMessage(text, { screen: calm }).route;
const rawIntents = (): Record<string, unknown> => JSON.parse(readFileSync(join(CONTENT_DIR, 'intents.json'), 'utf8')) as Record<string, unknown>;

describe('routeMessage picks the flow', () => {
  it.each([
    ['you never help with the bins', 'istatement'],
    ['YOU ALWAYS TAKE HER SIDE', 'istatement'],
    ['how can i tell my husband his jokes hurt me without a fight', 'istatement'],
    ['pls make this sound less harsh: ur always on that phone', 'istatement'],
    ['what is an i-statement', 'istatement'],
    ['i need to say sorry to my girlfriend', 'apology'],
    ['how do i appologize to my wife', 'apology'],
    ['Is this an ok apology? Sorry if you were offended', 'apology'],
    ["I'm sorry I forgot to call you, it won't happen again", 'apology'],
    ['i messed up really bad and want to make it right with him', 'apology'],
    ['do you think we need marriage counselling', 'escalate'],
    ['should we see a theraphist', 'escalate'],
    ['he cheated on me and i cant trust him', 'escalate'],
    ['we have had the same argument for six years', 'escalate'],
    ['my depression is getting in the way of our relationship', 'escalate'],
    ['hello', 'other'],
    ['thanks!', 'other'],
    ['what can you do?', 'other'],
    ['tell me a joke', 'other'],
    ["what's the weather like in leeds", 'other'],
  ] as const)('%s -> %s', (text, expected) => {
    expect(route(text)).toBe(expected);
  });

  it('lets a refusal cancel the words it refuses', () => {
    expect(route("I don't need therapy, I just want to apologise")).toBe('apology');
    expect(route("i'm not looking for counselling, help me say sorry to her")).toBe('apology');
    expect(route('we need counselling')).toBe('escalate');
  });

  it('does not read "his" as the greeting "hi" nor "story" as "sorry"', () => {
    expect(routeMessage('his mother is staying', { screen: calm }).scores.other).toBeLessThan(0.5);
    expect(route('tell me a story')).toBe('other');
  });
});

describe('the safety screen comes first', () => {
  it('routes a crisis to crisis with full confidence, whatever the words say', () => {
    const result = routeMessage('how do i apologise to my wife', { screen: () => ({ level: 'crisis' }) });
    expect(result).toMatchObject({ route: 'crisis', confidence: 1, confident: true, safetyCheck: false });
    expect(result.scores.apology).toBeGreaterThan(result.scores.other);
  });

  it('routes an unsure screen to crisis with a safety check', () => {
    const content = defaultIntentsContent();
    const result = routeMessage('I wish I could disappear', { screen: () => ({ level: 'check' }) });
    expect(result).toMatchObject({ route: 'crisis', confidence: content.safetyCheckConfidence, confident: true, safetyCheck: true });
  });

  it('passes the message text to the screen unchanged', () => {
    const seen: string[] = [];
    routeMessage('  Hello There ', { screen: (text) => (seen.push(text), { level: 'none' }) });
    expect(seen).toEqual(['  Hello There ']);
  });

  it.each([
    'I want to commit suicide',
    'my partner attacked me',
    "i want to apologise to him but honestly i dont want to be alive anymore",
  ])('the real screen sends "%s" to crisis', (text) => {
    expect(routeMessage(text).route).toBe('crisis');
  });
});

describe('confidence and the clarifying question', () => {
  it.each(['hmm', "it's complicated", 'can you help', 'help', 'idk'])('"%s" is below the threshold', (text) => {
    const result = routeMessage(text, { screen: calm });
    expect(result.confident).toBe(false);
    expect(result.confidence).toBeLessThan(defaultIntentsContent().threshold);
  });

  it.each(['', '   ', '\n\t'])('an empty message (%j) is "other" and unsure', (text) => {
    expect(routeMessage(text, { screen: calm })).toMatchObject({ route: 'other', confident: false, safetyCheck: false });
  });

  it.each(['you never listen to me', 'I need to apologise to my wife', 'do we need couples therapy?', 'hi'])('"%s" is confident', (text) => {
    expect(routeMessage(text, { screen: calm }).confident).toBe(true);
  });

  it('rounds confidence to 3 decimals and returns scores for the four non-crisis routes', () => {
    const { confidence, scores } = routeMessage('i owe my husband an apology', { screen: calm });
    expect(Math.round(confidence * 1000) / 1000).toBe(confidence);
    expect(Object.keys(scores).sort()).toEqual(['apology', 'escalate', 'istatement', 'other']);
    const total = Object.values(scores).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0.99);
    expect(total).toBeLessThan(1.01);
    expect(confidence).toBe(scores.apology);
  });

  it('offers the three flows as buttons', () => {
    const question = clarifyingQuestion();
    expect(question.text.length).toBeGreaterThan(10);
    expect(question.buttons.map((b) => b.route).sort()).toEqual(['apology', 'escalate', 'istatement']);
    for (const b of question.buttons) expect(b.label.trim()).not.toBe('');
  });
});

describe('determinism', () => {
  it.each(['you never listen', 'i messed up', 'should we get help', 'what time is it', 'hmm'])('"%s" routes the same every time', (text) => {
    const first = routeMessage(text, { screen: calm });
    expect(routeMessage(text, { screen: calm })).toEqual(first);
    // A classifier trained afresh from the same content gives the same answer.
    expect(routeMessage(text, { screen: calm, content: parseIntentsContent(rawIntents()) })).toEqual(first);
  });
});

describe('content', () => {
  const tiny = (): Record<string, unknown> => {
    const base = rawIntents();
    const routes = base['routes'] as Record<string, Record<string, unknown>>;
    for (const r of Object.values(routes)) {
      r['keywords'] = {};
      r['patterns'] = {};
    }
    (routes['apology'] as Record<string, unknown>)['keywords'] = { banana: 5 };
    return base;
  };

  it('uses the content it is given', () => {
    const content = parseIntentsContent(tiny());
    expect(routeMessage('banana please', { screen: calm, content }).route).toBe('apology');
    expect(routeMessage('I need to apologise', { screen: calm, content }).scores.apology).toBeLessThan(
      routeMessage('I need to apologise', { screen: calm }).scores.apology,
    );
  });

  it.each<[string, (raw: Record<string, unknown>) => void, string]>([
    ['threshold out of range', (raw) => (raw['threshold'] = 1.5), 'threshold'],
    ['safety check below threshold', (raw) => (raw['safetyCheckConfidence'] = 0.1), 'safetyCheckConfidence'],
    ['missing route', (raw) => delete (raw['routes'] as Record<string, unknown>)['escalate'], 'routes.escalate'],
    ['unknown route', (raw) => ((raw['routes'] as Record<string, unknown>)['crisis'] = {}), 'routes.crisis'],
    ['bad pattern', (raw) => ((raw['routes'] as Record<string, Record<string, unknown>>)['other']!['patterns'] = { '(': 1 }), 'routes.other.patterns'],
    ['two-word spelling key', (raw) => (((raw['text'] as Record<string, unknown>)['spelling'] as Record<string, string>)['a b'] = 'c'), 'text.spelling'],
    [
      'a flow missing from the buttons',
      (raw) => ((raw['clarify'] as Record<string, unknown>)['buttons'] = [{ route: 'apology', label: 'x' }, { route: 'apology', label: 'y' }]),
      'clarify.buttons',
    ],
    [
      'an example under two routes',
      (raw) => {
        const routes = raw['routes'] as Record<string, { examples: string[] }>;
        routes['other']!.examples.push(routes['apology']!.examples[0]!);
      },
      'routes.other.examples',
    ],
  ])('rejects %s, naming the key', (_name, spoil, key) => {
    const raw = rawIntents();
    spoil(raw);
    let error: unknown;
    try {
      parseIntentsContent(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as Error).message).toContain('intents.json');
    expect((error as Error).message).toContain(key);
  });
});

describe('the labelled set', () => {
  const rows = loadRouteRows();

  it('is big enough and covers every route', () => {
    expect(rows.length).toBeGreaterThanOrEqual(320);
    const count = (r: Route): number => rows.filter((row) => row.route === r).length;
    expect(count('crisis')).toBeGreaterThanOrEqual(60);
    for (const r of ['istatement', 'apology', 'escalate', 'other'] as const) expect(count(r)).toBeGreaterThanOrEqual(50);
  });

  it('shares no sentence with the training examples in content/intents.json', () => {
    const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
    const raw = rawIntents();
    const examples = new Set(
      Object.values(raw['routes'] as Record<string, { examples: string[] }>).flatMap((r) => r.examples.map(norm)),
    );
    const file = norm(readFileSync(join(CONTENT_DIR, 'intents.json'), 'utf8'));
    for (const { text } of rows) {
      expect(examples.has(norm(text)), text).toBe(false);
      // Short rows ("hi", "thank you so much") are legitimately keywords; whole sentences must not be.
      if (text.split(/\s+/).length >= 5) expect(file.includes(norm(text)), text).toBe(false);
    }
  });

  it('meets the routing targets (macro-F1, crisis recall, false-crisis rate)', () => {
    const { report, failures } = evaluateRoutes({ checkSpeed: false });
    expect(failures, report).toEqual([]);
  });
});
