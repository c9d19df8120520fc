// Mend in Microsoft Teams, over HTTP: Teams-shaped activities (channelId msteams, personal and
// group chats and channels, tenant and aadObjectId, <at>Mend</at> mentions, installationUpdate,
// Adaptive Card submits) replayed against a real server, asserting what Mend answers.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, Attachment, TurnContext } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAMS_CARD_VERSION, teamsButtons } from '../src/channels/teams-buttons.js';
import { post, startTestServer, turn as turnAll, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';

const R = testReplies();
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BOT = '28:0f6c1b2a-3d4e-4f50-8a6b-7c8d9e0fa1b2';
const MENU = [R.text('core.button_istatement'), R.text('core.button_apology'), R.text('core.button_escalate')];

/** Mend's replies that a person sees (trace activities are for the Emulator, never shown in Teams). */
async function turn(url: string, fields: Parameters<typeof turnAll>[1]): Promise<Partial<Activity>[]> {
  return (await turnAll(url, fields)).filter((a) => a.type !== 'trace');
}

const servers: TestServer[] = [];
async function start(): Promise<TestServer> {
  const server = await startTestServer({ STORAGE: 'memory' });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Scope = 'personal' | 'groupChat' | 'channel';
const CONVERSATIONS: Record<Scope, Record<string, unknown>> = {
  personal: { id: 'a:1Xq9personal-chat-with-mend', conversationType: 'personal', tenantId: TENANT },
  groupChat: { id: '19:3b2f0c0e6d9a4c6b8f1e2d3c4b5a6978@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
  channel: { id: '19:c0ffee0d15ea5e@thread.tacv2;messageid=1718000000000', conversationType: 'channel', isGroup: true, tenantId: TENANT, name: 'General' },
};

/** A Teams activity as the Teams channel posts it (answered in the body via expectReplies). */
function teams(scope: Scope, fields: Partial<Activity> & { conversationSuffix?: string }): Partial<Activity> & { conversationId: string } {
  const { conversationSuffix = '', ...rest } = fields;
  const conversation = { ...CONVERSATIONS[scope], id: `${String(CONVERSATIONS[scope]['id'])}${conversationSuffix}` };
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    from: { id: '29:1AbCdEfGhIjKlMnOpQrStUvWxYz', name: 'Alex Rivera', aadObjectId: '6b3f9a0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' } as Activity['from'],
    recipient: { id: BOT, name: 'Mend' },
    conversation: conversation as unknown as Activity['conversation'],
    conversationId: conversation.id,
    channelData: { tenant: { id: TENANT }, ...(scope === 'channel' ? { teamsChannelId: conversation.id.split(';')[0], teamsTeamId: '19:team@thread.tacv2', channel: { id: conversation.id.split(';')[0] }, team: { id: '19:team@thread.tacv2' } } : {}) },
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'America/New_York' }],
    textFormat: 'plain',
    ...rest,
  };
}

/** A message that @mentions Mend, as Teams sends it: the <at> tag in the text and a mention entity. */
function mentioning(scope: Scope, text: string, suffix = ''): Partial<Activity> & { conversationId: string } {
  const base = teams(scope, { text: `<at>Mend</at> ${text}`, conversationSuffix: suffix });
  return { ...base, entities: [...(base.entities ?? []), { type: 'mention', text: '<at>Mend</at>', mentioned: { id: BOT, name: 'Mend' } }] };
}

const texts = (replies: Partial<Activity>[]): string[] => replies.map((r) => r.text ?? '');
const actionTitles = (reply: Partial<Activity> | undefined): string[] => (reply?.suggestedActions?.actions ?? []).map((a) => String(a.title));
const adaptiveCards = (reply: Partial<Activity> | undefined): Record<string, unknown>[] =>
  (reply?.attachments ?? []).filter((a: Attachment) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content as Record<string, unknown>);

/** Labels offered by a reply, as suggested actions or as card Action.Submit buttons. */
function offered(reply: Partial<Activity> | undefined): string[] {
  const fromCards = adaptiveCards(reply).flatMap((c) => ((c['actions'] as { title: string }[] | undefined) ?? []).map((a) => a.title));
  return [...actionTitles(reply), ...fromCards];
}

describe('Teams: welcome on install', () => {
  it('welcomes once when installed in a personal chat, even when Teams also sends conversationUpdate', async () => {
    const { url } = await start();
    const installed = await turn(url, teams('personal', { type: 'installationUpdate', action: 'add' } as Partial<Activity>));
    expect(texts(installed)).toEqual([R.text('core.welcome')]);
    expect(actionTitles(installed[0])).toEqual(MENU);
    const update = await turn(url, teams('personal', { type: 'conversationUpdate', membersAdded: [{ id: BOT, name: 'Mend' }] }));
    expect(update).toHaveLength(0);
  });

  it('welcomes when added to a group chat (membersAdded with the bot)', async () => {
    const { url } = await start();
    const replies = await turn(url, teams('groupChat', { type: 'conversationUpdate', membersAdded: [{ id: BOT, name: 'Mend' }] }));
    expect(texts(replies)).toEqual([R.text('core.welcome')]);
  });

  it('does not welcome again on uninstall', async () => {
    const { url } = await start();
    expect(await turn(url, teams('personal', { type: 'installationUpdate', action: 'remove' } as Partial<Activity>))).toHaveLength(0);
  });
});

