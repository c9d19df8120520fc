// The I-statement engine's public result types, shared by the checker, the rewriter and the step helpers.

export type IStatementFlag =
  | 'absolute'
  | 'you_blame'
  | 'label'
  | 'mind_reading'
  | 'sarcasm'
  | 'threat'
  | 'profanity'
  | 'faux_feeling'
  | 'i_feel_that';

export const ISTATEMENT_FLAGS: readonly IStatementFlag[] = [
  'absolute',
  'you_blame',
  'label',
  'mind_reading',
  'sarcasm',
  'threat',
  'profanity',
  'faux_feeling',
  'i_feel_that',
];

/** quote = the exact words from the person's text that triggered the finding. */
export interface IStatementFinding {
  flag: IStatementFlag;
  quote: string;
  explanation: string;
}

/** Problems the step-by-step helpers can raise beyond the nine checker flags. */
export type IStatementStepIssue = 'vague_behaviour' | 'demand' | 'negative_request' | 'vague_request' | 'empty';

/** A pushback from analyseBehaviour / analyseRequest: a checker flag or a step-specific issue. */
export interface IStatementProblem {
  flag: IStatementFlag | IStatementStepIssue;
  quote: string;
  explanation: string;
}

export interface IStatementCheck {
  issues: Record<IStatementFlag, boolean>;
  /** A real I-statement: the speaker's real feeling in first person plus a situation, and no flag raised. */
  is_i_statement: boolean;
  rewrite: string;
  feedback: string[];
  findings: IStatementFinding[];
  strengths: string[];
  feelingSuggestions: string[];
}

export interface IStatementParts {
  feeling: string;
  behaviour: string;
  need: string;
  request?: string;
}

export interface FeelingAnalysis {
  feeling?: string;
  isRealFeeling: boolean;
  fauxFeeling?: string;
  realFeelings: string[];
}

export interface StepAnalysis {
  ok: boolean;
  problems: IStatementProblem[];
}
