// Remembers the last few analyses per content, keyed by text. A turn often checks the same message
// more than once (to decide which step it belongs to, then to give feedback), and the checkers cost
// milliseconds each; the results are treated as read-only by every caller.
export class RecentResults<R> {
  private readonly byContent = new WeakMap<object, Map<string, R>>();

  constructor(private readonly size = 256) {}

  get(content: object, text: string, compute: () => R): R {
    let recent = this.byContent.get(content);
    if (!recent) {
      recent = new Map();
      this.byContent.set(content, recent);
    }
    const hit = recent.get(text);
    if (hit !== undefined) {
      // Move to the back: the map's order is least recently used first.
      recent.delete(text);
      recent.set(text, hit);
      return hit;
    }
    const result = compute();
    recent.set(text, result);
    if (recent.size > this.size) recent.delete(recent.keys().next().value as string);
    return result;
  }
}