describe('Teams: who Mend answers', () => {
  it('answers every message in a personal chat', async () => {
    const { url } = await start();
    const replies = await turn(url, teams('personal', { text: MENU[0] }));
    expect(R.variants('istatement.ask_original')).toContain(replies.at(-1)?.text);
  });

  it.each(['groupChat', 'channel'] as const)('in a %s, ignores messages that do not mention Mend', async (scope) => {
    const { url } = await start();
    expect(await turn(url, teams(scope, { text: 'rephrase a message' }))).toHaveLength(0);
    // Mentioning someone else is not mentioning Mend.
    const other = teams(scope, { text: '<at>Sam</at> can you rephrase a message', entities: [{ type: 'mention', text: '<at>Sam</at>', mentioned: { id: '29:someone-else', name: 'Sam' } }] });
    expect(await turn(url, other)).toHaveLength(0);
  });

  it.each(['groupChat', 'channel'] as const)('in a %s, answers when @mentioned, with the mention stripped before routing', async (scope) => {
    const { url } = await start();
    const replies = await turn(url, mentioning(scope, 'rephrase a message'));
    expect(R.variants('istatement.ask_original')).toContain(replies.at(-1)?.text);
    // The next mention carries on the same flow: the message to work on, not "<at>Mend</at> ...".
    const checked = await turn(url, mentioning(scope, 'you never listen to me'));
    const text = texts(checked).join('\n');
    expect(text).toContain(R.text('istatement.check_intro'));
    expect(text).not.toContain('<at>');
    expect(R.variants('istatement.ask_feeling')).toContain(checked.at(-1)?.text);
  });

  it('keeps group chats and personal chats apart', async () => {
    const { url } = await start();
    await turn(url, mentioning('groupChat', MENU[0]!));
    // The same person in their personal chat is not mid-flow.
    const personal = await turn(url, teams('personal', { text: 'menu' }));
    expect(actionTitles(personal.at(-1))).toEqual(MENU);
  });
});

describe('Teams: a whole flow, with card submits', () => {
  it('continues the I-statement flow from Action.Submit values and ends with an Adaptive Card Teams renders', async () => {
    const { url } = await start();
    await turn(url, teams('personal', { text: MENU[0] }));
    const checked = await turn(url, teams('personal', { text: 'you never help with the dishes' }));
    // Feeling buttons: as suggested actions, or as card buttons when there are more than Teams shows.
    const feelings = offered(checked.at(-1));
    expect(feelings.length).toBeGreaterThan(0);
    // A card button press: Teams posts the Action.Submit data as `value`, with no text.
    const behaviour = await turn(url, teams('personal', { value: { text: feelings[0] } }));
    expect(R.variants('istatement.ask_behaviour')).toContain(behaviour.at(-1)?.text);
    // messageBack style: the label as text and the data as value.
    const need = await turn(url, teams('personal', { text: 'when I cook and the dishes stay in the sink overnight', value: { text: 'when I cook and the dishes stay in the sink overnight' } }));
    expect(R.variants('istatement.ask_need')).toContain(need.at(-1)?.text);
    const request = await turn(url, teams('personal', { text: 'because I need us to share the work at home' }));
    expect(R.variants('istatement.ask_request')).toContain(request.at(-1)?.text);
    expect(offered(request.at(-1))).toContain(R.text('istatement.skip'));
    const result = await turn(url, teams('personal', { value: { text: R.text('istatement.skip') } }));
    const card = result.flatMap((r) => adaptiveCards(r))[0];
    expect(card).toBeDefined();
    expect(card?.['type']).toBe('AdaptiveCard');
    // Teams renders Adaptive Cards up to 1.5 (mobile included); Mend stays at or below it.
    expect(Number(card?.['version'])).toBeLessThanOrEqual(1.5);
    expect(JSON.stringify(card)).toContain(String(feelings[0]).toLowerCase());
  });

  it('takes a card submit in a group chat without a mention (a button press is addressed to Mend)', async () => {
    const { url } = await start();
    await turn(url, mentioning('groupChat', MENU[0]!, '-submit'));
    await turn(url, mentioning('groupChat', 'you always leave your stuff everywhere', '-submit'));
    const replies = await turn(url, teams('groupChat', { value: { text: 'frustrated' }, conversationSuffix: '-submit' }));
    expect(R.variants('istatement.ask_behaviour')).toContain(replies.at(-1)?.text);
  });

  it('shows the helplines for the person\'s locale when a Teams message signals danger', async () => {
    const { url } = await start();
    const replies = await turn(url, teams('personal', { text: 'I want to kill myself' }));
    expect(texts(replies).join('\n')).toMatch(/988/);
  });
});

