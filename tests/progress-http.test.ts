// A simulated week of practice over HTTP with an injected clock, then the progress card's numbers;
// and a returning person greeted with context and resumed where they left off.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, textOf, turn, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';

const R = testReplies();
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const DAY = 86_400_000;

describe('practice memory over a week', () => {
  it('counts practices per flow, keeps the streak, finds the top trap and draws the chart', async () => {
    let clock = Date.UTC(2026, 10, 16, 9);
    const server = await startTestServer({ STORAGE: 'lowdb' }, { now: () => new Date(clock) });
    servers.push(server);
    const person = { userId: 'week-person', channelId: 'webchat' };
    const messages = [
      'you never listen to me',
      'you always leave your socks everywhere',
      'is this a good apology: I\'m sorry if you were upset, but you started it',
      'you never call when you are late',
      'is this ok: sorry you feel that way',
      'you always forget to text me back',
      'you are so lazy and you never help',
    ];
    for (const [day, text] of messages.entries()) {
      clock = Date.UTC(2026, 10, 16 + day, 9);
      // A new conversation each day, as a new Web Chat visit would be.
      const replies = await turn(server.url, { ...person, conversationId: `day-${day}`, text });
      expect(replies.length).toBeGreaterThan(0);
    }
    const progress = await turn(server.url, { ...person, conversationId: 'day-6', text: 'my progress' });
    const card = progress.find((a) => a.attachments?.length)?.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const json = JSON.stringify(card?.content);
    expect(json).toContain(R.text('progress.counts', { istatement: 5, apology: 2 }).replace(/"/g, '\\"'));
    expect(json).toContain(R.text('progress.streak', { current: 7, best: 7 }));
    expect(json).toContain(R.text('progress.top_issue', { issue: R.text('progress.issue_absolute'), count: 5 }).replace(/"/g, '\\"'));
    expect(json).toContain(R.text('progress.tip_absolute').replace(/"/g, '\\"'));
    const image = (card?.content as { body: { type: string; url?: string }[] }).body.find((b) => b.type === 'Image');
    expect(image?.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);

    // Two days without practice break the current streak but keep the best.
    clock += 3 * DAY;
    const later = await turn(server.url, { ...person, conversationId: 'day-9', text: 'my progress' });
    expect(JSON.stringify(later)).toContain(R.text('progress.streak', { current: 0, best: 7 }));
  });

  it('shows a gentle note instead of a chart before any practice', async () => {
    const server = await startTestServer();
    servers.push(server);
    const replies = await turn(server.url, { text: 'my progress', conversationId: 'fresh' });
    expect(replies[0]?.text).toBe(R.text('progress.no_practice'));
  });
});

describe('returning', () => {
  it('greets a returning person with their unfinished flow and resumes it on request', async () => {
    const server = await startTestServer();
    servers.push(server);
    const person = { userId: 'returning' };
    await turn(server.url, { ...person, conversationId: 'visit-1', text: R.text('core.button_apology') });
    await turn(server.url, { ...person, conversationId: 'visit-1', text: 'Build it with me' });

    const welcome = await turn(server.url, { ...person, conversationId: 'visit-2', type: 'conversationUpdate', membersAdded: [{ id: 'returning', name: 'R' }] });
    expect(welcome[0]?.text).toBe(R.text('progress.welcome_back_resume', { flow: R.text('core.button_apology') }));
    expect(welcome[0]?.suggestedActions?.actions[0]?.title).toBe(R.text('progress.button_continue'));

    const resumed = await turn(server.url, { ...person, conversationId: 'visit-2', text: R.text('progress.button_continue') });
    expect(resumed[0]?.text).toBe(R.text('progress.resumed'));
    expect(resumed.length).toBeGreaterThan(1);
    // The question re-asked is the one the person left on, and the flow carries on from it.
    const beforeText = textOf(await turn(server.url, { ...person, conversationId: 'visit-1', text: 'help' }));
    expect(beforeText).toContain(resumed.at(-1)?.text ?? '<none>');
  });

  it('greets someone with a practice history by the count and a suggestion', async () => {
    const server = await startTestServer();
    servers.push(server);
    const person = { userId: 'practised' };
    await turn(server.url, { ...person, conversationId: 'a', text: 'you never listen to me' });
    await turn(server.url, { ...person, conversationId: 'a', text: 'cancel' });
    const welcome = await turn(server.url, { ...person, conversationId: 'b', type: 'conversationUpdate', membersAdded: [{ id: 'practised', name: 'P' }] });
    expect(welcome[0]?.text).toContain(R.text('progress.welcome_back', { count: 1 }));
    expect(welcome[0]?.text).toContain(R.text('progress.suggest_flow_apology'));
  });
});
