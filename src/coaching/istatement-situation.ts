// Turns each clause of a blaming message into a neutral situation for the rewrite, keeping the
// person's own words: "you never help with the dishes" -> "you don't help with the dishes",
// "you don't care about me" -> "I find myself wondering whether you care about me",
// "I feel ignored lately" -> a tail ("lately") for the real feeling underneath.
import type { IStatementContent } from './istatement-content.js';
import type { IStatementFlag } from './istatement-types.js';
import { complainsIn, type Analysis, type Hit } from './istatement-detect.js';
import { clauseChars, type Clause } from './istatement-clauses.js';
import { statedFeelings } from './istatement-feelings.js';
import { baseOfPast, baseOfThirdPerson, isPast, participle } from './istatement-morph.js';
import { tokenRange } from './istatement-text.js';
import { applyRephrase, contentWords, fill, firstMatch, matchesAny, removeLeading, removePhrases, startsWithPhrase } from './istatement-words.js';

export interface Candidate {
  /** "when": part of "when ..."; "about": a topic phrase; "tail": words that follow the feeling itself */
  kind: 'when' | 'about' | 'tail';
  text: string;
  past: boolean;
  /** lower goes first when there are more clauses than fit: the partner's actions, then things, then the speaker */
  priority: number;
  /** how this situation joins the one before it ("and", or its own "while" / "when") */
  joiner: string;
  /** "help with the dishes" when the complaint was that it does not happen: a ready-made request */
  wish?: string;
}

/** How many words may come before the feeling for it to count as opening the clause ("honestly I feel ..."). */
const FEELING_AT_START = 3;

class ClauseRewriter {
  /** how situations join by default ("... and ...") */
  private readonly and: string;

  constructor(
    private readonly a: Analysis,
    private readonly content: IStatementContent,
  ) {
    this.and = content.rewrite.situationJoin.trim();
  }

  private hitsIn(clause: Clause, flags: readonly IStatementFlag[]): Hit[] {
    const { from, to } = clauseChars(this.a.doc, clause);
    return this.a.hits.filter((h) => flags.includes(h.flag) && h.start < to && h.end > from);
  }

  private tokenSet(spans: readonly { start: number; end: number }[]): Set<number> {
    const set = new Set<number>();
    for (const h of spans) {
      const { first, last } = tokenRange(this.a.doc, h.start, h.end);
      for (let k = first; k <= last; k += 1) set.add(k);
    }
    return set;
  }

  private isThirdPerson(words: readonly string[]): boolean {
    return startsWithPhrase(words, this.content.grammar.thirdPersonSubjects) > 0;
  }

  private subjectLength(words: readonly string[]): number {
    const c = this.content.clauses;
    return Math.max(...[c.themSubjects, c.thing, c.self, c.we].map((group) => startsWithPhrase(words, group)));
  }

  /** Enough left to be a situation: a content word, or at least two words ("you didn't", "there isn't any time"). */
  private enough(words: readonly string[], subjectLen: number): boolean {
    const rest = words.slice(subjectLen);
    return contentWords(rest, this.content).length > 0 || rest.length >= 2;
  }

  /** "why do you always X" -> "you X"; "why can't you X" -> "you do not X". */
  private unQuestion(words: string[]): string[] {
    const [q, aux, third] = words;
    if (!this.content.grammar.sets.whyHow.has(q ?? '')) return words;
    if (aux === undefined) return [];
    const negated = third === 'not';
    const rest = words.slice(negated ? 3 : 2);
    const subjectLen = this.subjectLength(rest);
    if (subjectLen === 0) return [];
    const subject = rest.slice(0, subjectLen);
    const tail = rest.slice(subjectLen);
    const sets = this.content.grammar.sets;
    if (sets.beAux.has(aux)) return [...subject, aux, ...(negated ? ['not'] : []), ...tail];
    if (negated) return [...subject, this.isThirdPerson(subject) ? 'does' : 'do', 'not', ...tail];
    if (sets.doAux.has(aux)) return [...subject, ...tail];
    return [];
  }