describe('Teams: buttons that survive Teams', () => {
  it('in a group chat, turns the menu into Action.Submit card buttons whose press continues the flow', async () => {
    const { url } = await start();
    const welcome = await turn(url, teams('groupChat', { type: 'conversationUpdate', membersAdded: [{ id: BOT, name: 'Mend' }], conversationSuffix: '-cards' }));
    expect(welcome[0]?.suggestedActions).toBeUndefined();
    const card = adaptiveCards(welcome[0])[0];
    expect(card?.['version']).toBe(TEAMS_CARD_VERSION);
    const actions = card?.['actions'] as { type: string; title: string; data: { text: string; msteams: { type: string; text: string; displayText: string } } }[];
    expect(actions.map((a) => a.title)).toEqual(MENU);
    expect(actions[0]).toEqual({ type: 'Action.Submit', title: MENU[0], data: { text: MENU[0], msteams: { type: 'messageBack', text: MENU[0], displayText: MENU[0] } } });
    // The press, as Teams delivers a messageBack: the label as text, the data as value, no mention.
    const pressed = await turn(url, teams('groupChat', { text: MENU[0], value: { text: MENU[0] }, conversationSuffix: '-cards' }));
    expect(R.variants('istatement.ask_original')).toContain(pressed.at(-1)?.text);
  });

  it('in a personal chat, keeps up to three suggested actions and turns longer lists into a card', async () => {
    const { url } = await start();
    const menu = await turn(url, teams('personal', { text: 'menu', conversationSuffix: '-cards' }));
    expect(actionTitles(menu.at(-1))).toEqual(MENU);
    await turn(url, teams('personal', { text: MENU[0], conversationSuffix: '-cards' }));
    const checked = await turn(url, teams('personal', { text: 'you never help with the dishes and you are so lazy', conversationSuffix: '-cards' }));
    const last = checked.at(-1);
    const labels = offered(last);
    expect(labels.length).toBeGreaterThan(0);
    if (labels.length > 3) {
      expect(last?.suggestedActions).toBeUndefined();
      expect(adaptiveCards(last)).toHaveLength(1);
    } else {
      expect(actionTitles(last)).toEqual(labels);
    }
  });

  it('leaves other channels alone and is idempotent', () => {
    const activity: Partial<Activity> = { type: 'message', text: 'pick', suggestedActions: { to: [], actions: ['a', 'b', 'c', 'd'].map((l) => ({ type: 'imBack', title: l, value: l })) } };
    const context = (channelId: string, conversationType?: string): TurnContext => ({ activity: { channelId, conversation: { conversationType } } }) as unknown as TurnContext;
    expect(teamsButtons(context('directline'), activity)).toBe(activity);
    expect(teamsButtons(context('msteams', 'personal'), { ...activity, suggestedActions: { to: [], actions: activity.suggestedActions!.actions.slice(0, 3) } }).suggestedActions?.actions).toHaveLength(3);
    const once = teamsButtons(context('msteams', 'personal'), activity);
    expect(once.suggestedActions).toBeUndefined();
    expect(once.attachments).toHaveLength(1);
    expect(teamsButtons(context('msteams', 'personal'), once)).toEqual(once);
  });
});

describe('Teams: replies go back through the Bot Connector API', () => {
  it('posts each reply to serviceUrl under the (encoded) conversation id, in reply to the message', async () => {
    const received: { path: string; body: Record<string, unknown> }[] = [];
    const connector: HttpServer = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    try {
      const { url } = await start();
      const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/amer/`;
      const activity = { ...mentioning('channel', 'menu'), id: '1718000000001', serviceUrl, type: 'message' };
      const { conversationId: _c, ...body } = activity;
      const res = await post(url, { ...body, conversation: activity.conversation });
      expect(res.status).toBe(200);
      expect(received.length).toBeGreaterThan(0);
      const conversationId = String(CONVERSATIONS.channel['id']);
      expect(received[0]?.path).toBe(`/amer/v3/conversations/${encodeURIComponent(conversationId)}/activities/1718000000001`);
      expect(received[0]?.body).toMatchObject({ type: 'message', replyToId: '1718000000001', conversation: { id: conversationId }, recipient: { id: '29:1AbCdEfGhIjKlMnOpQrStUvWxYz' } });
    } finally {
      connector.closeAllConnections();
      connector.close();
    }
  });
});
