// Mend's text prompt behaves as botbuilder's TextPrompt without a validator: it asks, hands back
// the next message's text, asks again (retry prompt if given) when a message has no text, and
// ignores other activities. Re-asking after an interruption ("help" mid-flow) is covered by the
// flow dialog tests.
import { describe, expect, it } from 'vitest';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, runDialog, type DialogState, type WaterfallStepContext } from '../dialogs/dialog-kit.js';
import { TextPrompt } from '../dialogs/text-prompt.js';

class AskTwice extends ComponentDialog {
  constructor(retry: boolean) {
    super('ask-twice');
    this.initialDialogId = 'steps';
    this.addDialog(new TextPrompt('text'));
    const ask = (question: string) => (step: WaterfallStepContext) =>
      step.prompt('text', { prompt: { type: 'message', text: question }, ...(retry ? { retryPrompt: { type: 'message', text: `Please type: ${question}` } } : {}) });
    this.addDialog(
      new WaterfallDialog('steps', [
        ask('first?'),
        async (step) => {
          await step.context.sendActivity(`got ${String(step.result)}`);
          return ask('second?')(step);
        },
        async (step) => {
          await step.context.sendActivity(`got ${String(step.result)}`);
          return step.endDialog();
        },
      ]),
    );
  }
}

function chat(retry = false): TestAdapter {
  const state = new ConversationState(new MemoryStorage());
  const accessor = state.createProperty<DialogState>('dialog');
  const dialog = new AskTwice(retry);
  return new TestAdapter(async (context) => {
    await runDialog(dialog, context, accessor);
    await state.saveChanges(context);
  });
}

describe('TextPrompt', () => {
  it('asks, returns the typed text, and marks its question as expecting input', async () => {
    let first: Partial<Activity> | undefined;
    await chat()
      .send('hi')
      .assertReply((a) => {
        first = a;
        expect(a.text).toBe('first?');
      })
      .send('one')
      .assertReply('got one')
      .assertReply('second?')
      .send('two')
      .assertReply('got two')
      .startTest();
    expect(first?.inputHint).toBe('expectingInput');
  });

  it('asks again when a message has no text, with the retry prompt when there is one', async () => {
    await chat().send('hi').assertReply('first?').send({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'x' }] }).assertReply('first?').send('one').assertReply('got one').startTest();
    await chat(true).send('hi').assertReply('first?').send({ type: 'message', text: '' }).assertReply('Please type: first?').startTest();
  });

  it('ignores activities that are not messages (the next reply is to the next message)', async () => {
    await chat().send('hi').assertReply('first?').send({ type: 'typing' }).send('one').assertReply('got one').startTest();
  });
});
