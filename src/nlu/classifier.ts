// Scores a message against the four non-crisis routes: weighted keyword phrases and patterns from
// content, blended with natural's naive Bayes trained once on the content examples.
import { createBayesClassifier, type BayesClassifierLike } from './natural.js';
import { INTENT_ROUTES, type IntentRoute, type IntentsContent } from './router-content.js';
import { analyseText, buildLexicon, phraseWords, stemKey, type AnalysedText, type Lexicon, type Word } from './router-text.js';

/** Up to this many words may stand where a keyword phrase says "...". */
const MAX_GAP = 3;
/** What a route keeps when negative keywords outweigh its prior, so no score is ever zero. */
const MIN_EVIDENCE = 0.05;

interface Phrase {
  route: IntentRoute;
  /** runs of stems that must be adjacent; consecutive runs may have up to MAX_GAP words between */
  runs: string[][];
  weight: number;
  id: number;
  text: string;
}

export interface IntentScores {
  /** blended probabilities, summing to 1 */
  scores: Record<IntentRoute, number>;
  /** summed keyword and pattern weights per route (may be negative), for debugging and tests */
  keyword: Record<IntentRoute, number>;
  bayes: Record<IntentRoute, number>;
  /** the keywords and patterns that fired, as "route: phrase", to explain a routing decision */
  matched: string[];
}

export interface IntentClassifier {
  classify(text: string): IntentScores;
}

function zeroes(): Record<IntentRoute, number> {
  return { istatement: 0, apology: 0, escalate: 0, other: 0 };
}

function compilePhrases(content: IntentsContent, lexicon: Lexicon): Map<string, Phrase[]> {
  const byFirstStem = new Map<string, Phrase[]>();
  let id = 0;
  for (const route of INTENT_ROUTES) {
    for (const [text, weight] of Object.entries(content.routes[route].keywords)) {
      const runs = text
        .split('...')
        .map((part) => phraseWords(part, lexicon).map(stemKey))
        .filter((run) => run.length > 0);
      const first = runs[0]?.[0];
      if (first === undefined) continue;
      const bucket = byFirstStem.get(first) ?? [];
      // "apology", "apologize" and "apologizing" share a stem: count the strongest once, not all three.
      const key = runs.map((run) => run.join(' ')).join(' ... ');
      const twin = bucket.find((p) => p.route === route && p.runs.map((run) => run.join(' ')).join(' ... ') === key);
      if (twin) {
        twin.weight = Math.abs(weight) > Math.abs(twin.weight) ? weight : twin.weight;
        continue;
      }
      bucket.push({ route, runs, weight, id: id++, text });
      byFirstStem.set(first, bucket);
    }
  }
  // Longest first, so "i am sorry" claims its words before "sorry" can count them again.
  const size = (p: Phrase): number => p.runs.reduce((n, run) => n + run.length, 0);
  for (const bucket of byFirstStem.values()) bucket.sort((a, b) => size(b) - size(a) || a.id - b.id);
  return byFirstStem;
}

/** Where the phrase matches starting at `start` in the clause: the matched positions, or undefined. */
function matchAt(clause: readonly Word[], start: number, runs: readonly string[][]): number[] | undefined {
  const positions: number[] = [];
  let at = start;
  for (let r = 0; r < runs.length; r += 1) {
    const run = runs[r] ?? [];
    let found = -1;
    const lastStart = r === 0 ? at : Math.min(clause.length - run.length, at + MAX_GAP);
    for (let s = at; s <= lastStart; s += 1) {
      if (run.every((st, k) => clause[s + k]?.stem === st)) {
        found = s;
        break;
      }
    }
    if (found < 0) return undefined;
    for (let k = 0; k < run.length; k += 1) positions.push(found + k);
    at = found + run.length;
  }
  return positions;
}