  /** never + verb with the right auxiliary: "you never call" -> "you do not call", "he never called" -> "he has not called". */
  private unNever(words: string[], thirdPerson: boolean): { words: string[]; wish?: string[] } {
    const g = this.content.grammar;
    const out: string[] = [];
    let wish: string[] | undefined;
    for (let i = 0; i < words.length; i += 1) {
      const w = words[i] ?? '';
      const next = words[i + 1];
      if (w !== 'never' || next === undefined) {
        if (w !== 'never') out.push(w);
        continue;
      }
      // "never once said", "never really listen": the verb comes after the adverbs
      let v = i + 1;
      while (g.sets.neverAdverbs.has(words[v] ?? '') && v + 1 < words.length) v += 1;
      const verbWord = words[v] ?? '';
      if (isPast(verbWord, g)) {
        out.push(thirdPerson ? 'has' : 'have', 'not', participle(verbWord, g));
      } else {
        const verb = thirdPerson ? baseOfThirdPerson(verbWord, g) : verbWord;
        out.push(thirdPerson ? 'does' : 'do', 'not', verb);
        wish = [verb, ...words.slice(v + 1)];
      }
      i = v;
    }
    return wish ? { words: out, wish } : { words: out };
  }

  /** "you should have told me" -> "you did not tell me". */
  private unShould(words: string[]): { words: string[]; wish?: string[] } {
    const i = words.findIndex((w, k) => (w === 'should' || w === 'could') && words[k + 1] === 'have' && words[k + 2] !== undefined);
    if (i < 1) return { words };
    const verb = baseOfPast(words[i + 2] ?? '', this.content.grammar);
    const tail = words.slice(i + 3);
    return { words: [...words.slice(0, i), 'did', 'not', verb, ...tail], wish: [verb, ...tail] };
  }

