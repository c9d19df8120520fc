// Conversation tests for the professional-help flow: each tier by buttons and by typed answers,
// danger in the screen, abuse remembered from earlier, unclear answers, and the root's
// interruptions (cancel, help, a crisis message) in the middle of the questions.
import { safetyQuestion } from '../src/nlu/safety.js';
import { describe, expect, it } from 'vitest';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { newConversationProfile, type ConversationProfile } from '../dialogs/conversation-profile.js';
import { buttons, mendTestClient, replyText, testReplies, type MendTestClient } from './helpers/mend-test-client.js';
import { tierText, triage, triageQuestions, type TriageAnswers, type TriageTier } from '../src/coaching/triage.js';
import type { ReplyVars } from '../src/content/replies.js';

const R = testReplies();
const QUESTIONS = triageQuestions();

/** Every wording of a reply (they rotate with the turn count), placeholders filled. */
function variants(key: string, vars: ReplyVars = {}): string[] {
  return R.variants(key).map((_, i) => R.text(key, vars, i));
}

function saysOneOf(text: string, key: string, vars: ReplyVars = {}): boolean {
  return variants(key, vars).some((v) => text.includes(v));
}

function label(questionId: string, value: string): string {
  const found = QUESTIONS.find((q) => q.id === questionId)?.options.find((o) => o.value === value)?.label;
  if (!found) throw new Error(`no option ${questionId}=${value}`);
  return found;
}

function prompt(questionId: string): string {
  const found = QUESTIONS.find((q) => q.id === questionId)?.prompt;
  if (!found) throw new Error(`no question ${questionId}`);
  return found;
}

/**
 * The conversation profile as stored after the last turn. (The harness's profile() reads through the
 * last turn's context, which botbuilder revokes once the turn ends, so read the stored state instead.)
 */
async function storedProfile(t: MendTestClient): Promise<ConversationProfile> {
  const probe = new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: CONVERSATION_ID } } as Activity);
  await t.conversationState.load(probe, true);
  return t.conversationState.createProperty<ConversationProfile>('profile').get(probe, newConversationProfile());
}
/** botbuilder's TestAdapter names its conversation this unless told otherwise. */
const CONVERSATION_ID = 'Convo1';

const joined = (activities: Partial<Activity>[]): string => activities.map(replyText).join('\n---\n');

/** Starts the flow from the menu button; the intro and the first question arrive together. */
async function start(t: MendTestClient, entry = R.text('core.button_escalate')): Promise<Partial<Activity>[]> {
  const replies = await t.send(entry);
  expect(t.stack()).toEqual(['escalate']);
  return replies;
}

/**
 * Answers the questions in the flow's order, checking each one is asked (with its buttons) before
 * answering it. `confirmSafe` lists questions whose answer makes the root ask its safety question
 * first; the test then says it is safe and the flow must take the answer as given. Returns the
 * replies to the last answer.
 */
async function answerAll(
  t: MendTestClient,
  first: Partial<Activity>[],
  answers: Readonly<Record<string, string>>,
  confirmSafe: readonly string[] = [],
): Promise<Partial<Activity>[]> {
  let last = first;
  for (const q of QUESTIONS) {
    const asked = last.at(-1);
    expect(asked?.text, `question ${q.id}`).toContain(q.prompt);
    expect(buttons(asked)).toEqual(q.options.map((o) => o.label));
    const answer = answers[q.id];
    if (answer === undefined) throw new Error(`test gives no answer for ${q.id}`);
    last = await t.send(answer);
    if (confirmSafe.includes(q.id)) {
      expect(last.at(-1)?.text).toContain(safetyQuestion().text);
      last = await t.send(safetyQuestion().yes);
      expect(saysOneOf(joined(last), 'crisis.check_safe')).toBe(true);
    }
  }
  return last;
}

