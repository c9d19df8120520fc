// Picks the flow for a free-text message: the safety screen first (crisis always wins), then the
// intent classifier; below the content's threshold the bot asks which flow instead of guessing.
import { intentClassifier } from './classifier.js';
import {
  defaultIntentsContent as readDefaultContent,
  parseIntentsContent as parseContent,
  type FlowRoute,
  type IntentRoute,
  type IntentsContent,
} from './router-content.js';
import { screenMessage } from './safety.js';

export type { FlowRoute, IntentRoute, IntentsContent } from './router-content.js';

export type Route = 'istatement' | 'apology' | 'escalate' | 'crisis' | 'other';

export interface RouteResult {
  route: Route;
  /** 0..1, rounded to 3 decimals */
  confidence: number;
  /** confidence >= the content threshold; when false the bot asks clarifyingQuestion() */
  confident: boolean;
  /** the safety screen was unsure ('check'): ask whether the person is safe before anything else */
  safetyCheck: boolean;
  /** blended classifier scores (sum ~1), also computed for crisis so a flow can resume afterwards */
  scores: Record<Exclude<Route, 'crisis'>, number>;
}

export type SafetyScreen = (text: string) => { level: 'none' | 'check' | 'crisis' };

export interface RouteOptions {
  screen?: SafetyScreen;
  content?: IntentsContent;
}

/** Validates intents content and trains its classifier now, so the first message pays nothing extra. */
export function parseIntentsContent(raw: unknown, file?: string): IntentsContent {
  const content = parseContent(raw, file);
  intentClassifier(content);
  return content;
}

/** content/intents.json, validated and trained once per process. */
export function defaultIntentsContent(): IntentsContent {
  const content = readDefaultContent();
  intentClassifier(content);
  return content;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Safety level 'crisis' -> route 'crisis', confidence 1. Level 'check' (e.g. "I wish I could disappear")
 * -> route 'crisis' with safetyCheck set and content.safetyCheckConfidence (never below the threshold,
 * so the bot asks its safety question, not the flow buttons). Otherwise the best-scoring intent route.
 */
export function routeMessage(text: string, options: RouteOptions = {}): RouteResult {
  const content = options.content ?? defaultIntentsContent();
  const screen = options.screen ?? screenMessage;
  const { scores: raw } = intentClassifier(content).classify(text);
  const scores = {
    istatement: round3(raw.istatement),
    apology: round3(raw.apology),
    escalate: round3(raw.escalate),
    other: round3(raw.other),
  };

  const { level } = screen(text);
  if (level === 'crisis') return { route: 'crisis', confidence: 1, confident: true, safetyCheck: false, scores };
  if (level === 'check') {
    const confidence = round3(content.safetyCheckConfidence);
    return { route: 'crisis', confidence, confident: confidence >= content.threshold, safetyCheck: true, scores };
  }

  // Ties go to the earlier route in this order, so the same text always gets the same answer.
  const order: IntentRoute[] = ['istatement', 'apology', 'escalate', 'other'];
  let best: IntentRoute = 'other';
  let bestScore = -1;
  for (const route of order) {
    if (raw[route] > bestScore) {
      best = route;
      bestScore = raw[route];
    }
  }
  const confidence = round3(bestScore);
  return { route: best, confidence, confident: confidence >= content.threshold, safetyCheck: false, scores };
}

/** The question asked when the router is unsure, with one button per coaching flow. */
export function clarifyingQuestion(content: IntentsContent = defaultIntentsContent()): {
  text: string;
  buttons: { route: FlowRoute; label: string }[];
} {
  return { text: content.clarify.text, buttons: content.clarify.buttons.map((b) => ({ ...b })) };
}
