// Reads amounts out of typed answers: how long ("about 2 years", "since last summer") in months,
// and how often ("twice a week", "every few days") in times per month. Vocabulary comes from content.
import type { QuantityContent } from './triage-content.js';

export interface Amount {
  kind: 'duration' | 'rate';
  /** months for a duration, times per month for a rate */
  value: number;
  negated: boolean;
}

/** Words and numbers of one clause, keeping decimals ("1.5") and splitting "2yrs" into "2", "yrs". */
export function quantityTokens(clause: string): string[] {
  return clause.toLowerCase().match(/\d+(?:[.,]\d+)?|\p{L}+/gu) ?? [];
}

interface NumberRead {
  value: number;
  end: number;
  times: boolean;
}

function phraseAt(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  return phrase.length > 0 && phrase.every((w, k) => tokens[at + k] === w);
}

/** A multi-word entry from `phrases` that ends just before `at`, returning where it starts. */
function phraseEndingAt(tokens: readonly string[], at: number, phrases: readonly string[][]): number | undefined {
  for (const p of phrases) {
    const start = at - p.length;
    if (start >= 0 && phraseAt(tokens, start, p)) return start;
  }
  return undefined;
}

export class QuantityReader {
  private readonly monthDays: number;
  private readonly numbers: Map<string, number>;
  private readonly times: Set<string>;
  private readonly markers: Set<string>;
  private readonly connectors: Set<string>;
  private readonly every: Set<string>;
  private readonly other: Set<string>;
  private readonly units: Map<string, number>;
  private readonly more: string[][];
  private readonly less: string[][];
  private readonly since: { words: string[]; months: number }[];

  constructor(
    private readonly content: QuantityContent,
    private readonly negators: ReadonlySet<string>,
  ) {
    const split = (s: string): string[] => s.toLowerCase().split(/\s+/).filter(Boolean);
    // A month is whatever content says a month is; every other unit is converted through it.
    const month = content.units['month'];
    if (month === undefined) throw new Error('triage quantities need a "month" unit');
    this.monthDays = month;
    this.numbers = new Map(Object.entries(content.numbers));
    this.times = new Set(content.timesWords);
    this.markers = new Set(content.timesMarkers);
    this.connectors = new Set(content.rateConnectors);
    this.every = new Set(content.everyWords);
    this.other = new Set(content.otherWords);
    this.units = new Map(Object.entries(content.units));
    // Longest first, so "more than" is tried before a one-word entry that ends the same way.
    const byLength = (a: string[], b: string[]): number => b.length - a.length;
    this.more = content.moreThan.words.map(split).sort(byLength);
    this.less = content.lessThan.words.map(split).sort(byLength);
    this.since = Object.entries(content.since)
      .map(([k, months]) => ({ words: split(k), months }))
      .sort((a, b) => b.words.length - a.words.length);
  }

  /** Every amount in one clause's tokens. */
  read(tokens: readonly string[]): Amount[] {
    const out: Amount[] = [];
    let i = 0;
    while (i < tokens.length) {
      const consumed = this.sinceAt(tokens, i, out) ?? this.everyAt(tokens, i, out) ?? this.numberLedAt(tokens, i, out);
      i = consumed ?? i + 1;
    }
    return out;
  }

  private sinceAt(tokens: readonly string[], i: number, out: Amount[]): number | undefined {
    for (const s of this.since) {
      if (phraseAt(tokens, i, s.words)) {
        out.push({ kind: 'duration', value: s.months, negated: this.negatedBefore(tokens, i) });
        return i + s.words.length;
      }
    }
    return undefined;
  }

