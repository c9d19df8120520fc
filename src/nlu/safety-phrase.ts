// A small phrase language for the safety screen's cues, compiled once at content load and matched
// against normalised tokens. Matching on Porter stems makes "hit", "hits" and "hitting" one word.
//
// A phrase is steps separated by spaces:
//   kill|hurt        one word, any of the alternatives (each is stemmed, so inflections match)
//   @partner         a named word class from the content file (can be mixed: he|@partner)
//   =checks          the exact word form (when tense matters: "checks" is a habit, "checked" once)
//   /ing$/           a regular expression tested on the word
//   ?really          an optional word
//   ~ or ~N          skip up to 3 (or N) words; never across the end of a sentence
//   !at|to           the next word is not one of these (or the clause ends here)
//   !<it|that        the previous word is not one of these
import { stem } from './natural.js';

export type TokenKind = 'word' | 'comma' | 'stop';

export interface Token {
  surface: string;
  stem: string;
  kind: TokenKind;
}

interface Alternatives {
  stems: Set<string>;
  surfaces: Set<string>;
  patterns: RegExp[];
}

type Step =
  | { kind: 'word'; alts: Alternatives; optional: boolean }
  | { kind: 'gap'; max: number }
  | { kind: 'notNext'; alts: Alternatives }
  | { kind: 'notPrev'; alts: Alternatives };

export interface CompiledPhrase {
  source: string;
  steps: Step[];
  /** Index of the cue (or soften rule, …) this phrase belongs to. */
  owner: number;
}

export interface PhraseMatch {
  owner: number;
  start: number;
  /** exclusive */
  end: number;
  /** Token positions skipped by gaps: a negation there ("he has never hit me") negates the match. */
  skipped: number[];
}

export class PhraseError extends Error {}

const DEFAULT_GAP = 3;
const MAX_GAP = 12;
const WORD = /^[a-z0-9]+$/;

/** Word classes: name -> words (already expanded, so classes may refer to other classes). */
export type WordClasses = ReadonlyMap<string, readonly string[]>;

function compileAlternatives(text: string, classes: WordClasses): Alternatives {
  const alts: Alternatives = { stems: new Set(), surfaces: new Set(), patterns: [] };
  if (text === '') throw new PhraseError('empty word');
  for (const alt of text.split('|')) {
    if (alt.startsWith('@')) {
      const words = classes.get(alt.slice(1));
      if (!words) throw new PhraseError(`unknown word class "${alt}"`);
      // A class word written =like-this matches that exact form (when its stem is too common).
      for (const w of words) {
        if (w.startsWith('=')) alts.surfaces.add(w.slice(1));
        else alts.stems.add(stem(w));
      }
    } else if (alt.startsWith('=')) {
      const word = alt.slice(1);
      if (!WORD.test(word)) throw new PhraseError(`"${alt}" must be lower-case letters or digits`);
      alts.surfaces.add(word);
    } else if (alt.length > 2 && alt.startsWith('/') && alt.endsWith('/')) {
      try {
        alts.patterns.push(new RegExp(alt.slice(1, -1), 'u'));
      } catch (err) {
        throw new PhraseError(`bad pattern ${alt}: ${(err as Error).message}`);
      }
    } else {
      if (!WORD.test(alt)) throw new PhraseError(`"${alt}" must be lower-case letters or digits (use a separate step for each word)`);
      alts.stems.add(stem(alt));
    }
  }
  return alts;
}

