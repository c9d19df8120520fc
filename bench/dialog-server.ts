// A second baseline for the turn benchmark: the smallest bot that does what any botbuilder dialog
// bot does on every turn, on the same restify + CloudAdapter stack as the echo bot: it loads
// conversation and user state (MemoryStorage: nothing touches a disk), counts the turn in user
// state, continues or begins a two-step waterfall (ask with a text prompt, then answer), and
// saves both states.
// Mend's coaching, safety screen, durable storage and logging are not in it. Started as a child
// process by bench/run.ts, so the bench shows what the Bot Framework's dialog machinery alone costs.
import { ActivityHandler, ConversationState, MemoryStorage, UserState } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { serveBot } from './serve-bot.js';

const storage = new MemoryStorage();
const conversationState = new ConversationState(storage);
const userState = new UserState(storage);
const turns = userState.createProperty<{ turns: number }>('profile');

class Ask extends ComponentDialog {
  constructor() {
    super('ask');
    this.addDialog(new TextPrompt('text'));
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step) => step.prompt('text', 'What would you like to practise?'),
        async (step) => {
          await step.context.sendActivity(`You said: ${String(step.result)}`);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }
}
const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
dialogs.add(new Ask());

const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  const profile = await turns.get(context, { turns: 0 });
  profile.turns += 1;
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog('ask');
  await conversationState.saveChanges(context);
  await userState.saveChanges(context);
  await next();
});
serveBot('dialog-baseline', bot);
