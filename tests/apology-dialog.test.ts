// Conversation tests for the apology flow: a pasted draft checked at once (traps quoted, a score,
// what to change first), a request turned into a guided build ending in a card with the composed
// apology and delivery tips, each pushback, free text where buttons are offered, and the root's
// interruptions (cancel, help, a crisis message) in the middle of the build.
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { buttons, mendTestClient, replyText, testReplies, type MendTestClient } from './helpers/mend-test-client.js';
import { checkApology, composeApology, deliveryTips } from '../src/coaching/apology.js';
import { APOLOGY_REPLIES, draftIn, speaksToSomeone, unwrapDraft } from '../dialogs/apology-dialog.js';
import type { ReplyVars } from '../src/content/replies.js';

const R = testReplies();

/** Every wording of a reply (they rotate with the turn count), placeholders filled. */
function variants(key: string, vars: ReplyVars = {}): string[] {
  return R.variants(key).map((_, i) => R.text(key, vars, i));
}

interface Matcher {
  (text: string): boolean;
  description: string;
}

/** Matches when the replies contain one of the key's wordings. */
function says(key: string, vars: ReplyVars = {}): Matcher {
  return Object.assign((text: string) => variants(key, vars).some((v) => text.includes(v)), { description: `a wording of ${key}` });
}

const L = (key: string): string => R.text(key);

type Check = string | Matcher;

interface Turn {
  user: string;
  /** Each must appear in (string) or hold for (function) the replies' joined text. */
  expect: Check[];
  /** Must not appear in (string) or must not hold for (function) the replies' joined text. */
  never?: Check[];
  /** The suggested actions on the last reply of the turn. */
  buttons?: string[];
  /** Dialog ids on the stack under the root after the turn. */
  stack?: string[];
}

/** Plays a conversation table, checking every turn, and returns the last turn's replies. */
async function play(t: MendTestClient, turns: readonly Turn[]): Promise<Partial<Activity>[]> {
  let last: Partial<Activity>[] = [];
  for (const [i, turn] of turns.entries()) {
    last = await t.send(turn.user);
    const text = last.map(replyText).join('\n---\n');
    const where = `turn ${i + 1} ("${turn.user}") got:\n${text}`;
    for (const check of turn.expect) {
      if (typeof check === 'string') expect(text, where).toContain(check);
      else expect(check(text), `${where}\nmissing ${check.description}`).toBe(true);
    }
    for (const bad of turn.never ?? []) {
      if (typeof bad === 'string') expect(text, where).not.toContain(bad);
      else expect(bad(text), `${where}\nunexpected ${bad.description}`).toBe(false);
    }
    if (turn.buttons) expect(buttons(last.at(-1)), where).toEqual(turn.buttons);
    if (turn.stack) expect(t.stack(), where).toEqual(turn.stack);
  }
  return last;
}

const BUILD_FROM_MENU: readonly Turn[] = [
  { user: L('core.button_apology'), expect: [says('apology.ask_start')], buttons: [L('apology.button_build'), L('apology.button_check')], stack: ['apology'] },
  { user: L('apology.button_build'), expect: [says('apology.build_intro'), says('apology.ask_what_happened')], stack: ['apology'] },
  { user: 'I shouted at my girlfriend at dinner with her parents', expect: [says('apology.ask_ownership_known')] },
  { user: 'I shouted at you in front of your parents', expect: [says('apology.ask_impact')] },
  { user: 'you were embarrassed and hurt', expect: [says('apology.ask_explanation')], buttons: [L('apology.skip')] },
];

const REVISION =
  "I'm sorry I made fun of you in front of your friends. I was wrong. Let me take you for brunch on Sunday, just us. From now on I'll ask before I joke about you in public. I hope you can forgive me.";