  /** "every day", "every other week", "every few months", "each 2 weeks". */
  private everyAt(tokens: readonly string[], i: number, out: Amount[]): number | undefined {
    if (!this.every.has(tokens[i] ?? '')) return undefined;
    let j = i + 1;
    let interval = 1;
    if (this.other.has(tokens[j] ?? '')) {
      interval = 2;
      j += 1;
    }
    const n = this.readNumber(tokens, j, false);
    if (n) {
      interval *= n.value;
      j = n.end;
    }
    const unitDays = this.units.get(tokens[j] ?? '');
    if (unitDays === undefined || interval <= 0) return undefined;
    out.push({ kind: 'rate', value: this.monthDays / (interval * unitDays), negated: this.negatedBefore(tokens, i) });
    return j + 1;
  }

  /** "2 years", "a year and a half", "twice a week", "3x per month", "a few times a year". */
  private numberLedAt(tokens: readonly string[], i: number, out: Amount[]): number | undefined {
    const n = this.readNumber(tokens, i, true);
    if (!n) return undefined;
    let j = n.end;
    let rate = n.times;
    if (this.markers.has(tokens[j] ?? '')) {
      rate = true;
      j += 1;
    }
    for (let k = 0; k < 2 && this.connectors.has(tokens[j] ?? ''); k += 1) {
      // "2 a week" is a rate; "a week" alone (the number itself was "a") is a duration.
      rate = true;
      j += 1;
    }
    const unitDays = this.units.get(tokens[j] ?? '');
    if (unitDays === undefined) return undefined;
    let value: number;
    if (rate) {
      value = (n.value * this.monthDays) / unitDays;
    } else {
      let units = n.value;
      if (tokens[j + 1] === 'and' && tokens[j + 2] === 'a' && tokens[j + 3] === 'half') {
        units += 0.5;
        j += 3;
      }
      value = (units * unitDays) / this.monthDays;
    }
    const { factor, start } = this.modifierBefore(tokens, i);
    out.push({ kind: rate ? 'rate' : 'duration', value: value * factor, negated: this.negatedBefore(tokens, start) });
    return j + 1;
  }

  private readNumber(tokens: readonly string[], i: number, allowArticle: boolean): NumberRead | undefined {
    const t = tokens[i];
    if (t === undefined) return undefined;
    let value: number | undefined;
    let end = i + 1;
    if (/^\d/.test(t)) {
      value = Number.parseFloat(t.replace(',', '.'));
    } else if (t === 'half' && (tokens[i + 1] === 'a' || tokens[i + 1] === 'an')) {
      value = this.numbers.get('half') ?? 0.5;
      end = i + 2;
    } else if (t === 'a' || t === 'an') {
      // "a couple of", "a few": the article belongs to the number word that follows.
      const next = this.numbers.get(tokens[i + 1] ?? '');
      if (next !== undefined && tokens[i + 1] !== 'a' && tokens[i + 1] !== 'an' && tokens[i + 1] !== 'half') {
        value = next;
        end = i + 2;
      } else if (allowArticle) {
        value = this.numbers.get(t);
      }
    } else {
      value = this.numbers.get(t);
    }
    if (value === undefined || !Number.isFinite(value)) return undefined;
    if (tokens[end] === 'of') end += 1;
    if (tokens[end] === 'and' && tokens[end + 1] === 'a' && tokens[end + 2] === 'half' && this.units.has(tokens[end + 3] ?? '')) {
      value += 0.5;
      end += 3;
    }
    return { value, end, times: this.times.has(t) };
  }

  /** "over", "less than", "almost" just before the number scale it; returns where the modifier starts. */
  private modifierBefore(tokens: readonly string[], i: number): { factor: number; start: number } {
    const more = phraseEndingAt(tokens, i, this.more);
    if (more !== undefined) return { factor: this.content.moreThan.factor, start: more };
    const less = phraseEndingAt(tokens, i, this.less);
    if (less !== undefined) return { factor: this.content.lessThan.factor, start: less };
    return { factor: 1, start: i };
  }

  /** Amounts are negated only by a word right before them ("not every day"), not by one far back. */
  private negatedBefore(tokens: readonly string[], start: number): boolean {
    for (let k = Math.max(0, start - 2); k < start; k += 1) if (this.negators.has(tokens[k] ?? '')) return true;
    return false;
  }
}
