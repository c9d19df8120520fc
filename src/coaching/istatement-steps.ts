// Checks for the step-by-step builder: is the behaviour something a camera could record (not a trait,
// an absolute or a guess at motives), and is the request doable and free to decline?
import type { IStatementContent } from './istatement-content.js';
import type { IStatementFlag, IStatementProblem, IStatementStepIssue, StepAnalysis } from './istatement-types.js';
import { analyseText, type Analysis } from './istatement-detect.js';
import { quoteSpan } from './istatement-text.js';
import { fill } from './istatement-words.js';

const BEHAVIOUR_FLAGS: readonly IStatementFlag[] = ['label', 'absolute', 'mind_reading', 'you_blame', 'profanity', 'sarcasm', 'threat', 'i_feel_that'];
const REQUEST_FLAGS: readonly IStatementFlag[] = ['threat', 'absolute', 'label', 'profanity', 'sarcasm', 'mind_reading'];

function flagProblems(a: Analysis, flags: readonly IStatementFlag[], wording: Record<string, string>): IStatementProblem[] {
  const out: IStatementProblem[] = [];
  for (const flag of flags) {
    const hit = a.hits.find((h) => h.flag === flag);
    const template = wording[flag];
    if (!hit || !template) continue;
    const quote = quoteSpan(a.doc, hit.start, hit.end);
    out.push({ flag, quote, explanation: fill(template, { quote }) });
  }
  return out;
}

function cueProblem(a: Analysis, issue: IStatementStepIssue, patterns: readonly RegExp[], wording: Record<string, string>): IStatementProblem | undefined {
  const template = wording[issue];
  if (!template) return undefined;
  for (const re of patterns) {
    for (const m of a.doc.text.matchAll(re)) {
      const quote = quoteSpan(a.doc, m.index, m.index + Math.max(1, m[0].length));
      return { flag: issue, quote, explanation: fill(template, { quote }) };
    }
  }
  return undefined;
}

function empty(a: Analysis, wording: Record<string, string>): StepAnalysis | undefined {
  if (a.doc.tokens.some((t) => !t.punct)) return undefined;
  return { ok: false, problems: [{ flag: 'empty', quote: '', explanation: wording['empty'] ?? '' }] };
}

/**
 * The behaviour is judged where it will stand, inside "I feel ... when <behaviour>": "you left the dishes
 * in the sink" is then an observation, while "you never help" or "your fault" is still blame.
 */
export function analyseBehaviourIn(text: string, content: IStatementContent): StepAnalysis {
  const behaviour = text.trim().replace(content.compose.trailing, '');
  const stripped = content.compose.stripBehaviour.reduce((acc, re) => acc.replace(re, ''), behaviour.toLowerCase());
  const situation = behaviour.slice(behaviour.length - stripped.length);
  const framed = situation === '' ? '' : fill(content.rewrite.statementNoNeed, { feelVerb: content.rewrite.feelPresent, feeling: content.defaultTopic.feelings[0] ?? '', situation });
  const a = analyseText(framed, content);
  const wording = content.behaviourPushback;
  const none = empty(a, wording);
  if (none) return none;
  const problems = flagProblems(a, BEHAVIOUR_FLAGS, wording);
  if (problems.length === 0) {
    const vague = cueProblem(a, 'vague_behaviour', content.behaviourCues.vague, wording);
    if (vague) problems.push(vague);
  }
  return { ok: problems.length === 0, problems };
}

export function analyseRequestIn(text: string, content: IStatementContent): StepAnalysis {
  const a = analyseText(text, content);
  const wording = content.requestPushback;
  const none = empty(a, wording);
  if (none) return none;
  const problems = flagProblems(a, REQUEST_FLAGS, wording);
  const cues = content.requestCues;
  const cueChecks: [IStatementStepIssue, readonly RegExp[]][] = [
    ['negative_request', cues.negative],
    ['demand', cues.demand],
    ['vague_request', cues.vague],
  ];
  for (const [issue, patterns] of cueChecks) {
    // a threat already says it all; don't pile a "demand" on top of it
    if (issue === 'demand' && problems.some((p) => p.flag === 'threat')) continue;
    if (issue === 'demand' && problems.some((p) => p.flag === 'negative_request')) continue;
    const problem = cueProblem(a, issue, patterns, wording);
    if (problem) problems.push(problem);
  }
  return { ok: problems.length === 0, problems };
}
