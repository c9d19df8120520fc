// A Bot Framework adapter for the terminal: activities in from typed lines, replies printed as
// plain text, suggested actions as numbered choices. Same bot, dialogs and storage as HTTP.
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

export interface TerminalOutput {
  write(text: string): void;
}

export class TerminalAdapter extends BotAdapter {
  /** The labels of the last suggested actions, so "2" can pick the second. */
  lastChoices: string[] = [];
  /** Messages printed so far. */
  printed = 0;

  constructor(
    private readonly out: TerminalOutput,
    private readonly reference: ConversationReference,
  ) {
    super();
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message) {
        const lines: string[] = [];
        if (activity.text) lines.push(plain(activity.text));
        for (const attachment of activity.attachments ?? []) {
          const fallback = (attachment.content as { fallbackText?: unknown } | undefined)?.fallbackText;
          if (typeof fallback === 'string') lines.push(plain(fallback));
        }
        const choices = (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value));
        if (choices.length > 0) {
          this.lastChoices = choices;
          lines.push(choices.map((c, i) => `  [${i + 1}] ${c}`).join('\n'));
        }
        this.out.write(`\nmend> ${lines.join('\n\n').replace(/\n/g, '\n      ')}\n`);
        this.printed += 1;
      }
      responses.push({ id: randomUUID() });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    /* the terminal cannot edit what it printed */
  }

  async deleteActivity(): Promise<void> {
    /* nor delete it */
  }

  async continueConversation(_reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, this.incoming({ type: ActivityTypes.Event, name: 'continue' })), logic);
  }

  /** Runs one turn: a typed line (a number picks a suggested action) or a conversation update. */
  async receive(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let incoming = activity;
    if (activity.type === ActivityTypes.Message && typeof activity.text === 'string') {
      const picked = /^\s*(\d{1,2})\s*$/.exec(activity.text);
      const choice = picked ? this.lastChoices[Number(picked[1]) - 1] : undefined;
      if (choice !== undefined) incoming = { ...activity, text: choice };
    }
    await this.runMiddleware(new TurnContext(this, this.incoming(incoming)), logic);
  }

  private incoming(fields: Partial<Activity>): Partial<Activity> {
    return {
      id: randomUUID(),
      timestamp: new Date(),
      channelId: this.reference.channelId,
      serviceUrl: this.reference.serviceUrl,
      conversation: this.reference.conversation,
      from: this.reference.user,
      recipient: this.reference.bot,
      locale: this.reference.locale,
      ...fields,
    };
  }
}

/** Markdown to terminal text: drop bold markers, keep everything else. */
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1');
}
