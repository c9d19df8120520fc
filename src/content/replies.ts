// Everything Mend says lives in content/replies/*.json, chosen by key ("<file>.<key>"), with
// variations (so Mend does not repeat itself word for word) and {placeholders}.
import { basename } from 'node:path';
import { ContentError, listContentJson, readContentJson, CONTENT_DIR } from './files.js';
import { obj, str } from './check.js';

export type ReplyVars = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9_]*)\}/g;

export class Replies {
  private constructor(private readonly table: ReadonlyMap<string, readonly string[]>) {}

  static load(dir: string = CONTENT_DIR): Replies {
    const table = new Map<string, string[]>();
    for (const file of listContentJson('replies', dir)) {
      const namespace = basename(file, '.json');
      const raw = obj(file, '', readContentJson(file, dir));
      for (const [key, value] of Object.entries(raw)) {
        if (key.startsWith('$')) continue; // "$comment" and friends are notes for editors
        const variants = Array.isArray(value) ? value : [value];
        if (variants.length === 0) throw new ContentError(file, key, 'needs at least one wording');
        table.set(
          `${namespace}.${key}`,
          variants.map((v, i) => str(file, Array.isArray(value) ? `${key}[${i}]` : key, v)),
        );
      }
    }
    return new Replies(table);
  }

  static fromTable(entries: Record<string, string | string[]>): Replies {
    return new Replies(new Map(Object.entries(entries).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])));
  }

  has(key: string): boolean {
    return this.table.has(key);
  }

  variants(key: string): readonly string[] {
    const found = this.table.get(key);
    if (!found) throw new Error(`No reply "${key}" in content/replies`);
    return found;
  }

  /** The wording for key, variation chosen by `variant` (any integer), placeholders filled. */
  text(key: string, vars: ReplyVars = {}, variant = 0): string {
    const options = this.variants(key);
    const template = options[Math.abs(Math.trunc(variant)) % options.length] ?? options[0]!;
    return template.replace(PLACEHOLDER, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`Reply "${key}" needs a value for {${name}}`);
      return String(value);
    });
  }

  /** Start-up cross-check: every key the code uses exists, with the placeholders the code fills. */
  requireKeys(required: Readonly<Record<string, readonly string[]>>): void {
    const problems: string[] = [];
    for (const [key, placeholders] of Object.entries(required)) {
      const options = this.table.get(key);
      if (!options) {
        problems.push(`missing reply "${key}"`);
        continue;
      }
      options.forEach((template, i) => {
        for (const [, name] of template.matchAll(PLACEHOLDER)) {
          if (!placeholders.includes(name!)) problems.push(`reply "${key}" variation ${i + 1} uses {${name}}, which the code never fills`);
        }
      });
    }
    if (problems.length > 0) throw new ContentError('replies/', '', problems.join('; '));
  }
}