const BY_VALUE: Record<'self_help' | 'couples_counselling' | 'individual_therapy', TriageAnswers> = {
  self_help: { safe_now: 'yes', partner_harm: 'no', self_harm_thoughts: 'no', main_issue: 'fights', duration: 'under_1_month', escalation: 'rarely', betrayal: 'no', past_trauma: 'no', daily_life: 'no', tried: 'nothing', both_willing: 'both' },
  couples_counselling: { safe_now: 'yes', partner_harm: 'no', self_harm_thoughts: 'no', main_issue: 'trust', duration: 'over_1_year', escalation: 'most_weeks', betrayal: 'yes', past_trauma: 'no', daily_life: 'a_little', tried: 'lots', both_willing: 'both' },
  individual_therapy: { safe_now: 'yes', partner_harm: 'no', self_harm_thoughts: 'no', main_issue: 'fights', duration: 'over_1_year', escalation: 'most_weeks', betrayal: 'no', past_trauma: 'yes', daily_life: 'yes', tried: 'some', both_willing: 'only_me' },
};

function buttonAnswers(values: TriageAnswers): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([id, value]) => [id, label(id, value!)]));
}

const TYPED: Record<keyof typeof BY_VALUE, Record<string, string>> = {
  self_help: {
    safe_now: "yeah i'm ok",
    partner_harm: "no, he's not like that",
    self_harm_thoughts: 'nope',
    main_issue: 'we keep fighting about the chores',
    duration: 'about 2 weeks',
    escalation: 'hardly ever tbh',
    betrayal: 'no nothing like that',
    past_trauma: 'not really',
    daily_life: 'im fine mostly, sleeping fine',
    tried: "havent tried anything yet",
    both_willing: 'yes we both want to',
  },
  couples_counselling: {
    safe_now: 'yes im safe',
    partner_harm: 'no never',
    self_harm_thoughts: 'no',
    main_issue: 'she lied to me and i cant trust her',
    duration: 'since forever, like 3 years',
    escalation: 'a few times a week',
    betrayal: 'yes she had an affair last year',
    past_trauma: 'no',
    daily_life: 'a bit',
    tried: 'tried everything, nothing sticks',
    both_willing: "we'd both go, she suggested it",
  },
  individual_therapy: {
    safe_now: 'Yes',
    partner_harm: 'nothing like that',
    self_harm_thoughts: 'no im not suicidal',
    main_issue: 'arguing all the time',
    duration: 'for years',
    escalation: 'every week',
    betrayal: 'no',
    past_trauma: 'yes my dad left when i was a kid and it still gets to me',
    daily_life: "can't sleep, anxious most days",
    tried: 'we talk about it and i read books',
    both_willing: "he won't come, he thinks therapy is stupid",
  },
};

/** What every result shows: the tier, the reasons quoted, the card, the disclaimer, the directories. */
function expectResult(text: string, tier: TriageTier, answers: TriageAnswers): void {
  const expected = triage(answers);
  expect(expected.tier).toBe(tier); // the fixture answers really mean this tier
  const { title, summary } = tierText({ tier, abusePath: false });
  expect(text).toContain(`**${title}**`);
  expect(text).toContain(summary);
  for (const reason of expected.reasons) expect(text).toContain(`- ${reason.text}`);
  expect(text).toContain('because you said');
  expect(text).toContain(R.text('triage.card_title', { title })); // the summary card
  expect(text).toContain(expected.firstSession);
  expect(text).toMatch(/not a therapist/i);
  expect(text).toContain('Psychology Today'); // US directories (the test client's default country)
  for (const other of ['self_help', 'couples_counselling', 'individual_therapy'] as const) {
    if (other !== tier) expect(text).not.toContain(`**${tierText({ tier: other, abusePath: false }).title}**`);
  }
}

