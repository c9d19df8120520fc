// The baseline for the turn benchmark: a bare echo bot on the same restify + CloudAdapter stack,
// no state, no dialogs. Started as a child process by bench/run.ts.
import { ActivityHandler } from 'botbuilder';
import { serveBot } from './serve-bot.js';

const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});
serveBot('echo', bot);
