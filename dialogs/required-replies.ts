// Every reply key the code uses, with the placeholders it fills. Checked against content/replies
// at start-up, so a renamed or mistyped key stops Mend before a person ever meets it.
import { ISTATEMENT_REPLIES } from './istatement-dialog.js';
import { APOLOGY_REPLIES } from './apology-dialog.js';
import { TRIAGE_REPLIES } from './triage-dialog.js';

const CORE_REPLIES = {
  'core.welcome': [],
  'core.menu': [],
  'core.help': [],
  'core.help_in_flow': [],
  'core.cancelled': [],
  'core.nothing_to_cancel': [],
  'core.start_over': [],
  'core.error': [],
  'core.flow_done': [],
  'core.greeting': [],
  'core.thanks': [],
  'core.goodbye': [],
  'core.other': [],
  'core.capabilities': [],
  'core.button_istatement': [],
  'core.button_apology': [],
  'core.button_escalate': [],
  'core.button_menu': [],
  'core.list_or': ['list', 'last'],
  'core.list_and': ['list', 'last'],
  'core.country_noted': ['country'],
  'core.empty_message': [],
  'core.too_long': ['limit'],
  'core.slow_down': [],
} as const;

const CRISIS_REPLIES = {
  'crisis.acknowledge_suicide': [],
  'crisis.acknowledge_self_harm': [],
  'crisis.acknowledge_abuse': [],
  'crisis.acknowledge_sexual_assault': [],
  'crisis.acknowledge_child_at_risk': [],
  'crisis.acknowledge_harm_to_others': [],
  'crisis.acknowledge_unsafe_now': [],
  'crisis.ask_safe': [],
  'crisis.emergency': ['emergency', 'emergencyNote'],
  'crisis.helplines_intro': ['countryName'],
  'crisis.helpline_line': ['name', 'contact', 'how', 'hours'],
  'crisis.not_a_crisis_service': [],
  'crisis.keep_talking': [],
  'crisis.button_safe': [],
  'crisis.button_unsafe': [],
  'crisis.safe_ack': [],
  'crisis.resume_offer': [],
  'crisis.no_resume': [],
  'crisis.unsafe': ['emergency'],
  'crisis.unclear': [],
  'crisis.check_safe': [],
} as const;

const PRIVACY_REPLIES = {
  'privacy.summary_intro': [],
  'privacy.summary_country': ['country'],
  'privacy.summary_no_country': ['country'],
  'privacy.summary_abuse': [],
  'privacy.summary_flow': ['flow'],
  'privacy.summary_turns': ['turns'],
  'privacy.summary_user': ['count'],
  'privacy.summary_no_user': [],
  'privacy.summary_resume': ['flow'],
  'privacy.summary_checkin': [],
  'privacy.summary_where': ['storage'],
  'privacy.full_data_intro': [],
  'privacy.forget_confirm': [],
  'privacy.forget_yes': [],
  'privacy.forget_no': [],
  'privacy.forgotten': [],
  'privacy.kept': [],
} as const;

const PROGRESS_ISSUES = [
  'absolute', 'you_blame', 'label', 'mind_reading', 'sarcasm', 'threat', 'profanity', 'faux_feeling', 'i_feel_that',
  'conditional', 'blame_shift', 'minimizing', 'but_clause', 'sorry_you_feel', 'excuse', 'missing_responsibility', 'missing_repair',
] as const;

const PROGRESS_REPLIES: Record<string, readonly string[]> = {
  'progress.title': [],
  'progress.intro': [],
  'progress.counts': ['istatement', 'apology'],
  'progress.streak': ['current', 'best'],
  'progress.no_practice': [],
  'progress.chart_heading': ['count'],
  'progress.chart_alt': ['count', 'first', 'last'],
  'progress.trend_up': ['recent', 'previous'],
  'progress.trend_down': ['recent', 'previous'],
  'progress.trend_steady': ['recent', 'previous'],
  'progress.trend_too_few': [],
  'progress.top_issue': ['issue', 'count'],
  'progress.tip_heading': [],
  'progress.suggest_heading': [],
  'progress.suggest_start': [],
  'progress.suggest_issue': ['issue'],
  'progress.suggest_flow_istatement': [],
  'progress.suggest_flow_apology': [],
  'progress.button_progress': [],
  'progress.welcome_back': ['count'],
  'progress.welcome_back_resume': ['flow'],
  'progress.button_continue': [],
  'progress.nothing_to_resume': [],
  'progress.resumed': [],
  ...Object.fromEntries(PROGRESS_ISSUES.flatMap((issue) => [[`progress.issue_${issue}`, []], [`progress.tip_${issue}`, []]])),
};

export const REQUIRED_REPLIES: Readonly<Record<string, readonly string[]>> = {
  ...CORE_REPLIES,
  ...CRISIS_REPLIES,
  ...PRIVACY_REPLIES,
  ...PROGRESS_REPLIES,
  ...ISTATEMENT_REPLIES,
  ...APOLOGY_REPLIES,
  ...TRIAGE_REPLIES,
};
