// The I-statement coach as conversations: [what the person says, what Mend must reply].
import { describe, expect, it } from 'vitest';
import { buttons, mendTestClient, testReplies } from './helpers/mend-test-client.js';

const R = testReplies();
const anyOf = (key: string): RegExp => new RegExp(R.variants(key).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split('{')[0]!).join('|'));

describe('I-statement flow', () => {
  it('checks a pasted message, builds feeling -> behaviour -> need -> request, and shows the result card', async () => {
    const mend = mendTestClient({ channelId: 'webchat' });
    const checked = await mend.send('you never help with the dishes, you are so lazy');
    const checkText = checked.map((a) => a.text).join('\n');
    expect(checkText).toContain(R.text('istatement.check_intro'));
    expect(checkText).toMatch(/“never”|"never"/);
    expect(checkText).toMatch(/lazy/);
    expect(mend.stack()).toEqual(['istatement']);
    const feelingButtons = buttons(checked.at(-1));
    expect(feelingButtons.length).toBeGreaterThanOrEqual(3);

    const behaviour = await mend.send(feelingButtons[0]!);
    expect(behaviour.at(-1)?.text).toMatch(anyOf('istatement.ask_behaviour'));
    const need = await mend.send('when I come home after work and the dishes from breakfast are still in the sink');
    expect(need.at(-1)?.text).toMatch(anyOf('istatement.ask_need'));
    const request = await mend.send('because I need us to share the housework');
    expect(request.at(-1)?.text).toMatch(anyOf('istatement.ask_request'));
    expect(buttons(request.at(-1))).toContain(R.text('istatement.skip'));

    const result = await mend.send('would you be willing to wash up on weekdays?');
    const card = result.find((a) => a.attachments?.length)?.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const cardJson = JSON.stringify(card?.content);
    expect(cardJson).toContain(`I feel ${feelingButtons[0]}`);
    expect(cardJson).toContain('dishes from breakfast are still in the sink');
    expect(cardJson).toContain('share the housework');
    expect(cardJson).toContain('wash up on weekdays');
    expect(cardJson).toContain(R.text('istatement.result_rewrite_heading'));
    expect(buttons(result.at(-1))).toEqual([R.text('istatement.button_own'), R.text('istatement.button_another'), R.text('core.button_menu')]);
  });

  it('pushes back on a faux feeling and offers the real feelings under it', async () => {
    const mend = mendTestClient();
    await mend.send('you always ignore me');
    const pushback = await mend.send('ignored');
    expect(pushback.at(-1)?.text).toContain('"ignored"');
    expect(buttons(pushback.at(-1))).toEqual(expect.arrayContaining(['lonely']));
    const next = await mend.send('lonely');
    expect(next.at(-1)?.text).toMatch(anyOf('istatement.ask_behaviour'));
  });

  it('pushes back gently on a trait instead of a behaviour, then accepts a concrete moment', async () => {
    const mend = mendTestClient();
    await mend.send('you never listen to me');
    await mend.send('hurt');
    const pushback = await mend.send('you are selfish and always on your phone');
    expect(pushback.at(-1)?.text).toMatch(/camera/);
    const next = await mend.send('when I was telling you about my day at dinner and you were looking at your phone');
    expect(next.at(-1)?.text).toMatch(anyOf('istatement.ask_need'));
  });

  it('starts from the menu by asking what they want to say, and gives feedback on their own version', async () => {
    const mend = mendTestClient();
    const asked = await mend.send(R.text('core.button_istatement'));
    expect(asked.at(-1)?.text).toMatch(anyOf('istatement.ask_original'));
    await mend.send('you are always late');
    await mend.send('worried');
    await mend.send('when we agree to meet at seven and you arrive at eight');
    await mend.send('because I need to be able to plan my evening');
    const result = await mend.send(R.text('istatement.skip'));
    expect(result.map((a) => a.text).join('\n')).toContain('I feel worried');
    const own = await mend.send(R.text('istatement.button_own'));
    expect(own.at(-1)?.text).toMatch(anyOf('istatement.ask_own'));
    const feedback = await mend.send('I feel worried when you arrive an hour after we agreed, because I need to plan my evening.');
    const feedbackText = feedback.map((a) => a.text).join('\n');
    expect(feedbackText).toContain(R.text('istatement.own_good_intro'));
    expect(feedbackText).not.toContain(R.text('istatement.own_issues_intro'));
  });

  it('supports help (same question again), cancel and start over mid-flow', async () => {
    const mend = mendTestClient();
    await mend.send('you never call me back');
    const help = await mend.send('help');
    expect(help[0]?.text).toBe(R.text('core.help_in_flow'));
    expect(help.at(-1)?.text).toMatch(anyOf('istatement.ask_feeling'));
    expect(mend.stack()).toEqual(['istatement']);

    const over = await mend.send('start over');
    expect(over[0]?.text).toBe(R.text('core.start_over'));
    expect(over.at(-1)?.text).toMatch(anyOf('istatement.ask_original'));

    const cancelled = await mend.send('cancel');
    expect(R.variants('core.cancelled')).toContain(cancelled[0]?.text);
    expect(mend.stack()).toEqual([]);
  });

  it('answers a crisis mid-flow with helplines, pauses the flow, and resumes it when the person is safe', async () => {
    const mend = mendTestClient({ locale: 'en-GB' });
    await mend.send('you never listen to me');
    const crisis = await mend.send("honestly i don't want to be alive anymore");
    const text = crisis.map((a) => a.text).join('\n');
    expect(text).toContain('999');
    expect(text).toContain('116 123');
    expect(text).toContain(R.text('crisis.ask_safe'));
    expect(mend.stack()).toEqual(['istatement', 'crisis']);

    const resumed = await mend.send("I'm safe right now");
    expect(resumed.map((a) => a.text).join('\n')).toContain(R.text('crisis.resume_offer'));
    expect(resumed.at(-1)?.text).toMatch(anyOf('istatement.ask_feeling'));
    expect(mend.stack()).toEqual(['istatement']);
  });
});