function keywordEvidence(
  analysed: AnalysedText,
  phrases: Map<string, Phrase[]>,
  content: IntentsContent,
  matched: string[],
): Record<IntentRoute, number> {
  const evidence = zeroes();
  const counted = new Set<number>();
  const factor = content.text.negation.keywordFactor;
  analysed.clauses.forEach((clause, c) => {
    // Words already claimed by a longer phrase of the same route, as "route:clause:position".
    const claimed = new Set<string>();
    clause.forEach((word, i) => {
      for (const phrase of phrases.get(word.stem) ?? []) {
        if (counted.has(phrase.id)) continue;
        const positions = matchAt(clause, i, phrase.runs);
        if (!positions) continue;
        const keys = positions.map((p) => `${phrase.route}:${c}:${p}`);
        if (keys.every((k) => claimed.has(k))) continue;
        keys.forEach((k) => claimed.add(k));
        counted.add(phrase.id);
        const negated = positions.some((p) => clause[p]?.negated === true);
        evidence[phrase.route] += negated ? phrase.weight * factor : phrase.weight;
        matched.push(`${phrase.route}: ${negated ? 'not ' : ''}${phrase.text}`);
      }
    });
  });
  for (const route of INTENT_ROUTES) {
    for (const pattern of content.routes[route].patterns) {
      if (pattern.regex.test(analysed.patternText)) {
        evidence[route] += pattern.weight;
        matched.push(`${route}: /${pattern.source}/`);
      }
    }
  }
  return evidence;
}

/** Unigram and bigram features of the content words; negated words get their own features. */
function bayesFeatures(analysed: AnalysedText, lexicon: Lexicon): string[] {
  const features = new Set<string>();
  for (const clause of analysed.clauses) {
    const kept = clause.filter((w) => !lexicon.stopStems.has(w.stem)).map((w) => (w.negated ? `not_${w.stem}` : w.stem));
    kept.forEach((f, i) => {
      features.add(f);
      const next = kept[i + 1];
      if (next !== undefined) features.add(`${f}_${next}`);
    });
  }
  return [...features];
}

function bayesPosterior(bayes: BayesClassifierLike, features: string[], temperature: number): Record<IntentRoute, number> {
  // Only features seen in training change the likelihood; the scorer skips the rest.
  const logs = zeroes();
  for (const { label, value } of bayes.getClassifications(features)) {
    if ((INTENT_ROUTES as readonly string[]).includes(label)) logs[label as IntentRoute] = value > 0 ? Math.log(value) : -745;
  }
  // Naive Bayes is overconfident on a handful of examples; a temperature softens it before blending.
  const max = Math.max(...INTENT_ROUTES.map((r) => logs[r]));
  const out = zeroes();
  let total = 0;
  for (const r of INTENT_ROUTES) {
    out[r] = Math.exp((logs[r] - max) / temperature);
    total += out[r];
  }
  for (const r of INTENT_ROUTES) out[r] /= total;
  return out;
}

export function buildIntentClassifier(content: IntentsContent): IntentClassifier {
  const lexicon = buildLexicon(content);
  const phrases = compilePhrases(content, lexicon);
  const bayes = createBayesClassifier();
  for (const route of INTENT_ROUTES) {
    for (const example of content.routes[route].examples) {
      const features = bayesFeatures(analyseText(example, lexicon), lexicon);
      bayes.addDocument(features, route);
    }
  }
  bayes.train();
  const { bayesWeight, bayesTemperature, priors } = content.blend;

  return {
    classify(text: string): IntentScores {
      const analysed = analyseText(text, lexicon);
      const matched: string[] = [];
      const keyword = keywordEvidence(analysed, phrases, content, matched);
      const empty = analysed.clauses.length === 0;
      const bayesScores = empty ? zeroes() : bayesPosterior(bayes, bayesFeatures(analysed, lexicon), bayesTemperature);
      const weight = empty ? 0 : bayesWeight;
      let total = 0;
      const scores = zeroes();
      for (const r of INTENT_ROUTES) {
        // Negative keywords may use up a route's prior ("wife" makes "other" less likely) but no more.
        scores[r] = Math.max(MIN_EVIDENCE, keyword[r] + priors[r]) + weight * bayesScores[r];
        total += scores[r];
      }
      for (const r of INTENT_ROUTES) scores[r] /= total;
      return { scores, keyword, bayes: bayesScores, matched };
    },
  };
}

const trained = new WeakMap<IntentsContent, IntentClassifier>();

/** The classifier for this content, trained on first use and then reused. */
export function intentClassifier(content: IntentsContent): IntentClassifier {
  let classifier = trained.get(content);
  if (!classifier) {
    classifier = buildIntentClassifier(content);
    trained.set(content, classifier);
  }
  return classifier;
}
