// Finds apology components and pitfalls sentence by sentence with the cue patterns from content,
// honouring negation ("I'm not sorry"), disclaimers ("no excuse") and same-sentence suppression.
import { APOLOGY_KINDS } from './apology-kinds.js';
import type { ApologyFinding, ApologyKind } from './apology-kinds.js';
import type { ApologyContent, CueGroup, NegationRules } from './apology-content.js';
import { isNegated, splitClauses, tidyQuote, toSentence, toSentences } from './apology-text.js';
import type { Sentence } from './apology-text.js';

export interface CueHit {
  kind: ApologyKind;
  sentence: number;
  group: CueGroup;
}

export interface Analysis {
  sentences: Sentence[];
  hits: Map<ApologyKind, CueHit[]>;
}

/** True if the group has a match in the sentence that is not negated and not excused by an `unless`. */
export function groupMatches(sentence: Pick<Sentence, 'norm' | 'clauseStarts'>, group: CueGroup, negation: NegationRules): boolean {
  const { norm, clauseStarts } = sentence;
  if (group.unless.some((re) => re.test(norm))) return false;
  for (const re of group.patterns) {
    // a quick test first: matchAll copies the regex, and most patterns do not match at all
    re.lastIndex = 0;
    const found = re.test(norm);
    re.lastIndex = 0;
    if (!found) continue;
    for (const m of norm.matchAll(re)) {
      if (!isNegated(norm, m.index, negation, clauseStarts)) return true;
    }
  }
  return false;
}

export function analyse(text: string, content: ApologyContent): Analysis {
  const sentences = toSentences(text, content.normalise);
  const hits = new Map<ApologyKind, CueHit[]>();
  const has = (kind: ApologyKind, sentence: number): boolean => (hits.get(kind) ?? []).some((h) => h.sentence === sentence);
  const add = (hit: CueHit): void => {
    const list = hits.get(hit.kind) ?? [];
    list.push(hit);
    hits.set(hit.kind, list);
  };

  // Two passes: groups that depend on the previous sentence ("I'm sorry. But ...") need the first pass.
  for (const dependent of [false, true]) {
    for (const kind of APOLOGY_KINDS) {
      const cue = content.cues[kind];
      // a pass only has work for kinds with groups of its sort (most kinds have no sentence-dependent group)
      if (!cue.groups.some((g) => (g.afterKind !== undefined) === dependent)) continue;
      sentences.forEach((s, i) => {
        if (has(kind, i) || cue.unless.some((re) => re.test(s.norm))) return;
        const group = cue.groups.find(
          (g) =>
            (g.afterKind !== undefined) === dependent &&
            (g.afterKind === undefined || (i > 0 && has(g.afterKind, i - 1))) &&
            groupMatches(s, g, content.negation),
        );
        if (group) add({ kind, sentence: i, group });
      });
    }
  }

  for (const kind of APOLOGY_KINDS) {
    const { suppressedBy } = content.cues[kind];
    if (suppressedBy.length === 0) continue;
    const kept = (hits.get(kind) ?? []).filter((h) => !suppressedBy.some((other) => has(other, h.sentence)));
    if (kept.length > 0) hits.set(kind, kept);
    else hits.delete(kind);
  }
  return { sentences, hits };
}

/** The person's words behind a hit: the smallest clause that still matches, else the whole sentence. */
export function quoteFor(sentence: Sentence, group: CueGroup, content: ApologyContent): string {
  const clauses = splitClauses(sentence.original);
  const clause = clauses.length > 1 ? clauses.find((c) => groupMatches(toSentence(c, content.normalise), group, content.negation)) : undefined;
  return tidyQuote(clause ?? sentence.original, content.quote.maxLength);
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** The first hit of a kind as a finding, with its quote and explanation. */
export function findingFor(analysis: Analysis, kind: ApologyKind, content: ApologyContent): ApologyFinding | undefined {
  const hit = analysis.hits.get(kind)?.[0];
  const sentence = hit ? analysis.sentences[hit.sentence] : undefined;
  if (!hit || !sentence) return undefined;
  const quote = quoteFor(sentence, hit.group, content);
  const explanation = fill(hit.group.explanation ?? content.cues[kind].explanation, { quote });
  return { kind, quote, explanation };
}
