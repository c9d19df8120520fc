// The one place Mend touches the `natural` library. Importing natural's index pulls in dotenv,
// database clients and ~55 MB of RSS; the deep modules below load in ~30 ms, so we import those.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Stemmer {
  stem(token: string): string;
}
interface Tokenizer {
  tokenize(text: string): string[];
}
interface NGramsModule {
  ngrams(sequence: string[] | string, n: number): string[][];
  bigrams(sequence: string[] | string): string[][];
}
type LevenshteinFn = (source: string, target: string, options?: Record<string, unknown>) => number;
interface LevenshteinModule {
  LevenshteinDistance: LevenshteinFn;
  DamerauLevenshteinDistance: LevenshteinFn;
}
type JaroWinklerFn = (s1: string, s2: string, options?: { ignoreCase?: boolean }) => number;

export interface BayesClassifierLike {
  addDocument(text: string | string[], label: string): void;
  train(): void;
  getClassifications(observation: string | string[]): { label: string; value: number }[];
  classify(observation: string | string[]): string;
}
type BayesCtor = new (stemmer?: Stemmer, smoothing?: number) => BayesClassifierLike;

const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer;
const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as { WordTokenizer: new () => Tokenizer };
const ngramsModule = require('natural/lib/natural/ngrams/ngrams.js') as NGramsModule;
// The module exports an object of functions, not a function.
const { LevenshteinDistance: levenshtein, DamerauLevenshteinDistance: damerau } = require('natural/lib/natural/distance/levenshtein_distance.js') as LevenshteinModule;
const jaroWinkler = require('natural/lib/natural/distance/jaro-winkler_distance.js') as JaroWinklerFn;
const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier.js') as BayesCtor;

const wordTokenizer = new WordTokenizer();

/** Stems already worked out: content and messages repeat the same words all the time. */
const stems = new Map<string, string>();
/** Past this many words the memo starts over, so odd input cannot grow it without bound. */
const STEMS_KEPT = 20_000;

/** Porter stem of one lower-case token ("apologising" -> "apologis"). */
export function stem(token: string): string {
  let stemmed = stems.get(token);
  if (stemmed === undefined) {
    stemmed = porter.stem(token);
    if (stems.size >= STEMS_KEPT) stems.clear();
    stems.set(token, stemmed);
  }
  return stemmed;
}

/** Word tokens, lower-cased, apostrophes folded so "don't" and "dont" tokenise alike. */
export function tokenize(text: string): string[] {
  const folded = text.toLowerCase().replace(/[\u2018\u2019\u02bc`']/g, '');
  return wordTokenizer.tokenize(folded);
}

export function ngrams(tokens: string[], n: number): string[][] {
  return ngramsModule.ngrams(tokens, n);
}

export function editDistance(a: string, b: string): number {
  return levenshtein(a, b);
}

/** Edit distance counting a swap of two neighbouring letters as one edit ("suicdie" -> "suicide" is 1). */
export function typoDistance(a: string, b: string): number {
  return damerau(a, b, { restricted: true });
}

export function similarity(a: string, b: string): number {
  return jaroWinkler(a, b, { ignoreCase: true });
}

/** The parts of natural's BayesClassifier (and the apparatus classifier inside it) scored here. */
interface NaturalBayesInternals {
  features: Record<string, unknown>;
  classifier: {
    classFeatures: Record<string, Record<number, number>>;
    classTotals: Record<string, number>;
    totalExamples: number;
    smoothing: number;
  };
}

/**
 * A naive Bayes text classifier from natural, stemming with Porter. natural trains it; scoring a
 * list of features is done here, sparsely, with natural's numbers. natural's getClassifications
 * first turns the features into a dense 0/1 vector over the whole training vocabulary (one
 * indexOf per vocabulary entry) and then walks that vector once per label: on every message, a
 * few thousand steps and an array to collect as garbage, for the handful of words present.
 * The sum visits the same feature indices in the same order (highest first), so the numbers are
 * the same to the last bit (tests/natural-bayes.test.ts compares them with natural's own).
 */
export function createBayesClassifier(smoothing = 1): BayesClassifierLike {
  const bayes = new BayesClassifier(porter, smoothing);
  const internals = bayes as unknown as NaturalBayesInternals;
  const naturalClassifications = bayes.getClassifications.bind(bayes);
  /** Each feature's position in natural's dense vector (its `for...in` order), set by train(). */
  let index: Map<string, number> | undefined;
  const train = bayes.train.bind(bayes);
  const addDocument = bayes.addDocument.bind(bayes);
  return {
    addDocument(text, label) {
      index = undefined;
      addDocument(text, label);
    },
    train() {
      train();
      index = new Map();
      let i = 0;
      for (const feature in internals.features) index.set(feature, i++);
    },
    getClassifications(observation) {
      if (typeof observation === 'string' || index === undefined) return naturalClassifications(observation);
      const present = [...new Set(observation)].map((f) => index!.get(f)).filter((i): i is number => i !== undefined);
      present.sort((a, b) => b - a);
      const { classFeatures, classTotals, totalExamples, smoothing: floor } = internals.classifier;
      const out: { label: string; value: number }[] = [];
      for (const label in classFeatures) {
        const counts = classFeatures[label]!;
        const total = classTotals[label]!;
        let logSum = 0;
        for (const i of present) logSum += Math.log((counts[i] || floor) / total);
        out.push({ label, value: (total / totalExamples) * Math.exp(logSum) });
      }
      return out.sort((x, y) => y.value - x.value);
    },
    classify(observation) {
      return this.getClassifications(observation)[0]?.label ?? '';
    },
  };
}

/** natural's own classifier, unchanged: the reference the sparse scorer is tested against. */
export function createNaturalBayesClassifier(smoothing = 1): BayesClassifierLike {
  return new BayesClassifier(porter, smoothing);
}