  private swapAbsolutes(words: readonly string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < words.length) {
      const swap = this.content.grammar.absoluteSwaps.find((s) => s.from.every((w, k) => words[i + k] === w));
      if (swap) {
        out.push(...swap.to);
        i += swap.from.length;
      } else {
        out.push(words[i] ?? '');
        i += 1;
      }
    }
    return out;
  }

  private tidyWords(words: readonly string[]): string[] {
    return this.swapAbsolutes(removePhrases(words, this.content.grammar.fillers));
  }

  /** "oh and you ..." -> "you ...": interjections only ever go at the front. */
  private dropLeadingDiscourse(words: string[]): string[] {
    const discourse = this.content.normalise.discourse.filter((p) => p[0] !== 'you');
    let out = words;
    for (let n = startsWithPhrase(out, discourse); n > 0 && out.length > n; n = startsWithPhrase(out, discourse)) out = out.slice(n);
    return out;
  }

  /**
   * A clause that opens with the speaker's feeling ("I feel ignored lately", "I'm so angry at you
   * for lying"): null when it does not, undefined when nothing follows the feeling, else the tail.
   */
  private feelingTail(clause: Clause): Candidate | undefined | null {
    const { doc } = this.a;
    const { from, to } = clauseChars(doc, clause);
    const spans = [...statedFeelings(doc, this.content).spans, ...this.hitsIn(clause, ['faux_feeling'])].filter((s) => s.start >= from && s.start < to);
    const lead = spans.find((s) => tokenRange(doc, s.start, s.start + 1).first <= clause.subjectStart + FEELING_AT_START);
    if (!lead) return null;
    const last = Math.max(...spans.filter((s) => s.start < lead.end + 1).map((s) => tokenRange(doc, s.start, s.end).last));
    const drop = this.tokenSet(this.hitsIn(clause, ['profanity', 'label', 'sarcasm']));
    let words: string[] = [];
    for (let k = last + 1; k < clause.end; k += 1) {
      const t = doc.tokens[k];
      if (t && !t.punct && !drop.has(k)) words.push(t.norm);
    }
    words = this.tidyWords(words);
    const g = this.content.grammar;
    // "ignored by you" names the other person as the agent of the judgement: leave it out;
    // "judged by your mom" -> "around your mom"
    const swap = g.agentSwap[words[0] ?? ''];
    if (swap !== undefined && g.sets.agentPronouns.has(words[1] ?? '')) words = words.slice(2);
    else if (swap !== undefined) words = [swap, ...words.slice(1)];
    if (contentWords(words, this.content).length === 0) return undefined;
    return { kind: 'tail', text: words.join(' '), past: false, priority: 4, joiner: this.and };
  }

  /**
   * Sarcastic thanks or praise wrapped around a complaint: keep the complaint, drop the wrapper. Only
   * when the rest complains by itself: in "thanks for finally calling me back" the complaint is the
   * delay, and "you were calling me back" would say the opposite, so that clause is dropped.
   */
  private unwrapSarcasm(clause: Clause, words: string[]): string[] | undefined {
    const c = this.content;
    const text = words.join(' ');
    // "Love that | you forgot our anniversary": this clause is the complaint the praise wrapped
    if (!c.clauses.appreciation.some((re) => firstMatch(re, text)?.index === 0)) return complainsIn(text, c) ? words : undefined;
    for (const re of c.clauses.appreciation) {
      for (const m of text.matchAll(re)) {
        if (m.index !== 0) continue;
        const rest = removeLeading(text.slice(m[0].length).trim().split(' ').filter(Boolean), [...c.grammar.sets.sarcasmLead]);
        if (contentWords(rest, c).length === 0 || !complainsIn(rest.join(' '), c)) return undefined;
        // "thanks for ignoring me all evening" -> "you were ignoring me all evening"
        if (/ing$/.test(rest[0] ?? '') && clause.subject !== 'them') return [...c.grammar.progressive.split(' '), ...rest];
        return rest;
      }
    }
    return undefined;
  }

  /**
   * "you make me do everything" -> "I have to do so much"; "you made me late" -> "I was late";
   * "you made me look like an idiot" -> "I looked like an idiot".
   */
  private madeMe(words: readonly string[]): Candidate | undefined {
    const c = this.content;
    const at = words.indexOf('me');
    const rest = words.slice(at + 1).filter((w) => !c.grammar.sets.intensifiers.has(w));
    const first = rest[0];
    if (first === undefined || first === 'feel' || c.index.realFeeling.has(first) || !this.enough(rest, 0)) return undefined;
    const made = words[at - 1] === 'made';
    const tail = this.tidyWords(rest).join(' ');
    const seemed = c.grammar.perceptionVerbs[first];
    if (seemed !== undefined) {
      const text = fill(c.rewrite.madeMeSeem, { verb: made ? seemed : first, rest: this.tidyWords(rest.slice(1)).join(' ') });
      return { kind: 'when', text, past: made, priority: 1, joiner: this.and };
    }
    const template = made ? (c.grammar.stateAdjectives.has(first) ? c.rewrite.madeMeState : c.rewrite.makeMePast) : c.rewrite.makeMePresent;
    return { kind: 'when', text: fill(template, { rest: tail }), past: made, priority: 1, joiner: this.and };
  }

  /** An "about ..." topic made of the person's words, if they carry any content. */
  private about(words: readonly string[]): Candidate | undefined {
    if (contentWords(words, this.content).length === 0) return undefined;
    return { kind: 'about', text: this.tidyWords(words).join(' '), past: false, priority: 3, joiner: this.and };
  }

  /** What is left without a subject: "about the car", "with your constant complaining", or a gerund. */
  private subjectless(words: readonly string[]): Candidate | undefined {
    const c = this.content;
    if (c.grammar.sets.aboutPrepositions.has(words[0] ?? '')) return this.about(words.slice(1));
    if (/^\p{L}+ing$/u.test(words[0] ?? '') && !c.grammar.stopwords.has(words[0] ?? '')) {
      const stop = words.findIndex((w, i) => i > 0 && c.grammar.gerundStops.has(w));
      const phrase = words.slice(0, stop < 0 ? undefined : stop);
      if (contentWords(phrase, c).length > 0) return { kind: 'when', text: fill(c.rewrite.gerund, { phrase: phrase.join(' ') }), past: false, priority: 3, joiner: this.and };
    }
    return undefined;
  }

  /** The words of a clause with flagged words dropped (profanity swapped for a plain word where one fits). */
  private clauseWords(clause: Clause, start: number): { words: string[]; labelled: boolean } {
    const { doc } = this.a;
    const g = this.content.grammar;
    const profane = this.tokenSet(this.hitsIn(clause, ['profanity']));
    const drop = this.tokenSet(this.hitsIn(clause, ['faux_feeling']));
    const labels = this.tokenSet(this.hitsIn(clause, ['label']));
    const words: string[] = [];
    let labelled = false;
    for (let k = start; k < clause.end; k += 1) {
      const t = doc.tokens[k];
      if (!t || t.punct || drop.has(k)) continue;
      if (labels.has(k)) {
        labelled = true;
        continue;
      }
      if (profane.has(k)) {
        // "give a damn" -> "care"; "there's crap everywhere" -> "there's stuff everywhere"
        const idiom = Object.entries(g.profaneIdioms).find(([before]) => words.slice(-before.split(' ').length).join(' ') === before);
        if (idiom) {
          const n = idiom[0].split(' ').length;
          words.splice(words.length - n, n, idiom[1]);
        } else if (g.profanitySwaps[t.norm]) words.push(g.profanitySwaps[t.norm] ?? '');
        continue;
      }
      words.push(t.norm);
    }
    return { words, labelled };
  }

  /**
   * The clause's words ready to transform: flagged words out, sarcasm unwrapped, "I feel like" and
   * blame phrases removed, questions turned into statements. Undefined when nothing is left.
   */
  private preparedWords(clause: Clause): string[] | undefined {
    const { doc } = this.a;
    const c = this.content;
    let start = clause.start;
    const ifeel = this.hitsIn(clause, ['i_feel_that'])[0];
    const mindHit = this.hitsIn(clause, ['mind_reading'])[0];
    if (ifeel) {
      // keep the clause that follows "I feel like/that"
      const { first, last } = tokenRange(doc, ifeel.start, ifeel.end);
      const opener = doc.tokens.slice(first, last + 1).map((t) => t.norm);
      const cut = Math.max(...[...c.grammar.sets.feelOpeners].map((w) => opener.lastIndexOf(w)));
      if (cut >= 0) start = first + cut + 1;
    }
    // "I know you hate my family": the guess starts at its own subject
    if (mindHit) start = Math.max(start, tokenRange(doc, mindHit.start, mindHit.end).first);

    let { words, labelled } = this.clauseWords(clause, start);
    if (this.hitsIn(clause, ['sarcasm']).length > 0) {
      const unwrapped = this.unwrapSarcasm(clause, this.dropLeadingDiscourse(words));
      if (!unwrapped) return undefined;
      words = unwrapped;
    }
    // "you are a slob who leaves dishes everywhere" -> "you leave dishes everywhere"
    if (labelled && c.grammar.sets.relativePronouns.has(words[0] ?? '')) {
      const subject = doc.tokens.slice(clause.subjectStart, clause.subjectEnd).map((t) => t.norm);
      const verb = words[1] ?? '';
      words = subject.length > 0 ? [...subject, this.isThirdPerson(subject) ? verb : baseOfThirdPerson(verb, c.grammar), ...words.slice(2)] : [];
    }
    let text = words.join(' ');
    for (const re of c.grammar.blameRemovals) text = text.replace(re, ' ');
    words = this.unQuestion(this.dropLeadingDiscourse(text.split(' ').filter(Boolean)));
    return words.length > 0 ? words : undefined;
  }

  situation(clause: Clause): Candidate | undefined {
    const { doc } = this.a;
    const c = this.content;
    if (clause.request || this.hitsIn(clause, ['threat']).length > 0) return undefined;
    const { from, to } = clauseChars(doc, clause);
    if (clause.subject === 'self' && matchesAny(c.cues.need, doc.text.slice(from, to))) return undefined;
    const tail = this.feelingTail(clause);
    if (tail !== null) return tail;

    const words = this.preparedWords(clause);
    if (!words) return undefined;
    const plain = words.join(' ');
    const dislike = firstMatch(c.grammar.selfDislike, plain);
    if (dislike?.index === 0) return this.about(plain.slice(dislike[0].length).split(' '));
    if (c.grammar.selfSkip.some((re) => matchesAny(re, plain))) return undefined;
    if (c.grammar.evaluative.some((re) => matchesAny(re, this.tidyWords(words).join(' ')))) return undefined;

    let subjectLen = this.subjectLength(words);
    if (subjectLen === 0) return this.subjectless(words);
    // a bare noun phrase ("your excuses") is a topic, not a situation
    if (c.grammar.sets.determiners.has(words[0] ?? '') && words.length < 3) return this.about(words);
    const past = this.isPastClause(words, subjectLen);
    const mind = this.hitsIn(clause, ['mind_reading']).length > 0;
    const them = startsWithPhrase(words, c.clauses.themSubjects) > 0;
    const joiner = (clause.subordinate ? c.grammar.joiners[clause.connector ?? ''] : undefined) ?? this.and;

    if (matchesAny(c.cues.meMakeMe, plain) && !mind) return this.madeMe(words);

    let joined = applyRephrase(plain, c.grammar.keepRephrase, past);
    if (mind) joined = applyRephrase(joined, c.grammar.mindRephrase);
    joined = applyRephrase(joined, c.grammar.rephrase);
    // after rephrasing, so "you need to stop spending" has become "you are spending"
    if (c.grammar.wishes.some((re) => matchesAny(re, joined))) return undefined;
    let w = removePhrases(joined.split(' '), c.grammar.fillers);
    const should = this.unShould(w);
    const never = this.unNever(should.words, this.isThirdPerson(should.words));
    w = this.swapAbsolutes(never.words);
    subjectLen = this.subjectLength(w);
    if (subjectLen === 0 || !this.enough(w, subjectLen)) return undefined;
    // "this stuff" is not a situation: a thing needs something said about it
    if (startsWithPhrase(w, c.clauses.thing) > 0 && w.length - subjectLen < 2) return undefined;
    const body = w.join(' ');
    const priority = them ? 0 : startsWithPhrase(w, c.clauses.self) > 0 ? 2 : 1;
    // the wondering happens now, whatever tense the guess was in
    if (mind) return { kind: 'when', text: fill(c.rewrite.wonder, { clause: body }), past: false, priority, joiner };
    const wishWords = never.wish ?? should.wish;
    const wish = wishWords && them ? this.tidyWords(wishWords).join(' ') : undefined;
    return wish ? { kind: 'when', text: body, past, priority, joiner, wish } : { kind: 'when', text: body, past, priority, joiner };
  }

  private isPastClause(words: readonly string[], subjectLen: number): boolean {
    return isPastWords(words, subjectLen, this.content);
  }
}

/** Past tense when a past-time marker appears or the first verb after the subject is a past form. */
export function isPastWords(words: readonly string[], subjectLen: number, content: IStatementContent): boolean {
  const g = content.grammar;
  const padded = ` ${words.join(' ')} `;
  if (g.pastMarkers.some((p) => padded.includes(` ${p.join(' ')} `))) return true;
  const verb = words.slice(subjectLen).find((w) => !g.sets.verbSkip.has(w));
  return verb !== undefined && isPast(verb, g);
}

/** One candidate per clause that yields a situation, in the person's order, without repeats. */
export function situationsOf(a: Analysis, content: IStatementContent): Candidate[] {
  const rewriter = new ClauseRewriter(a, content);
  const out: Candidate[] = [];
  for (const clause of a.clauses) {
    const s = rewriter.situation(clause);
    if (s && !out.some((x) => x.text === s.text)) out.push(s);
  }
  return out;
}
