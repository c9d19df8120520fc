// One whole run of each coaching flow over HTTP, the way Teams and Web Chat reach Mend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { startTestServer, textOf, turn, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';
import { triageQuestions } from '../src/coaching/triage.js';
import { checkApology } from '../src/coaching/apology.js';

const R = testReplies();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const labels = (a: Partial<Activity> | undefined): string[] => (a?.suggestedActions?.actions ?? []).map((x) => String(x.title));

describe('flows over HTTP', () => {
  it('apology: a pasted draft is checked, traps quoted, with a score and what to change first', async () => {
    const draft = "I'm sorry if you were upset, but you overreacted";
    const replies = await turn(server.url, { conversationId: 'apology-http', text: `is this a good apology: ${draft}` });
    const text = textOf(replies);
    const check = checkApology(draft);
    expect(check.pitfalls.conditional && check.pitfalls.but_clause).toBe(true);
    const scoreLines = R.variants('apology.check_score').map((_, i) => R.text('apology.check_score', { score: check.score }, i));
    expect(scoreLines.some((line) => text.includes(line))).toBe(true);
    expect(text).toContain(check.firstFix ?? '<no first fix>');
    expect(text).toContain('sorry if');
    expect(text).toContain('but you overreacted');
    expect(labels(replies.at(-1))).toContain(R.text('core.button_menu'));
  });

  it('triage: the screen and the questions by button lead to a tier with reasons and a summary card', async () => {
    const conv = { conversationId: 'triage-http', channelId: 'webchat' };
    let replies = await turn(server.url, { ...conv, text: R.text('core.button_escalate') });
    // Answer every question with its first option that is not a danger sign: "yes" to safe, "no" elsewhere.
    for (const question of triageQuestions()) {
      const buttons = labels(replies.at(-1));
      expect(buttons.length).toBeGreaterThan(0);
      const pick = question.id === 'safe_now' ? question.options.find((o) => o.value === 'yes') : question.options.find((o) => ['no', 'over_1_year', 'most_weeks', 'both', 'some', 'fights'].includes(o.value));
      replies = await turn(server.url, { ...conv, text: (pick ?? question.options[0]!).label });
    }
    const text = textOf(replies);
    expect(replies.some((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    expect(text).toMatch(/because you said/i);
    expect(text).toMatch(/not a therapist/);
  });
});