describe('apology flow: checking a draft', () => {
  it('checks a draft pasted in the opening message straight away: traps quoted and explained, a score, what to change first', async () => {
    const t = mendTestClient();
    await play(t, [
      {
        user: "is this a good apology: I'm sorry you feel that way. It was just a joke. But you started it by teasing me first.",
        expect: [
          says('apology.check_score', { score: 0 }),
          says('apology.check_traps_intro'),
          // each trap by its label, with the person's own words quoted in the explanation
          `**${L('apology.label_sorry_you_feel')}**: "I'm sorry you feel that way"`,
          `**${L('apology.label_minimizing')}**: "It was just a joke"`,
          `**${L('apology.label_blame_shift')}**: "But you started it by teasing me first"`,
          says('apology.check_missing', { parts: 'saying sorry, owning what you did, an explanation, an offer to make it right, a commitment to change and asking for forgiveness' }),
          '**Change this first:** Take out the part about what they did',
          says('apology.check_next'),
        ],
        // the lead-in is not part of the draft
        never: ['is this a good apology:', says('apology.check_present_intro')],
        buttons: [L('apology.button_build'), L('core.button_menu')],
        stack: ['apology'],
      },
      {
        // a revision typed straight after the check is checked again
        user: REVISION,
        expect: [
          says('apology.check_score', { score: checkApology(REVISION).score }),
          says('apology.check_present_intro'),
          `- ${L('apology.label_responsibility')}: "I was wrong"`,
          `- ${L('apology.label_repair')}: "Let me take you for brunch on Sunday"`,
          `- ${L('apology.label_change')}: "From now on I'll ask before I joke about you in public"`,
          says('apology.check_missing', { parts: 'an explanation' }),
          says('apology.check_no_traps'),
          '**Change this first:**',
        ],
        never: [says('apology.check_traps_intro')],
        stack: ['apology'],
      },
      {
        user: "I'm sorry I made fun of you in front of your friends. I was wrong and it was cruel. I was nervous and trying to look funny, but that's no excuse. Let me take you for brunch on Sunday, just us. From now on I'll ask before I joke about you in public. I hope you can forgive me.",
        expect: [says('apology.check_score', { score: 100 }), says('apology.check_great'), `- ${deliveryTips()[0]!}`, says('apology.check_next_after_great')],
        never: ['**Change this first:**'],
        buttons: [L('apology.button_check_another'), L('apology.button_build'), L('core.button_menu')],
      },
      // something that is not an apology ends the flow and is routed afresh
      { user: 'thanks', expect: [says('core.thanks')], stack: [] },
    ]);
  });

  it('checks a draft reached through the buttons, typed in lower case with texting spelling', async () => {
    const t = mendTestClient();
    await play(t, [
      { user: L('core.button_apology'), expect: [says('apology.ask_start')], stack: ['apology'] },
      { user: 'check a draft i wrote', expect: [says('apology.ask_draft')], stack: ['apology'] },
      {
        user: 'im sorry if u were upset, i was just tired. u know how work is',
        expect: [says('apology.check_traps_intro'), `**${L('apology.label_conditional')}**`, '"im sorry if u were upset'],
        stack: ['apology'],
      },
      { user: L('apology.button_build'), expect: [says('apology.build_intro'), says('apology.ask_what_happened')], stack: ['apology'] },
    ]);
  });

  it('treats a request for help as the situation and offers to build or check', async () => {
    const t = mendTestClient();
    const situation = 'I need to apologise to my wife for forgetting her birthday';
    await play(t, [
      { user: situation, expect: [says('apology.request_ack')], never: [says('apology.ask_draft'), 'out of 100'], buttons: [L('apology.button_build'), L('apology.button_check')], stack: ['apology'] },
      {
        // the button label typed in lower case still counts
        user: 'build it with me',
        expect: [says('apology.build_intro'), says('apology.ask_what_happened_known', { situation })],
        buttons: [L('apology.button_that_covers_it')],
      },
      { user: L('apology.button_that_covers_it'), expect: [says('apology.ask_ownership_known')] },
    ]);
  });
});