describe('triage flow reaches each tier', () => {
  it.each(Object.keys(BY_VALUE) as (keyof typeof BY_VALUE)[])('%s by tapping buttons', async (tier) => {
    const t = mendTestClient();
    const out = await answerAll(t, await start(t), buttonAnswers(BY_VALUE[tier]));
    expectResult(joined(out), tier, BY_VALUE[tier]);
    const next = buttons(out.at(-1));
    expect(next).toContain(R.text('triage.button_checkin'));
    expect(next).toContain(R.text('core.button_menu'));
    if (tier === 'self_help') expect(next[0]).toBe(R.text('core.button_istatement'));
    else expect(next).not.toContain(R.text('core.button_istatement'));
    expect(t.stack()).toEqual(['escalate']);
  });

  it.each(Object.keys(TYPED) as (keyof typeof TYPED)[])('%s by typed answers', async (tier) => {
    const t = mendTestClient();
    const out = await answerAll(t, await start(t), TYPED[tier]);
    expectResult(joined(out), tier, BY_VALUE[tier]);
  });

  it('starts from a question the router sends here', async () => {
    const t = mendTestClient();
    const first = await start(t, 'do we need couples therapy?');
    expect(saysOneOf(joined(first), 'triage.intro')).toBe(true);
    expect(first.at(-1)?.text).toContain(prompt('safe_now'));
  });

  it('says when the safety screen is done', async () => {
    const t = mendTestClient();
    await start(t);
    await t.send(label('safe_now', 'yes'));
    await t.send(label('partner_harm', 'no'));
    const next = joined(await t.send(label('self_harm_thoughts', 'no')));
    expect(saysOneOf(next, 'triage.screen_done')).toBe(true);
    expect(next).toContain(prompt('main_issue'));
  });
});

