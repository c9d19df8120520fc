// The router's naive Bayes scores: natural trains the classifier and Mend scores a message's
// features sparsely (src/nlu/natural.ts). Every score must be exactly natural's own, for the real
// training examples and for every message of the routing test set.
import { describe, expect, it } from 'vitest';
import { loadRouteRows } from '../src/eval/route.js';
import { createBayesClassifier, createNaturalBayesClassifier, stem, tokenize, type BayesClassifierLike } from '../src/nlu/natural.js';
import { INTENT_ROUTES, defaultIntentsContent } from '../src/nlu/router-content.js';

/** Stems and stem bigrams, as the router builds its features (numbers included: "2" sorts first in natural's vocabulary). */
function features(text: string): string[] {
  const stems = tokenize(text).map(stem);
  return [...new Set([...stems, ...stems.slice(1).map((s, i) => `${stems[i]}_${s}`)])];
}

function trained(make: () => BayesClassifierLike, docs: [string[], string][]): BayesClassifierLike {
  const bayes = make();
  for (const [f, label] of docs) bayes.addDocument(f, label);
  bayes.train();
  return bayes;
}

const content = defaultIntentsContent();
const docs: [string[], string][] = INTENT_ROUTES.flatMap((route) => content.routes[route].examples.map((e): [string[], string] => [features(e), route]));
docs.push([['2', '10', 'week'], 'escalate'], [['1', 'fight'], 'istatement']);

describe('sparse Bayes scoring', () => {
  const ours = trained(createBayesClassifier, docs);
  const natural = trained(createNaturalBayesClassifier, docs);

  it("gives natural's scores, bit for bit, for every routing test message and training example", () => {
    const observations = [...loadRouteRows().map((r) => r.text), ...INTENT_ROUTES.flatMap((r) => content.routes[r].examples)].map(features);
    expect(observations.length).toBeGreaterThan(1000);
    for (const observation of observations) expect(ours.getClassifications(observation)).toEqual(natural.getClassifications(observation));
  });

  it('ignores unknown and repeated features as natural does, and handles numbers and an empty message', () => {
    for (const observation of [[], ['zzzunknown'], ['fight', 'fight', 'fight'], ['10', '2', 'week', 'qqq'], ['therapi', 'not_listen', 'sorri']]) {
      expect(ours.getClassifications(observation)).toEqual(natural.getClassifications(observation));
      expect(ours.classify(observation)).toBe(natural.classify(observation));
    }
  });

  it("gives natural's answer for a document added after training, until it is trained again", () => {
    const a = trained(createBayesClassifier, docs.slice(0, 40));
    const b = trained(createNaturalBayesClassifier, docs.slice(0, 40));
    for (const x of [a, b]) x.addDocument(['brandnew', 'fight'], 'apology');
    expect(a.getClassifications(['brandnew', 'fight'])).toEqual(b.getClassifications(['brandnew', 'fight']));
    a.train();
    b.train();
    expect(a.getClassifications(['brandnew', 'fight'])).toEqual(b.getClassifications(['brandnew', 'fight']));
  });
});