describe('apology flow: building one step by step', () => {
  const PARTS = {
    ownership: 'I forgot your birthday',
    impact: "you felt forgotten, like you weren't a priority to me",
    explanation: 'work was crazy and I stopped looking at the calendar',
    repair: 'let me take you out for a proper birthday dinner this saturday',
    change: "I'll put every birthday in my phone calendar with a reminder a week before",
  };
  const COMPOSED = composeApology({ whatHappened: '', ...PARTS });

  const HAPPY_PATH: readonly Turn[] = [
    { user: 'I need to apologise to my wife for forgetting her birthday', expect: [says('apology.request_ack')], stack: ['apology'] },
    { user: L('apology.button_build'), expect: [says('apology.build_intro')] },
    { user: L('apology.button_that_covers_it'), expect: [says('apology.ask_ownership_known')] },
    { user: PARTS.ownership, expect: [says('apology.ask_impact')] },
    { user: PARTS.impact, expect: [says('apology.ask_explanation')], buttons: [L('apology.skip')] },
    { user: PARTS.explanation, expect: [says('apology.ask_repair')] },
    { user: PARTS.repair, expect: [says('apology.ask_change')] },
    { user: PARTS.change, expect: [says('apology.ask_forgiveness')], buttons: [L('apology.skip')] },
  ];

  it('composes the apology from the answers, with delivery tips and next steps (plain text channel)', async () => {
    const t = mendTestClient();
    await play(t, HAPPY_PATH);
    const last = await play(t, [
      {
        user: L('apology.skip'),
        expect: [
          says('apology.result_intro'),
          `**${L('apology.result_title')}**`,
          `> ${COMPOSED}`,
          'I forgot your birthday, and that was wrong of me.',
          `${L('apology.result_situation_heading')}\n> I need to apologise to my wife for forgetting her birthday`,
          L('apology.result_tips_heading'),
          ...deliveryTips().map((tip) => `- ${tip}`),
          L('apology.result_footnote'),
          says('apology.what_next'),
        ],
        buttons: [L('apology.button_check_new'), L('apology.button_practise'), L('core.button_menu')],
        stack: ['apology'],
      },
    ]);
    expect(last).toHaveLength(2);
    // what the person is handed is a complete apology by the engine's own measure
    const check = checkApology(COMPOSED);
    expect(check.score).toBe(100);
    expect(Object.values(check.pitfalls).some(Boolean)).toBe(false);
    // the wife was talked about, not to: the third-person request is not pasted into the apology
    expect(COMPOSED).not.toContain('my wife');
  });

  it('sends the result as an Adaptive Card on channels that render cards', async () => {
    const t = mendTestClient({ channelId: 'webchat' });
    await play(t, HAPPY_PATH);
    const replies = await t.send('i hope one day you can forgive me');
    const card = replies[0]?.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const json = JSON.stringify(card?.content);
    expect(json).toContain(L('apology.result_title'));
    expect(json).toContain('I forgot your birthday, and that was wrong of me.');
    expect(json).toContain('Let me take you out for a proper birthday dinner this saturday.');
    expect(json).toContain('I hope one day you can forgive me');
    expect(json).toContain(JSON.stringify(deliveryTips()[1]!).slice(1, -1));
    expect(replies[0]?.text).toSatisfy(says('apology.result_intro'));
    expect(buttons(replies.at(-1))).toEqual([L('apology.button_check_new'), L('apology.button_practise'), L('core.button_menu')]);
  });

  it('after the result, "Practise again" starts a fresh build without the old situation', async () => {
    const t = mendTestClient();
    await play(t, HAPPY_PATH);
    await play(t, [
      { user: L('apology.skip'), expect: [says('apology.what_next')] },
      { user: L('apology.button_practise'), expect: [says('apology.build_intro'), says('apology.ask_what_happened')], never: ['forgetting her birthday'], stack: ['apology'] },
      { user: 'menu', expect: [says('core.menu')], stack: [] },
    ]);
  });

  it('after the result, "Check a new draft" asks for one and checks it; a pasted draft is checked directly', async () => {
    const t = mendTestClient();
    await play(t, HAPPY_PATH);
    await play(t, [
      { user: L('apology.skip'), expect: [says('apology.what_next')] },
      { user: L('apology.button_check_new'), expect: [says('apology.ask_draft')], stack: ['apology'] },
      { user: 'sorry, I was wrong to forget', expect: [says('apology.check_present_intro'), `- ${L('apology.label_responsibility')}: "`, '**Change this first:**'], stack: ['apology'] },
      { user: L('apology.button_build'), expect: [says('apology.ask_what_happened')] },
    ]);
  });

  it('catches an excuse at the explanation step, quotes it, and accepts an honest explanation', async () => {
    const t = mendTestClient();
    await play(t, BUILD_FROM_MENU);
    await play(t, [
      {
        user: "I couldn't help it, I was drunk",
        expect: [says('apology.pushback_intro'), '"I couldn\'t help it" works as an excuse', 'still your choice', L('apology.skip_reminder')],
        buttons: [L('apology.skip')],
        stack: ['apology'],
      },
      { user: "I'd had too much wine and stopped watching how I spoke, and that's no excuse", expect: [says('apology.ask_repair')] },
    ]);
  });

  it('pushes back on a "but" in the explanation, then lets the person skip it', async () => {
    const t = mendTestClient();
    await play(t, BUILD_FROM_MENU);
    await play(t, [
      { user: 'I was tired but you kept nagging me', expect: [says('apology.pushback_intro'), '"I was tired but you kept nagging me"'] },
      { user: 'skip this', expect: [says('apology.ask_repair')] },
    ]);
  });

  it('pushes back on passive or blaming ownership, a vague change and a demanded forgiveness', async () => {
    const t = mendTestClient();
    await play(t, [
      { user: L('core.button_apology'), expect: [says('apology.ask_start')] },
      // free text instead of a button: what happened, so the build starts at owning it
      { user: 'I forgot to pick my husband up from the airport', expect: [says('apology.build_intro'), says('apology.ask_ownership_known')], stack: ['apology'] },
      { user: 'mistakes were made', expect: [says('apology.pushback_intro'), '"mistakes were made" doesn\'t say who did it'] },
      { user: 'you made me late because you changed the time', expect: [says('apology.pushback_intro'), '"you made me late because you changed the time"', 'moves the blame onto them'] },
      { user: 'I forgot to pick you up from the airport', expect: [says('apology.ask_impact')] },
      { user: 'you waited two hours alone and felt like you were not a priority', expect: [says('apology.ask_explanation')] },
      { user: L('apology.skip'), expect: [says('apology.ask_repair')] },
      { user: 'how can I make it right?', expect: [says('apology.ask_change')] },
      { user: "I'll be better", expect: [says('apology.vague_intro'), 'specific and checkable'], never: [says('apology.ask_forgiveness')] },
      { user: "I'll set two phone alarms for every pickup, one the night before", expect: [says('apology.ask_forgiveness')] },
      { user: 'you have to forgive me', expect: [says('apology.pushback_intro'), '"you have to forgive me" sounds like a demand', L('apology.skip_reminder')] },
      { user: "I hope that when you're ready you can forgive me", expect: ['I forgot to pick you up from the airport', 'How can I make it right?', "I'll set two phone alarms for every pickup"] },
    ]);
  });

  it('accepts an answer after two pushbacks, so nobody is stuck in a loop', async () => {
    const t = mendTestClient();
    await play(t, BUILD_FROM_MENU);
    await play(t, [
      { user: "I couldn't help it", expect: [says('apology.pushback_intro')] },
      { user: "I couldn't help it, honestly", expect: [says('apology.pushback_intro')] },
      { user: "I really couldn't help it", expect: [says('apology.ask_repair')] },
    ]);
  });
});

