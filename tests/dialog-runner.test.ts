// Mend's dialog runner does what botbuilder's runDialog does for Mend: the same replies and the
// same stored dialog state turn by turn, the state snapshot trace for the Emulator only, errors
// passed on to the adapter, and one memory-scope configuration for every turn.
import { describe, expect, it } from 'vitest';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, runDialog, type DialogState } from '../dialogs/dialog-kit.js';
import { DialogRunner } from '../dialogs/dialog-runner.js';
import { TextPrompt } from '../dialogs/text-prompt.js';

class TwoQuestions extends ComponentDialog {
  constructor() {
    super('two-questions');
    this.initialDialogId = 'steps';
    this.addDialog(new TextPrompt('text'));
    this.addDialog(
      new WaterfallDialog('steps', [
        (step) => step.prompt('text', { prompt: { type: 'message', text: 'first?' } }),
        async (step) => {
          if (step.result === 'boom') throw new Error('step failed');
          (step.values as Record<string, unknown>)['first'] = step.result;
          return step.prompt('text', { prompt: { type: 'message', text: 'second?' } });
        },
        async (step) => {
          await step.context.sendActivity(`got ${String((step.values as Record<string, unknown>)['first'])} and ${String(step.result)}`);
          return step.endDialog();
        },
      ]),
    );
  }
}

type Run = (context: TurnContext) => Promise<unknown>;

/** Sends each message as its own turn; returns the replies and the stored state after each turn. */
async function transcript(make: (accessor: ReturnType<ConversationState['createProperty']>) => Run, messages: string[], channelId = 'test'): Promise<{ replies: Partial<Activity>[][]; stored: string[] }> {
  const storage = new MemoryStorage();
  const state = new ConversationState(storage);
  const run = make(state.createProperty<DialogState>('dialog'));
  const replies: Partial<Activity>[][] = [];
  const stored: string[] = [];
  const adapter = new TestAdapter(
    async (context) => {
      await run(context);
      await state.saveChanges(context);
    },
    undefined,
    true, // keep trace activities in the queue
  );
  for (const text of messages) {
    const sent: Partial<Activity>[] = [];
    adapter.activeQueue.length = 0;
    await adapter.processActivity({ type: ActivityTypes.Message, text, channelId, conversation: { id: 'c1' } } as Partial<Activity>);
    sent.push(...adapter.activeQueue.map((a) => ({ type: a.type, text: a.text, name: a.name, label: a.label })));
    replies.push(sent);
    const all = (await storage.read([`${channelId}/conversations/c1/`])) as Record<string, { dialog?: unknown }>;
    // A waterfall stamps each run with a random instanceId; everything else must match exactly.
    stored.push(JSON.stringify(all[`${channelId}/conversations/c1/`]?.dialog).replace(/"instanceId":"[0-9a-f-]{36}"/g, '"instanceId":"*"'));
  }
  return { replies, stored };
}

const viaBotbuilder = (dialog = new TwoQuestions()) => (accessor: ReturnType<ConversationState['createProperty']>): Run => (context) => runDialog(dialog, context, accessor as never);
const viaRunner = (dialog = new TwoQuestions()) => (accessor: ReturnType<ConversationState['createProperty']>): Run => {
  const runner = new DialogRunner(dialog, accessor as never);
  return (context) => runner.run(context);
};

describe('DialogRunner', () => {
  const messages = ['hi', 'one', 'two', 'again', 'three', 'four'];

  it("gives botbuilder's replies and stored dialog state, turn by turn, on any channel but the Emulator", async () => {
    const ours = await transcript(viaRunner(), messages);
    const theirs = await transcript(viaBotbuilder(), messages);
    // botbuilder's helper also sends a "Bot State" trace every turn; the runner sends it only to the Emulator.
    const withoutTraces = theirs.replies.map((turn) => turn.filter((a) => a.type !== ActivityTypes.Trace));
    expect(theirs.replies.flat().filter((a) => a.type === ActivityTypes.Trace)).toHaveLength(messages.length);
    expect(ours.replies).toEqual(withoutTraces);
    expect(ours.stored).toEqual(theirs.stored);
    expect(ours.replies[2]?.map((a) => a.text)).toEqual(['got one and two']);
  });

  it('sends the Emulator the same state trace as botbuilder does', async () => {
    const ours = await transcript(viaRunner(), messages, 'emulator');
    const theirs = await transcript(viaBotbuilder(), messages, 'emulator');
    expect(ours.replies).toEqual(theirs.replies);
    expect(ours.replies[0]?.find((a) => a.type === ActivityTypes.Trace)).toMatchObject({ name: 'BotState', label: 'Bot State' });
  });

  it('passes an error from a step on to the adapter', async () => {
    const storage = new MemoryStorage();
    const state = new ConversationState(storage);
    const runner = new DialogRunner(new TwoQuestions(), state.createProperty<DialogState>('dialog'));
    const errors: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      await runner.run(context);
      await state.saveChanges(context);
    });
    adapter.onTurnError = async (_context, err) => {
      errors.push((err as Error).message);
    };
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'hi' } as Partial<Activity>);
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'boom' } as Partial<Activity>);
    expect(errors).toEqual(['step failed']);
  });

  it('builds the memory-scope configuration once and hands it to every later turn', async () => {
    const state = new ConversationState(new MemoryStorage());
    const runner = new DialogRunner(new TwoQuestions(), state.createProperty<DialogState>('dialog'));
    const seen: unknown[] = [];
    const adapter = new TestAdapter(async (context) => {
      await runner.run(context);
      seen.push(context.turnState.get('DialogStateManagerConfiguration'));
      await state.saveChanges(context);
    });
    for (const text of ['hi', 'one', 'two']) await adapter.processActivity({ type: ActivityTypes.Message, text } as Partial<Activity>);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBeDefined();
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
  });
});
