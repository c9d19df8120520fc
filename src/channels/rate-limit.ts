// Per-user and per-conversation message limits (fixed one-minute windows). Over the limit, Mend
// answers with a gentle "slow down" instead of running the turn. Memory stays bounded: old
// windows are pruned, and the table never holds more than maxKeys entries.
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Voice } from '../../dialogs/voice.js';

export interface RateLimits {
  perConversationPerMinute: number;
  perUserPerMinute: number;
}

export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts one hit for key at time now; returns the count in the current window. */
  hit(key: string, now: number): number {
    const current = this.windows.get(key);
    if (current && now - current.start < this.windowMs) {
      current.count += 1;
      return current.count;
    }
    if (!current && this.windows.size >= this.maxKeys) this.prune(now);
    this.windows.set(key, { start: now, count: 1 });
    return 1;
  }

  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    // Still full (a flood of distinct keys): drop the oldest half rather than grow without bound.
    if (this.windows.size >= this.maxKeys) {
      let drop = Math.ceil(this.windows.size / 2);
      for (const key of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(key);
      }
    }
  }
}

export function rateLimitMiddleware(limits: RateLimits, voice: Voice, now: () => number = Date.now): Middleware {
  const conversations = new WindowCounter();
  const users = new WindowCounter();
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
      const { activity } = context;
      if (activity.type !== ActivityTypes.Message) return next();
      const t = now();
      const conversationHits = conversations.hit(`${activity.channelId}|${activity.conversation?.id ?? ''}`, t);
      const userHits = users.hit(`${activity.channelId}|${activity.from?.id ?? ''}`, t);
      if (conversationHits > limits.perConversationPerMinute || userHits > limits.perUserPerMinute) {
        // Tell them once per window, then stay quiet so a flood gets no flood back.
        const over = Math.max(conversationHits - limits.perConversationPerMinute, userHits - limits.perUserPerMinute);
        if (over === 1) await context.sendActivity(voice.message(voice.text(context, 'core.slow_down')));
        return;
      }
      return next();
    },
  };
}