describe('apology flow: free text at the first question', () => {
  it('a description of what they did starts the build, even one that mentions hurtful words', async () => {
    const t = mendTestClient();
    await play(t, [
      { user: L('core.button_apology'), expect: [says('apology.ask_start')] },
      { user: 'i called him lazy in front of his friends', expect: [says('apology.ask_ownership_known')], stack: ['apology'] },
    ]);
  });

  it('a clear request for another flow leaves this one', async () => {
    const t = mendTestClient();
    await play(t, [
      { user: L('core.button_apology'), expect: [says('apology.ask_start')] },
      { user: 'actually I want to rephrase a message', expect: [], never: [says('apology.ask_ownership_known')], stack: ['istatement'] },
    ]);
  });

  it('a draft typed at the first question is checked', async () => {
    const t = mendTestClient();
    await play(t, [
      { user: L('core.button_apology'), expect: [says('apology.ask_start')] },
      { user: "sorry if you got hurt but you're overreacting", expect: [says('apology.check_traps_intro'), `**${L('apology.label_conditional')}**`, `**${L('apology.label_blame_shift')}**`], stack: ['apology'] },
    ]);
  });
});

describe('apology flow: interruptions', () => {
  it('cancel mid-way stops the flow and shows the menu', async () => {
    const t = mendTestClient();
    await play(t, BUILD_FROM_MENU.slice(0, 4));
    await play(t, [{ user: 'cancel', expect: [says('core.cancelled'), says('core.menu')], buttons: ['core.button_istatement', 'core.button_apology', 'core.button_escalate'].map(L), stack: [] }]);
  });

  it('help mid-way explains and asks the same question again', async () => {
    const t = mendTestClient();
    await play(t, BUILD_FROM_MENU.slice(0, 3));
    const asked = await t.send('I shouted at you in front of your parents');
    const question = asked.at(-1)?.text ?? '';
    expect(question).toSatisfy(says('apology.ask_impact'));
    await play(t, [{ user: 'help', expect: [L('core.help_in_flow'), question], stack: ['apology'] }]);
    // and the answer still goes to that step
    await play(t, [{ user: 'you were embarrassed and hurt', expect: [says('apology.ask_explanation')] }]);
  });

  it('a crisis message mid-way gets the crisis reply with the flow paused underneath, then resumes the question', async () => {
    const t = mendTestClient();
    await play(t, BUILD_FROM_MENU);
    const asked = await t.send("I'd had too much wine and stopped watching how I spoke, and that's no excuse");
    const question = asked.at(-1)?.text ?? '';
    expect(question).toSatisfy(says('apology.ask_repair'));
    await play(t, [
      { user: 'I want to kill myself', expect: [says('crisis.acknowledge_suicide'), L('crisis.ask_safe'), '988', L('crisis.not_a_crisis_service')], stack: ['apology', 'crisis'] },
      { user: "I'm safe now", expect: [says('crisis.safe_ack'), L('crisis.resume_offer'), question], stack: ['apology'] },
      { user: 'let me cook dinner for your parents next weekend and apologise to them too', expect: [says('apology.ask_change')], stack: ['apology'] },
    ]);
  });
});