describe('self-help next steps', () => {
  it('offers the suggested practice flows as buttons that start them', async () => {
    const t = mendTestClient();
    const out = await answerAll(t, await start(t), buttonAnswers({ ...BY_VALUE.self_help, main_issue: 'i_hurt_them' }));
    expect(buttons(out.at(-1))).toEqual([R.text('core.button_apology'), R.text('triage.button_checkin'), R.text('core.button_menu')]);
    await t.send(R.text('core.button_apology'));
    expect(t.stack()).toEqual(['apology']);
  });

  it('records a check-in request and says Mend will ask how it went', async () => {
    const t = mendTestClient();
    await answerAll(t, await start(t), buttonAnswers(BY_VALUE.couples_counselling));
    const reply = await t.say(R.text('triage.button_checkin'));
    expect(saysOneOf(reply, 'triage.checkin_saved', { step: R.text('triage.step_couples_counselling') })).toBe(true);
    const checkIn = (await t.stored()).user['checkIn'] as { tier: string; requestedAt: string } | undefined;
    expect(checkIn?.tier).toBe('couples_counselling');
    expect(checkIn?.requestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(t.stack()).toEqual([]);
  });

  it('understands a typed check-in request too', async () => {
    const t = mendTestClient();
    await answerAll(t, await start(t), buttonAnswers(BY_VALUE.self_help));
    await t.send('yes please check in with me in a few weeks');
    expect(((await t.stored()).user['checkIn'] as { tier: string } | undefined)?.tier).toBe('self_help');
  });

  it('routes anything else typed after the result afresh', async () => {
    const t = mendTestClient();
    await answerAll(t, await start(t), buttonAnswers(BY_VALUE.self_help));
    await t.send('you never listen to me when I talk about my day');
    expect(t.stack()).toEqual(['istatement']);
    expect((await t.stored()).user['checkIn']).toBeUndefined();
  });
});

describe('danger in the safety screen goes straight to the crisis reply', () => {
  const cases: { name: string; before: string[]; answer: string; acknowledge: string; expectText: string[]; abuse: boolean }[] = [
    { name: 'not sure they are safe now', before: [], answer: label('safe_now', 'unsure'), acknowledge: 'crisis.acknowledge_unsafe_now', expectText: ['911', '988'], abuse: false },
    { name: 'partner hurt, threatened or scared them (button)', before: [label('safe_now', 'yes')], answer: label('partner_harm', 'yes'), acknowledge: 'crisis.acknowledge_abuse', expectText: ['1-800-799-7233'], abuse: true },
    { name: 'thoughts of self-harm lately (button)', before: [label('safe_now', 'yes'), label('partner_harm', 'no')], answer: label('self_harm_thoughts', 'yes'), acknowledge: 'crisis.acknowledge_suicide', expectText: ['988'], abuse: false },
    { name: 'thoughts of self-harm right now (button)', before: [label('safe_now', 'yes'), label('partner_harm', 'no')], answer: label('self_harm_thoughts', 'right_now'), acknowledge: 'crisis.acknowledge_suicide', expectText: ['988'], abuse: false },
  ];

  it.each(cases)('$name', async ({ before, answer, acknowledge, expectText, abuse }) => {
    const t = mendTestClient();
    await start(t);
    for (const b of before) await t.send(b);
    const reply = await t.say(answer);
    expect(saysOneOf(reply, acknowledge)).toBe(true);
    expect(reply).toContain(R.text('crisis.ask_safe'));
    expect(reply).toContain(R.text('crisis.not_a_crisis_service'));
    for (const e of expectText) expect(reply).toContain(e);
    // No result, no card: the crisis reply replaces the flow.
    expect(reply).not.toContain(R.text('triage.card_title', { title: tierText({ tier: 'couples_counselling', abusePath: false }).title }));
    expect((await storedProfile(t)).abuseSeen).toBe(abuse);

    const after = await t.say("I'm safe now");
    expect(saysOneOf(after, 'crisis.safe_ack')).toBe(true);
    expect(saysOneOf(after, 'crisis.no_resume')).toBe(true);
    expect(t.stack()).toEqual([]);
  });

  it('help during the crisis reply asks whether they are safe again', async () => {
    const t = mendTestClient();
    await start(t);
    await t.send(label('safe_now', 'unsure'));
    const out = await t.say('help');
    expect(out).toContain(R.text('core.help_in_flow'));
    expect(out).toContain(R.text('crisis.ask_safe'));
    expect(out).toContain('988');
    const after = await t.say("I'm safe right now");
    expect(saysOneOf(after, 'crisis.no_resume')).toBe(true);
    expect(t.stack()).toEqual([]);
  });

  it('"not safe" after the crisis reply gets the helplines again; once safe, the conversation ends cleanly', async () => {
    const t = mendTestClient();
    await start(t);
    await t.send(label('safe_now', 'yes'));
    await t.send(label('partner_harm', 'yes'));
    const unsafe = await t.say("I'm not safe");
    expect(unsafe).toContain('911');
    expect(unsafe).toContain('1-800-799-7233');
    // Saying safe answers every crisis reply that is open; the flow does not come back.
    let reply = await t.say("I'm safe right now");
    for (let i = 0; i < 2 && !saysOneOf(reply, 'crisis.no_resume'); i += 1) reply = await t.say("I'm safe right now");
    expect(saysOneOf(reply, 'crisis.no_resume')).toBe(true);
    expect(t.stack()).toEqual([]);
    expect(await t.say('hello')).not.toContain(prompt('self_harm_thoughts'));
  });

  it('a typed disclosure is caught by the safety net first; once safe, the question comes back and the result is the abuse path', async () => {
    const t = mendTestClient();
    await start(t);
    await t.send(label('safe_now', 'yes'));
    const crisis = await t.say('yes, sometimes i am scared of him');
    expect(saysOneOf(crisis, 'crisis.acknowledge_abuse')).toBe(true);
    expect(crisis).toContain('1-800-799-7233');
    expect(t.stack()).toEqual(['escalate', 'crisis']);
    expect((await storedProfile(t)).abuseSeen).toBe(true);

    const back = await t.send("I'm safe now");
    expect(joined(back)).toContain(R.text('crisis.resume_offer'));
    expect(back.at(-1)?.text).toContain(prompt('partner_harm'));
    // Even if they play it down now, what they said first decides: never couples counselling.
    let last = await t.send(label('partner_harm', 'no'));
    for (const q of QUESTIONS.slice(2)) last = await t.send(label(q.id, BY_VALUE.couples_counselling[q.id]!));
    expectAbusePath(t, joined(last));
  });

  it('a partner who controls them is abuse without immediate danger: the flow goes on, never to couples counselling', async () => {
    const t = mendTestClient();
    const answers = { ...buttonAnswers(BY_VALUE.couples_counselling), partner_harm: label('partner_harm', 'controlling') };
    const text = joined(await answerAll(t, await start(t), answers, ['partner_harm']));
    expectAbusePath(t, text);
    expect((await storedProfile(t)).abuseSeen).toBe(true);
    // Quotes what they said here, not "earlier you told me..." (they said nothing earlier).
    expect(text).toContain(triage({ partner_harm: 'controlling' }).reasons[0]!.text);
    expect(text).not.toContain(triage({}, { abuse: true }).reasons[0]!.text);
  });

  it('a typed answer that makes the root ask about safety is still taken as the answer once they are safe', async () => {
    const t = mendTestClient();
    const answers = { ...buttonAnswers(BY_VALUE.couples_counselling), partner_harm: 'he checks my phone and takes my money' };
    const text = joined(await answerAll(t, await start(t), answers, ['partner_harm']));
    expectAbusePath(t, text);
  });
});

function expectAbusePath(t: MendTestClient, text: string): void {
  const abuse = tierText({ tier: 'individual_therapy', abusePath: true });
  expect(text).toContain(`**${abuse.title}**`);
  expect(text).toContain(abuse.summary);
  expect(text).toContain(abuse.firstSession);
  const lines = t.services.safety.helplines('US');
  expect(text).toContain(R.text('triage.dv_intro', { countryName: lines.countryName }));
  expect(text).toContain('1-800-799-7233'); // National Domestic Violence Hotline
  // Only the domestic-abuse lines on this path, not every crisis line.
  for (const h of lines.helplines.filter((l) => !l.for.includes('abuse'))) expect(text).not.toContain(h.name);
  const couples = tierText({ tier: 'couples_counselling', abusePath: false });
  expect(text).not.toContain(`**${couples.title}**`);
  expect(text).not.toContain(couples.summary);
}

describe('abuse remembered from earlier in the conversation', () => {
  it('never points to couples counselling, even when every answer would', async () => {
    const t = mendTestClient();
    const crisis = await t.say('my husband hit me last night');
    expect(saysOneOf(crisis, 'crisis.acknowledge_abuse')).toBe(true);
    await t.send("I'm safe now");
    expect((await storedProfile(t)).abuseSeen).toBe(true);

    const text = joined(await answerAll(t, await start(t), buttonAnswers(BY_VALUE.couples_counselling)));
    expectAbusePath(t, text);
    expect(text).toContain(triage({}, { abuse: true }).reasons[0]!.text); // "because earlier you told me..."
  });
});

describe('answers Mend does not understand', () => {
  it('asks again once with the buttons, then understands the second try', async () => {
    const t = mendTestClient();
    await start(t);
    for (const id of ['safe_now', 'partner_harm', 'self_harm_thoughts', 'main_issue']) await t.send(label(id, BY_VALUE.couples_counselling[id]!));
    const again = await t.send('purple elephants');
    expect(saysOneOf(again.at(-1)?.text ?? '', 'triage.not_understood', { prompt: prompt('duration') })).toBe(true);
    expect(buttons(again.at(-1))).toEqual(QUESTIONS.find((q) => q.id === 'duration')!.options.map((o) => o.label));
    const next = await t.send('ugh since forever');
    expect(next.at(-1)?.text).toContain(prompt('escalation'));
  });

  it('leaves a question out after a second answer it cannot read', async () => {
    const t = mendTestClient();
    await start(t);
    for (const id of ['safe_now', 'partner_harm', 'self_harm_thoughts', 'main_issue']) await t.send(label(id, BY_VALUE.self_help[id]!));
    await t.send('purple elephants');
    const next = joined(await t.send('banana'));
    expect(saysOneOf(next, 'triage.skipped')).toBe(true);
    expect(next).toContain(prompt('escalation'));
  });

  it('never skips a safety question: two unreadable answers get the crisis reply', async () => {
    const t = mendTestClient();
    await start(t);
    const again = await t.say('purple elephants');
    expect(saysOneOf(again, 'triage.not_understood', { prompt: prompt('safe_now') })).toBe(true);
    const reply = await t.say('banana');
    expect(reply).toContain(R.text('crisis.ask_safe'));
    expect(reply).toContain('988');
  });
});

describe('the root interrupts the flow', () => {
  async function toDuration(t: MendTestClient): Promise<void> {
    await start(t);
    for (const id of ['safe_now', 'partner_harm', 'self_harm_thoughts', 'main_issue']) await t.send(label(id, BY_VALUE.self_help[id]!));
  }

  it('cancel mid-way stops the flow', async () => {
    const t = mendTestClient();
    await toDuration(t);
    const reply = await t.say('cancel');
    expect(saysOneOf(reply, 'core.cancelled')).toBe(true);
    expect(t.stack()).toEqual([]);
  });

  it('help mid-way explains and asks the same question again', async () => {
    const t = mendTestClient();
    await toDuration(t);
    const out = await t.send('help');
    expect(joined(out)).toContain(R.text('core.help_in_flow'));
    expect(out.at(-1)?.text).toContain(prompt('duration'));
    expect(buttons(out.at(-1))).toEqual(QUESTIONS.find((q) => q.id === 'duration')!.options.map((o) => o.label));
    expect(t.stack()).toEqual(['escalate']);
  });

  it('a crisis message mid-way pauses the flow; once safe, the same question comes back', async () => {
    const t = mendTestClient();
    await toDuration(t);
    const crisis = await t.say('I want to kill myself');
    expect(saysOneOf(crisis, 'crisis.acknowledge_suicide')).toBe(true);
    expect(crisis).toContain('988');
    expect(t.stack()).toEqual(['escalate', 'crisis']);

    const out = await t.send("I'm safe now");
    expect(joined(out)).toContain(R.text('crisis.resume_offer'));
    expect(out.at(-1)?.text).toContain(prompt('duration'));
    expect(t.stack()).toEqual(['escalate']);

    // ...and the flow carries on to a result.
    const rest = Object.fromEntries(QUESTIONS.slice(4).map((q) => [q.id, label(q.id, BY_VALUE.self_help[q.id]!)]));
    let last = out;
    for (const q of QUESTIONS.slice(4)) {
      expect(last.at(-1)?.text).toContain(q.prompt);
      last = await t.send(rest[q.id]!);
    }
    expect(joined(last)).toContain(`**${tierText({ tier: 'self_help', abusePath: false }).title}**`);
  });
});

describe('country', () => {
  it('shows UK directories and UK domestic-abuse lines for a UK locale', async () => {
    const t = mendTestClient({ locale: 'en-GB' });
    const answers = { ...buttonAnswers(BY_VALUE.couples_counselling), partner_harm: label('partner_harm', 'controlling') };
    const text = joined(await answerAll(t, await start(t), answers, ['partner_harm']));
    expect(text).toContain('Relate');
    expect(text).toContain('BACP');
    expect(text).toContain('0808 2000 247'); // National Domestic Abuse Helpline
    expect(text).not.toContain('Psychology Today therapist finder');
  });
});
