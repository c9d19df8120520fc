// A turn whose conversation state saved but whose user state met a newer version (the same
// person busy in another conversation, on another instance): the turn must not run again, which
// would apply it to the conversation twice; its user changes are merged onto the stored ones.
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreItems } from 'botbuilder';
import { conversationKey, startTestServer, textOf, turn, userKey, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';
import { mergeUserChanges } from '../src/app.js';
import { mergePracticeHistory, type PracticeRecord } from '../src/coaching/progress.js';

const R = testReplies();
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const elsewhere: PracticeRecord = { flow: 'apology', at: '2026-01-01T00:00:00.000Z', score: 50, issues: ['excuse'] };

describe('a user-state conflict after the conversation state saved', () => {
  it('answers once, advances the conversation once, and keeps both writers\' practice records', async () => {
    const server = await startTestServer();
    servers.push(server);
    const conv = { conversationId: 'race-conv', userId: 'race-person' };
    await turn(server.url, { ...conv, text: R.text('core.button_istatement') });

    // Just before this turn writes the person's state, "another instance" records a practice
    // for them from another conversation.
    const store = server.app.storage;
    const write = store.write.bind(store);
    let raced = 0;
    store.write = async (changes: StoreItems): Promise<void> => {
      const key = userKey(conv.userId);
      if (key in changes && raced === 0) {
        raced += 1;
        const current = (await store.read([key]))[key] ?? {};
        const practices = ((current['practice'] as { practices?: PracticeRecord[] } | undefined)?.practices ?? []).concat(elsewhere);
        await write({ [key]: { ...current, practice: { practices }, eTag: '*' } });
      }
      return write(changes);
    };

    const replies = await turn(server.url, { ...conv, text: 'you never listen to me' });
    expect(raced).toBe(1);
    // One answer: the feedback on the draft and the next question of the flow, once.
    const asked = R.variants('istatement.ask_feeling').filter((v) => textOf(replies).includes(v));
    expect(asked).toHaveLength(1);
    expect(textOf(replies).split(asked[0]!).length - 1).toBe(1);

    const stored = await store.read([conversationKey(conv.conversationId), userKey(conv.userId)]);
    expect((stored[conversationKey(conv.conversationId)] as { profile: { turns: number } }).profile.turns).toBe(2);
    const user = stored[userKey(conv.userId)] as { practice: { practices: PracticeRecord[] }; resume?: { flow: string } };
    expect(user.practice.practices.map((p) => p.flow)).toEqual(['apology', 'istatement']);
    expect(user.resume?.flow).toBe('istatement');

    // The flow carries on from the feeling question, as if nothing had happened.
    const next = await turn(server.url, { ...conv, text: 'hurt' });
    expect(R.variants('istatement.ask_feeling').some((v) => textOf(next).includes(v))).toBe(false);
  });
});

describe('mergeUserChanges', () => {
  const mine: PracticeRecord = { flow: 'istatement', at: '2026-02-02T00:00:00.000Z', score: 80, issues: [] };

  it('appends the practices this turn added to what is stored now, and takes the properties it changed', () => {
    const read = { practice: { practices: [] }, resume: { flow: 'apology' }, checkIn: { tier: 'couples' } };
    const ours = { practice: { practices: [mine] }, checkIn: { tier: 'couples' } }; // resume cleared, check-in untouched
    const fresh = { practice: { practices: [elsewhere] }, resume: { flow: 'apology' }, checkIn: { tier: 'individual' } };
    expect(mergeUserChanges(read, ours, fresh)).toEqual({ practice: { practices: [elsewhere, mine] }, checkIn: { tier: 'individual' } });
  });

  it('leaves the stored state alone when this turn changed nothing', () => {
    const same = { practice: { practices: [mine] } };
    const fresh = { practice: { practices: [mine, elsewhere] }, resume: { flow: 'apology' } };
    expect(mergeUserChanges(same, same, fresh)).toEqual(fresh);
  });

  it('does not add a practice twice, and keeps the newest when over the limit', () => {
    expect(mergePracticeHistory({ practices: [] }, { practices: [mine] }, { practices: [mine] })).toEqual({ practices: [mine] });
    const many = Array.from({ length: 3 }, (_, i) => ({ ...elsewhere, at: `2026-01-0${i + 1}T00:00:00.000Z` }));
    expect(mergePracticeHistory({ practices: [] }, { practices: [mine] }, { practices: many }, 3)).toEqual({ practices: [...many.slice(1), mine] });
  });
});
