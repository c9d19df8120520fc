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
  'crisis.check_question': [],
  'crisis.check_button_safe': [],
  'crisis.check_button_unsafe': [],
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
  'privacy.summary_where': ['storage'],
  'privacy.full_data_intro': [],
  'privacy.forget_confirm': [],
  'privacy.forget_yes': [],
  'privacy.forget_no': [],
  'privacy.forgotten': [],
  'privacy.kept': [],
} as const;

export const REQUIRED_REPLIES: Readonly<Record<string, readonly string[]>> = {
  ...CORE_REPLIES,
  ...CRISIS_REPLIES,
  ...PRIVACY_REPLIES,
  ...ISTATEMENT_REPLIES,
  ...APOLOGY_REPLIES,
  ...TRIAGE_REPLIES,
};