export function compilePhrase(source: string, owner: number, classes: WordClasses): CompiledPhrase {
  const steps: Step[] = [];
  for (const part of source.trim().split(/\s+/)) {
    if (/^~\d*$/.test(part)) {
      const max = part.length === 1 ? DEFAULT_GAP : Number(part.slice(1));
      if (max < 1 || max > MAX_GAP) throw new PhraseError(`gap "${part}" must be ~1 to ~${MAX_GAP}`);
      steps.push({ kind: 'gap', max });
    } else if (part.startsWith('!<')) {
      steps.push({ kind: 'notPrev', alts: compileAlternatives(part.slice(2), classes) });
    } else if (part.startsWith('!')) {
      steps.push({ kind: 'notNext', alts: compileAlternatives(part.slice(1), classes) });
    } else if (part.startsWith('?')) {
      steps.push({ kind: 'word', alts: compileAlternatives(part.slice(1), classes), optional: true });
    } else {
      steps.push({ kind: 'word', alts: compileAlternatives(part, classes), optional: false });
    }
  }
  const first = steps.findIndex((s) => s.kind !== 'notPrev');
  const head = steps[first];
  if (!head || head.kind !== 'word' || head.optional) {
    throw new PhraseError('must start with a required word (optionally after !<…)');
  }
  const last = steps[steps.length - 1];
  if (last && last.kind === 'gap') throw new PhraseError('must not end with a gap');
  steps.forEach((step, i) => {
    // "!with|for ~1 him" reads as a list of exclusions but makes "him" required: almost always a slip.
    if (step.kind === 'notNext' && steps[i + 1]?.kind === 'gap') throw new PhraseError('a !word step must not be followed by a gap');
  });
  return { source, steps, owner };
}

function has(alts: Alternatives, token: Token): boolean {
  if (token.kind !== 'word') return false;
  if (alts.stems.has(token.stem) || alts.surfaces.has(token.surface)) return true;
  return alts.patterns.some((re) => re.test(token.surface));
}

/**
 * Failed (step, position) pairs for the current attempt. Whether the rest of a phrase matches from a
 * position does not depend on how we got there, so each pair is tried once: this bounds the work per
 * attempt by steps x window instead of the product of every gap's choices.
 */
interface Memo {
  marks: Int32Array;
  width: number;
  generation: number;
  base: number;
}

function matchFrom(tokens: readonly Token[], steps: readonly Step[], si: number, pos: number, skipped: number[], memo: Memo): number {
  if (si === steps.length) return pos;
  const key = si * memo.width + (pos - memo.base);
  if (memo.marks[key] === memo.generation) return -1;
  const end = matchStep(tokens, steps, si, pos, skipped, memo);
  if (end < 0) memo.marks[key] = memo.generation;
  return end;
}

function matchStep(tokens: readonly Token[], steps: readonly Step[], si: number, pos: number, skipped: number[], memo: Memo): number {
  const step = steps[si]!;
  switch (step.kind) {
    case 'word': {
      const token = tokens[pos];
      if (token && has(step.alts, token)) {
        const end = matchFrom(tokens, steps, si + 1, pos + 1, skipped, memo);
        if (end >= 0) return end;
      }
      return step.optional ? matchFrom(tokens, steps, si + 1, pos, skipped, memo) : -1;
    }
    case 'gap': {
      const mark = skipped.length;
      for (let k = 0; k <= step.max; k += 1) {
        if (k > 0) {
          const token = tokens[pos + k - 1];
          if (!token || token.kind === 'stop') break;
          skipped.push(pos + k - 1);
        }
        const end = matchFrom(tokens, steps, si + 1, pos + k, skipped, memo);
        if (end >= 0) return end;
      }
      skipped.length = mark;
      return -1;
    }
    case 'notNext': {
      const token = tokens[pos];
      if (token && has(step.alts, token)) return -1;
      return matchFrom(tokens, steps, si + 1, pos, skipped, memo);
    }
    case 'notPrev': {
      const token = tokens[pos - 1];
      if (token && has(step.alts, token)) return -1;
      return matchFrom(tokens, steps, si + 1, pos, skipped, memo);
    }
  }
}

/** The most words a phrase can cover: its word steps plus every gap at full stretch. */
function maxSpan(steps: readonly Step[]): number {
  return steps.reduce((n, s) => n + (s.kind === 'word' ? 1 : s.kind === 'gap' ? s.max : 0), 0);
}

/** The required word step with the fewest alternatives: if none of its words is in a message, the phrase cannot match. */
function anchorOf(phrase: CompiledPhrase): Alternatives | undefined {
  let best: Alternatives | undefined;
  let bestSize = Infinity;
  for (const step of phrase.steps) {
    if (step.kind !== 'word' || step.optional || step.alts.patterns.length > 0) continue;
    const size = step.alts.stems.size + step.alts.surfaces.size;
    if (size < bestSize) {
      best = step.alts;
      bestSize = size;
    }
  }
  return best;
}