describe('apology entry detection', () => {
  it.each([
    // [message, the draft found in it (undefined: a request for help)]
    ["is this ok: I'm sorry if you were upset but you know how busy I've been", "I'm sorry if you were upset but you know how busy I've been"],
    ['sorry i yelled at u', 'sorry i yelled at u'],
    ["I'm sorry I forgot your birthday, I'll make it up to you", "I'm sorry I forgot your birthday, I'll make it up to you"],
    ['is this ok? "sorry if you got offended, it was a joke"', 'sorry if you got offended, it was a joke'],
    // a quotation inside a longer message is part of it, not the whole draft
    ['my bf says my apology was rubbish, I said "sorry if you got offended"', 'my bf says my apology was rubbish, I said "sorry if you got offended"'],
    ['I\'m sorry I said "you never help". I was wrong.', 'I\'m sorry I said "you never help". I was wrong.'],
    ['I need to apologise to my wife for forgetting her birthday', undefined],
    ['how do I apologize without sounding fake', undefined],
    ['I was a jerk to my girlfriend last night and need to say sorry', undefined],
    ['i cheated on my husband and i dont know how to apologise to him', undefined],
    ['can you help me', undefined],
  ])('%s', (message, draft) => {
    expect(draftIn(message)).toBe(draft);
  });

  it('after Mend invites a new version, a draft need not say "you"', () => {
    expect(draftIn("I'm sorry, I was wrong to shout", false)).toBeUndefined();
    expect(draftIn("I'm sorry, I was wrong to shout", true)).toBe("I'm sorry, I was wrong to shout");
    expect(draftIn('thanks so much', true)).toBeUndefined();
  });

  it.each([
    ['is this ok: sorry', { body: 'sorry', marked: true }],
    ['"I messed up, I know"', { body: 'I messed up, I know', marked: true }],
    ['Dear Sam: I owe you an apology and here it is. I was wrong.', { body: 'I owe you an apology and here it is. I was wrong.', marked: true }],
    ['sorry i was late', { body: 'sorry i was late', marked: false }],
    ["I'll be home by 5:30 every day", { body: "I'll be home by 5:30 every day", marked: false }],
  ])('unwraps %s', (text, expected) => {
    expect(unwrapDraft(text)).toEqual(expected);
  });

  it('knows when a message speaks to someone', () => {
    expect(speaksToSomeone("you're right, I'm sorry")).toBe(true);
    expect(speaksToSomeone('sorry i hurt ur feelings')).toBe(true);
    expect(speaksToSomeone('I hurt her feelings')).toBe(false);
  });
});

describe('apology replies', () => {
  it('every key the dialog uses exists in content with only the placeholders the code fills', () => {
    expect(() => R.requireKeys(APOLOGY_REPLIES)).not.toThrow();
  });
});