/**
 * A set of phrases indexed by the words they can start with, so scanning a message costs a map
 * lookup per token rather than a try per phrase; and by an anchor word, so a phrase is only tried
 * when its most specific word is somewhere in the message (this keeps long or repetitive messages fast).
 */
export class PhraseSet {
  private readonly byStem = new Map<string, number[]>();
  private readonly bySurface = new Map<string, number[]>();
  private readonly anywhere: number[] = [];
  private readonly anchorByStem = new Map<string, number[]>();
  private readonly anchorBySurface = new Map<string, number[]>();
  private readonly unanchored: number[] = [];
  /** Every stem and word form a phrase can match (normalisation uses it to repair dropped g's). */
  readonly vocabulary = new Set<string>();
  private readonly memo: Memo;

  constructor(readonly phrases: readonly CompiledPhrase[]) {
    const width = Math.max(1, ...phrases.map((p) => maxSpan(p.steps) + 1));
    const steps = Math.max(1, ...phrases.map((p) => p.steps.length + 1));
    this.memo = { marks: new Int32Array(width * steps), width, generation: 0, base: 0 };
    phrases.forEach((phrase, id) => {
      for (const step of phrase.steps) {
        if (step.kind === 'word') {
          step.alts.stems.forEach((s) => this.vocabulary.add(s));
          step.alts.surfaces.forEach((s) => this.vocabulary.add(s));
        }
      }
      const head = phrase.steps.find((s) => s.kind === 'word');
      if (!head || head.kind !== 'word') return;
      for (const s of head.alts.stems) push(this.byStem, s, id);
      for (const s of head.alts.surfaces) push(this.bySurface, s, id);
      if (head.alts.patterns.length > 0) this.anywhere.push(id);
      const anchor = anchorOf(phrase);
      if (!anchor) {
        this.unanchored.push(id);
        return;
      }
      for (const s of anchor.stems) push(this.anchorByStem, s, id);
      for (const s of anchor.surfaces) push(this.anchorBySurface, s, id);
    });
  }

  /** Marks the phrases whose anchor word occurs somewhere in the message; returns how many. */
  private markViable(tokens: readonly Token[], viable: Uint8Array): number {
    let count = 0;
    const mark = (ids: readonly number[] | undefined): void => {
      if (!ids) return;
      for (const id of ids) {
        if (viable[id] === 0) {
          viable[id] = 1;
          count += 1;
        }
      }
    };
    mark(this.unanchored);
    const seen = new Set<string>();
    for (const token of tokens) {
      if (token.kind !== 'word' || seen.has(token.surface)) continue;
      seen.add(token.surface);
      mark(this.anchorByStem.get(token.stem));
      mark(this.anchorBySurface.get(token.surface));
    }
    return count;
  }

  private nextAttempt(base: number): void {
    const memo = this.memo;
    if (memo.generation === 0x7fffffff) {
      memo.marks.fill(0);
      memo.generation = 0;
    }
    memo.generation += 1;
    memo.base = base;
  }

  /** Every (phrase, start) that matches; the shortest match for each. */
  findAll(tokens: readonly Token[]): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    const viable = new Uint8Array(this.phrases.length);
    if (this.markViable(tokens, viable) === 0) return out;
    // tried[id] === i + 1 when phrase id was already tried at position i (it can be listed by stem and by form).
    const tried = new Int32Array(this.phrases.length);
    const skipped: number[] = [];
    const tryAll = (ids: readonly number[] | undefined, i: number): void => {
      if (!ids) return;
      for (const id of ids) {
        if (viable[id] === 0 || tried[id] === i + 1) continue;
        tried[id] = i + 1;
        skipped.length = 0;
        // Leading !< steps inspect the word before i, so every phrase starts matching at i.
        const phrase = this.phrases[id]!;
        this.nextAttempt(i);
        const end = matchFrom(tokens, phrase.steps, 0, i, skipped, this.memo);
        if (end > i) out.push({ owner: phrase.owner, start: i, end, skipped: [...skipped] });
      }
    };
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      if (token.kind !== 'word') continue;
      tryAll(this.byStem.get(token.stem), i);
      tryAll(this.bySurface.get(token.surface), i);
      tryAll(this.anywhere, i);
    }
    return out;
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
