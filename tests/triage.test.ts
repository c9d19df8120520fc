// Triage engine tables: every rule and boundary, typed answers (button values, labels, slang, typos,
// negation, amounts), the safety contract as a property over all answer sets, content checks, directories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultTriageContent,
  directoriesFor,
  interpretAnswer,
  parseTriageContent,
  tierText,
  triage,
  triageDisclaimer,
  triageQuestions,
  type TriageAnswers,
  type TriageTier,
} from '../src/coaching/triage.js';
import { ContentError, readContentJson } from '../src/content/files.js';

const QUESTION_IDS = ['safe_now', 'partner_harm', 'self_harm_thoughts', 'main_issue', 'duration', 'escalation', 'betrayal', 'past_trauma', 'daily_life', 'tried', 'both_willing'];

// The safety contract, written out independently of content/triage.json so a content edit that
// weakens it makes these tests fail.
const DANGER_ANSWERS: Record<string, string[]> = { safe_now: ['no', 'unsure'], partner_harm: ['yes'], self_harm_thoughts: ['yes', 'right_now', 'unsure'] };
const ABUSE_ANSWERS: Record<string, string[]> = { partner_harm: ['yes', 'controlling', 'unsure'] };
const hasAny = (answers: Record<string, string | undefined>, table: Record<string, string[]>): boolean =>
  Object.entries(table).some(([q, values]) => answers[q] !== undefined && values.includes(answers[q]!));

const SAFE_SCREEN: TriageAnswers = { safe_now: 'yes', partner_harm: 'no', self_harm_thoughts: 'no' };

describe('questions', () => {
  it('come in asking order with the safety screen first', () => {
    const qs = triageQuestions();
    expect(qs.map((q) => q.id)).toEqual(QUESTION_IDS);
    expect(qs.map((q) => q.safety)).toEqual([true, true, true, false, false, false, false, false, false, false, false]);
    for (const q of qs) {
      expect(q.prompt.trim().length).toBeGreaterThan(10);
      expect(q.options.length).toBeGreaterThanOrEqual(2);
      expect(new Set(q.options.map((o) => o.label)).size).toBe(q.options.length);
    }
  });

  it('offer the values the rules expect', () => {
    const values = Object.fromEntries(triageQuestions().map((q) => [q.id, q.options.map((o) => o.value)]));
    expect(values['duration']).toEqual(['under_1_month', '1_to_6_months', '6_to_12_months', 'over_1_year']);
    expect(values['both_willing']).toEqual(['both', 'only_me', 'unsure']);
    expect(values['escalation']).toEqual(['rarely', 'sometimes', 'most_weeks', 'daily']);
    for (const [q, vs] of Object.entries({ ...DANGER_ANSWERS, ...ABUSE_ANSWERS })) for (const v of vs) expect(values[q]).toContain(v);
  });
});

// [name, answers, flags, tier, abusePath, reason rules (in order), suggested flows]
type Row = [string, TriageAnswers, { abuse?: boolean; danger?: boolean }, TriageTier, boolean, string[], string[]];
const RULE_TABLE: Row[] = [
  // danger always wins
  ['not safe now', { safe_now: 'no' }, {}, 'urgent', false, ['not_safe_now'], []],
  ['unsure if safe now', { safe_now: 'unsure' }, {}, 'urgent', false, ['unsure_safe_now'], []],
  ['partner hurt or threatened them', { partner_harm: 'yes' }, {}, 'urgent', true, ['partner_harmed'], []],
  ['self-harm thoughts right now', { self_harm_thoughts: 'right_now' }, {}, 'urgent', false, ['self_harm_now'], []],
  ['self-harm thoughts lately', { self_harm_thoughts: 'yes' }, {}, 'urgent', false, ['self_harm_recent'], []],
  ['unsure about self-harm thoughts', { self_harm_thoughts: 'unsure' }, {}, 'urgent', false, ['self_harm_unsure'], []],
  ['danger beats a couples profile', { safe_now: 'no', duration: 'over_1_year', escalation: 'daily', both_willing: 'both' }, {}, 'urgent', false, ['not_safe_now'], []],
  ['danger and abuse together', { partner_harm: 'yes', self_harm_thoughts: 'right_now' }, {}, 'urgent', true, ['partner_harmed', 'self_harm_now'], []],
  ['danger remembered from earlier', { ...SAFE_SCREEN, duration: 'under_1_month' }, { danger: true }, 'urgent', false, ['flag_danger'], []],
  ['abuse remembered + self-harm now', { self_harm_thoughts: 'yes' }, { abuse: true }, 'urgent', true, ['flag_abuse', 'self_harm_recent'], []],
  // abuse never reaches couples counselling
  ['partner controls money or phone', { safe_now: 'yes', partner_harm: 'controlling' }, {}, 'individual_therapy', true, ['partner_controls'], []],
  ['unsure whether partner crosses a line', { partner_harm: 'unsure' }, {}, 'individual_therapy', true, ['partner_harm_unsure'], []],
  ['control + a textbook couples profile', { partner_harm: 'controlling', duration: 'over_1_year', escalation: 'most_weeks', betrayal: 'yes', both_willing: 'both' }, {}, 'individual_therapy', true, ['partner_controls'], []],
  ['abuse remembered, screen now says no', { ...SAFE_SCREEN, duration: 'over_1_year', both_willing: 'both' }, { abuse: true }, 'individual_therapy', true, ['flag_abuse'], []],
  ['abuse remembered, nothing else', {}, { abuse: true }, 'individual_therapy', true, ['flag_abuse'], []],
  // counselling signals
  ['a year or more', { ...SAFE_SCREEN, duration: 'over_1_year' }, {}, 'couples_counselling', false, ['duration_year'], []],
  ['escalates most weeks, both willing', { ...SAFE_SCREEN, escalation: 'most_weeks', both_willing: 'both' }, {}, 'couples_counselling', false, ['escalation_weekly', 'both_willing'], []],
  ['escalates daily', { escalation: 'daily' }, {}, 'couples_counselling', false, ['escalation_daily'], []],
  ['affair', { betrayal: 'yes', both_willing: 'unsure' }, {}, 'couples_counselling', false, ['betrayal_yes', 'willing_unsure'], []],
  ['affair found last week, rare rows, nothing tried', { betrayal: 'yes', duration: 'under_1_month', escalation: 'rarely', tried: 'nothing' }, {}, 'couples_counselling', false, ['betrayal_yes'], []],
  ['suspected betrayal + monthly rows', { betrayal: 'suspected', escalation: 'sometimes' }, {}, 'couples_counselling', false, ['betrayal_suspected', 'escalation_monthly'], []],
  ['half a year + monthly rows (need exactly 3)', { duration: '6_to_12_months', escalation: 'sometimes' }, {}, 'couples_counselling', false, ['duration_half_year', 'escalation_monthly'], []],
  ['tried a lot + monthly rows', { tried: 'lots', escalation: 'sometimes' }, {}, 'couples_counselling', false, ['tried_lots', 'escalation_monthly'], []],
  ['saw a counsellor before + monthly rows', { tried: 'professional', escalation: 'sometimes' }, {}, 'couples_counselling', false, ['tried_professional', 'escalation_monthly'], []],
  ['betrayal and trauma weigh the same', { betrayal: 'yes', past_trauma: 'yes', both_willing: 'both' }, {}, 'couples_counselling', false, ['betrayal_yes', 'trauma_yes', 'both_willing'], []],
  // individual therapy
  ['over a year, only me', { duration: 'over_1_year', both_willing: 'only_me' }, {}, 'individual_therapy', false, ['duration_year', 'only_me_willing'], []],
  ['past trauma dominates', { past_trauma: 'yes', both_willing: 'both' }, {}, 'individual_therapy', false, ['trauma_yes', 'both_willing'], []],
  ['low mood most days', { daily_life: 'yes' }, {}, 'individual_therapy', false, ['daily_life_yes'], []],
  ['self-harm thoughts in the past', { ...SAFE_SCREEN, self_harm_thoughts: 'in_the_past' }, {}, 'individual_therapy', false, ['self_harm_past'], []],
  ['personal outweighs relationship', { betrayal: 'yes', past_trauma: 'yes', daily_life: 'yes' }, {}, 'individual_therapy', false, ['trauma_yes', 'daily_life_yes', 'betrayal_yes'], []],
  ['small things add up, mostly personal', { past_trauma: 'a_little', daily_life: 'a_little', escalation: 'sometimes' }, {}, 'individual_therapy', false, ['trauma_some', 'daily_life_some', 'escalation_monthly'], []],
  // self-help
  ['mild and recent, both willing', { ...SAFE_SCREEN, main_issue: 'fights', duration: 'under_1_month', escalation: 'rarely', tried: 'nothing', both_willing: 'both' }, {}, 'self_help', false, ['duration_recent', 'escalation_rare', 'tried_nothing', 'both_willing', 'issue_fights'], ['istatement']],
  ['they hurt their partner', { main_issue: 'i_hurt_them', duration: '1_to_6_months' }, {}, 'self_help', false, ['issue_hurt_partner'], ['apology']],
  ['trust knocked, mild', { main_issue: 'trust', escalation: 'rarely' }, {}, 'self_help', false, ['escalation_rare', 'issue_trust'], ['istatement', 'apology']],
  ['drifted apart', { main_issue: 'distance' }, {}, 'self_help', false, ['issue_distance'], ['istatement']],
  ['something else', { main_issue: 'other' }, {}, 'self_help', false, ['self_help'], ['istatement']],
  ['half a year only (need 2)', { duration: '6_to_12_months' }, {}, 'self_help', false, ['self_help'], ['istatement']],
  ['half a year + monthly rows, nothing tried (need 2)', { duration: '6_to_12_months', escalation: 'sometimes', tried: 'nothing' }, {}, 'self_help', false, ['tried_nothing'], ['istatement']],
  ['suspected betrayal alone', { betrayal: 'suspected' }, {}, 'self_help', false, ['self_help'], ['istatement']],
  ['only me but nothing serious', { both_willing: 'only_me', duration: '1_to_6_months' }, {}, 'self_help', false, ['self_help'], ['istatement']],
  ['no answers at all', {}, {}, 'self_help', false, ['self_help'], ['istatement']],
];

describe('triage rules', () => {
  it.each(RULE_TABLE)('%s', (_name, answers, flags, tier, abusePath, reasonRules, flows) => {
    const result = triage(answers, flags);
    expect(result.tier).toBe(tier);
    expect(result.abusePath).toBe(abusePath);
    expect(result.reasons.map((r) => r.rule)).toEqual(reasonRules);
    expect(result.suggestedFlows).toEqual(flows);
    expect(result.firstSession).toBe(tierText(result).firstSession);
    for (const r of result.reasons) expect(r.text).toMatch(/^because (you|earlier|nothing)/);
  });

  it('covers every rule in content', () => {
    const seen = new Set(RULE_TABLE.flatMap(([, answers, flags]) => {
      const r = triage(answers, flags);
      return r.reasons.map((x) => x.rule);
    }));
    seen.add('issue_other'); // flows only, no reason: checked by the 'something else' row's flows
    for (const rule of defaultTriageContent().rules) expect(seen, rule.id).toContain(rule.id);
  });

  it('quotes what the person answered', () => {
    const r = triage({ duration: 'over_1_year', escalation: 'most_weeks', both_willing: 'only_me' });
    expect(r.reasons.map((x) => x.text)).toEqual([
      'because you said this has been going on for a year or more',
      'because you said arguments escalate most weeks',
      'because you said only you would go, and one partner going alone can still change a lot',
    ]);
  });

  it('reads typed answers given in place of option values', () => {
    const r = triage({ safe_now: "yeah i'm fine", partner_harm: 'no never', self_harm_thoughts: 'nope', duration: 'about 2 years', escalation: 'a few times a week', both_willing: "he won't come" });
    expect(r.tier).toBe('individual_therapy');
    expect(r.reasons.map((x) => x.rule)).toEqual(['duration_year', 'escalation_weekly', 'only_me_willing']);
    expect(triage({ partner_harm: 'he hit me last week' })).toMatchObject({ tier: 'urgent', abusePath: true });
    expect(triage({ partner_harm: 'she reads all my messages' })).toMatchObject({ tier: 'individual_therapy', abusePath: true });
  });

  it('ignores unknown questions and answers it cannot read', () => {
    expect(triage({ favourite_colour: 'blue', duration: 'purple elephants' })).toEqual(triage({}));
  });

  it('uses abuse-path wording only on the abuse path', () => {
    const abuse = triage({ partner_harm: 'controlling' });
    const plain = triage({ daily_life: 'yes' });
    expect(abuse.tier).toBe(plain.tier);
    expect(abuse.firstSession).not.toBe(plain.firstSession);
    expect(tierText(abuse).summary).toMatch(/couples counselling isn't the right step/);
    expect(tierText(plain).summary).toMatch(/CBT/);
    expect(tierText(triage({ partner_harm: 'yes' })).summary).not.toBe(tierText(triage({ safe_now: 'no' })).summary);
    expect(triageDisclaimer()).toMatch(/not a therapist/);
  });

  it('is deterministic and leaves its inputs alone', () => {
    const answers: TriageAnswers = { duration: 'over_1_year', both_willing: 'only_me' };
    const copy = structuredClone(answers);
    expect(triage(answers)).toEqual(triage(answers));
    expect(answers).toEqual(copy);
  });
});

describe('the safety contract holds for every answer set', () => {
  const QUESTIONS = triageQuestions();
  const byValue = fc.record(
    Object.fromEntries(QUESTIONS.map((q) => [q.id, fc.constantFrom(...q.options.map((o) => o.value))])) as Record<string, fc.Arbitrary<string>>,
    { requiredKeys: [] },
  );
  const flagsArb = fc.record({ abuse: fc.boolean(), danger: fc.boolean() }, { requiredKeys: [] });

  it('danger always gives urgent; abuse or danger never gives couples counselling', () => {
    fc.assert(
      fc.property(byValue, flagsArb, (answers, flags) => {
        const r = triage(answers, flags);
        const danger = hasAny(answers, DANGER_ANSWERS) || flags.danger === true;
        const abuse = hasAny(answers, ABUSE_ANSWERS) || flags.abuse === true;
        if (danger) expect(r.tier).toBe('urgent');
        if (abuse || danger) expect(r.tier).not.toBe('couples_counselling');
        expect(r.abusePath).toBe(abuse);
        if (!danger) expect(r.tier).not.toBe('urgent');
        expect(r.reasons.length).toBeGreaterThan(0);
        expect(r.suggestedFlows.length > 0).toBe(r.tier === 'self_help');
      }),
      { numRuns: 2000, seed: 20240601 },
    );
  });

  it('holds for typed answers too, going by what they are read as', () => {
    const phrases = ['yes', 'no', 'not sure', 'he hit me', 'checks my phone', 'i want to die', 'about 2 years', 'every day', "he won't come", 'no never', "i'm not scared", 'maybe', 'right now', 'we both want to', 'nothing yet'];
    const typed = fc.record(
      Object.fromEntries(QUESTIONS.map((q) => [q.id, fc.oneof(fc.constantFrom(...phrases), fc.string({ maxLength: 30 }))])) as Record<string, fc.Arbitrary<string>>,
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(typed, flagsArb, (answers, flags) => {
        const read: Record<string, string | undefined> = Object.fromEntries(Object.entries(answers).map(([q, t]) => [q, t === undefined ? undefined : interpretAnswer(q, t)]));
        const r = triage(answers, flags);
        const danger = hasAny(read, DANGER_ANSWERS) || flags.danger === true;
        const abuse = hasAny(read, ABUSE_ANSWERS) || flags.abuse === true;
        if (danger) expect(r.tier).toBe('urgent');
        if (abuse || danger) expect(r.tier).not.toBe('couples_counselling');
        expect(r.abusePath).toBe(abuse);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('adding a danger answer to any answer set makes it urgent', () => {
    const dangerous = fc.constantFrom<[string, string]>(...Object.entries(DANGER_ANSWERS).flatMap(([q, vs]) => vs.map((v): [string, string] => [q, v])));
    fc.assert(
      fc.property(byValue, dangerous, (answers, [q, v]) => {
        expect(triage({ ...answers, [q]: v }).tier).toBe('urgent');
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('never throws on arbitrary text and only returns real option values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUESTIONS), fc.string({ maxLength: 80 }), (q, text) => {
        const v = interpretAnswer(q.id, text);
        if (v !== undefined) expect(q.options.map((o) => o.value)).toContain(v);
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});

// [question, typed answer, expected value (undefined = not understood, the dialog asks again)]
const FREE_TEXT: [string, string, string | undefined][] = [
  // safe_now
  ['safe_now', 'Yes', 'yes'],
  ['safe_now', "yeah i'm safe", 'yes'],
  ['safe_now', 'im fine thanks', 'yes'],
  ['safe_now', 'yes, nobody is hurting me', 'yes'],
  ['safe_now', 'Yes I am safe at home', 'yes'],
  ['safe_now', 'totally fine, just sad', 'yes'],
  ['safe_now', 'no', 'no'],
  ['safe_now', 'nope', 'no'],
  ['safe_now', 'not really', 'no'],
  ['safe_now', "I don't feel safe", 'no'],
  ['safe_now', 'im scared hes going to come back', 'no'],
  ['safe_now', 'he is here and he has a knife', 'no'],
  ['safe_now', 'i am in danger', 'no'],
  ['safe_now', 'unsafe', 'no'],
  ['safe_now', "I'm not scared of anything right now", 'yes'],
  ['safe_now', 'not in danger no', undefined],
  ['safe_now', 'safe for now', 'unsure'],
  ['safe_now', 'i think so?', 'unsure'],
  ['safe_now', 'idk', 'unsure'],
  ['safe_now', 'kind of', 'unsure'],
  ['safe_now', "No, I'm safe", undefined],
  ['safe_now', 'pizza', undefined],
  ['safe_now', "I'm Safe", 'yes'],
  // partner_harm
  ['partner_harm', 'no', 'no'],
  ['partner_harm', 'never, hes not like that', 'no'],
  ['partner_harm', 'he would never hurt me', 'no'],
  ['partner_harm', "she's never laid a finger on me", 'no'],
  ['partner_harm', 'no we just argue about money', 'no'],
  ['partner_harm', "he's threatened to leave me a few times", 'no'],
  ['partner_harm', "i'm scared he'll leave me", 'no'],
  ['partner_harm', 'yes', 'yes'],
  ['partner_harm', 'he hit me last month', 'yes'],
  ['partner_harm', 'she slapped me once', 'yes'],
  ['partner_harm', 'he pushed me into a wall', 'yes'],
  ['partner_harm', 'im terrified of him', 'yes'],
  ['partner_harm', 'he threatend to kill me', 'yes'],
  ['partner_harm', 'he never hit me but he threatens me all the time', 'yes'],
  ['partner_harm', 'my husband has hurt me', 'yes'],
  ['partner_harm', 'I feel like im walking on eggshells', 'yes'],
  ['partner_harm', 'he chokes me when he is drunk', 'yes'],
  ['partner_harm', 'he said he would take the kids', 'yes'],
  ['partner_harm', 'he controls all the money', 'controlling'],
  ['partner_harm', 'she goes through my phone every night', 'controlling'],
  ['partner_harm', "he won't let me see my friends", 'controlling'],
  ['partner_harm', 'i have to ask permission to go out', 'controlling'],
  ['partner_harm', 'he tracks my location', 'controlling'],
  ['partner_harm', 'she puts me down in front of people', 'controlling'],
  ['partner_harm', 'he constantly belittles me', 'controlling'],
  ['partner_harm', 'not sure', 'unsure'],
  ['partner_harm', 'its complicated', 'unsure'],
  ['partner_harm', 'kind of i guess', 'unsure'],
  ['partner_harm', 'no... well he hits things', 'yes'],
  // self_harm_thoughts
  ['self_harm_thoughts', 'no', 'no'],
  ['self_harm_thoughts', 'no never', 'no'],
  ['self_harm_thoughts', "i'm not suicidal, just tired", 'no'],
  ['self_harm_thoughts', "I don't want to die", 'no'],
  ['self_harm_thoughts', 'used to as a teenager, not anymore', 'in_the_past'],
  ['self_harm_thoughts', 'not lately but years ago yes', 'in_the_past'],
  ['self_harm_thoughts', 'a long time ago', 'in_the_past'],
  ['self_harm_thoughts', 'yes', 'yes'],
  ['self_harm_thoughts', 'sometimes', 'yes'],
  ['self_harm_thoughts', 'sometimes i wish i could just disappear', 'yes'],
  ['self_harm_thoughts', "i've been having dark thoughts", 'yes'],
  ['self_harm_thoughts', "honestly i don't want to be here anymore", 'yes'],
  ['self_harm_thoughts', 'i dont want to wake up tomorrow', 'yes'],
  ['self_harm_thoughts', 'yes but not right now', 'yes'],
  ['self_harm_thoughts', 'yes right now', 'right_now'],
  ['self_harm_thoughts', 'tonight', 'right_now'],
  ['self_harm_thoughts', 'i have a plan', 'right_now'],
  ['self_harm_thoughts', 'maybe', 'unsure'],
  ['self_harm_thoughts', 'not sure', 'unsure'],
  // main_issue
  ['main_issue', 'we fight all the time', 'fights'],
  ['main_issue', 'we cant talk without shouting', 'fights'],
  ['main_issue', 'communication is terrible', 'fights'],
  ['main_issue', 'i said something awful and hurt her', 'i_hurt_them'],
  ['main_issue', 'i messed up big time', 'i_hurt_them'],
  ['main_issue', 'i want to apologise properly', 'i_hurt_them'],
  ['main_issue', 'he cheated on me', 'trust'],
  ['main_issue', 'i cant trust her anymore', 'trust'],
  ['main_issue', 'we have grown apart', 'distance'],
  ['main_issue', 'we feel like roommates', 'distance'],
  ['main_issue', 'money and the kids', 'other'],
  // duration
  ['duration', 'about 2 years', 'over_1_year'],
  ['duration', '2yrs', 'over_1_year'],
  ['duration', 'for years honestly', 'over_1_year'],
  ['duration', 'since we met', 'over_1_year'],
  ['duration', 'a year and a half', 'over_1_year'],
  ['duration', 'over a year', 'over_1_year'],
  ['duration', 'a year', 'over_1_year'],
  ['duration', '12 months', 'over_1_year'],
  ['duration', 'since last year', 'over_1_year'],
  ['duration', '18 mnths', 'over_1_year'],
  ['duration', 'since last summer', '6_to_12_months'],
  ['duration', 'six months', '6_to_12_months'],
  ['duration', '6 months', '6_to_12_months'],
  ['duration', 'almost a year', '6_to_12_months'],
  ['duration', '9 months or so', '6_to_12_months'],
  ['duration', 'half a year', '6_to_12_months'],
  ['duration', '11 months', '6_to_12_months'],
  ['duration', 'a few months', '1_to_6_months'],
  ['duration', 'like 3 mnths', '1_to_6_months'],
  ['duration', 'a month', '1_to_6_months'],
  ['duration', 'nearly 6 months', '1_to_6_months'],
  ['duration', 'since last month', '1_to_6_months'],
  ['duration', 'couple of months', '1_to_6_months'],
  ['duration', 'a few weeks', 'under_1_month'],
  ['duration', 'two weeks', 'under_1_month'],
  ['duration', 'just started this week', 'under_1_month'],
  ['duration', 'since yesterday', 'under_1_month'],
  ['duration', 'less than a month', 'under_1_month'],
  ['duration', 'it started 3 weeks ago', 'under_1_month'],
  ['duration', 'been two years, worse the last 3 months', 'over_1_year'],
  ['duration', 'no idea', undefined],
  // escalation
  ['escalation', 'every day', 'daily'],
  ['escalation', 'pretty much every day', 'daily'],
  ['escalation', 'all the time', 'daily'],
  ['escalation', 'constantly', 'daily'],
  ['escalation', 'several times a day', 'daily'],
  ['escalation', 'most days', 'daily'],
  ['escalation', 'twice a week', 'most_weeks'],
  ['escalation', '3x a week', 'most_weeks'],
  ['escalation', 'weekly', 'most_weeks'],
  ['escalation', 'often', 'most_weeks'],
  ['escalation', 'not every day but a lot', 'most_weeks'],
  ['escalation', 'every weekend', 'most_weeks'],
  ['escalation', 'once a month', 'sometimes'],
  ['escalation', 'sometimes', 'sometimes'],
  ['escalation', 'every other week', 'sometimes'],
  ['escalation', 'once in a while', 'sometimes'],
  ['escalation', 'twice a month', 'sometimes'],
  ['escalation', 'rarely', 'rarely'],
  ['escalation', 'hardly ever', 'rarely'],
  ['escalation', 'not often', 'rarely'],
  ['escalation', "it doesn't happen often", 'rarely'],
  ['escalation', 'a few times a year', 'rarely'],
  ['escalation', 'less than once a month', 'rarely'],
  ['escalation', 'we dont really fight', 'rarely'],
  // betrayal
  ['betrayal', 'no', 'no'],
  ['betrayal', 'not that i know of', 'no'],
  ['betrayal', 'he had an affair last year', 'yes'],
  ['betrayal', 'she cheated on me with her ex', 'yes'],
  ['betrayal', 'i found messages on his phone from another woman', 'yes'],
  ['betrayal', 'he hid a huge gambling debt', 'yes'],
  ['betrayal', 'i cheated', 'yes'],
  ['betrayal', 'i think so', 'suspected'],
  ['betrayal', 'i suspect she is hiding something', 'suspected'],
  ['betrayal', 'not sure, he is very secretive lately', 'suspected'],
  // past_trauma
  ['past_trauma', 'no', 'no'],
  ['past_trauma', "i don't think so", 'no'],
  ['past_trauma', 'a bit', 'a_little'],
  ['past_trauma', 'maybe a little', 'a_little'],
  ['past_trauma', 'yes a lot', 'yes'],
  ['past_trauma', 'my ex cheated on me and i cant let go', 'yes'],
  ['past_trauma', 'my childhood was rough', 'yes'],
  ['past_trauma', 'i have ptsd from my last relationship', 'yes'],
  // daily_life
  ['daily_life', 'no', 'no'],
  ['daily_life', 'not really, im coping', 'no'],
  ['daily_life', 'a bit', 'a_little'],
  ['daily_life', 'some nights i cant sleep', undefined],
  ['daily_life', 'some nights are rough', 'a_little'],
  ['daily_life', 'yes', 'yes'],
  ['daily_life', "can't sleep, can't focus at work", 'yes'],
  ['daily_life', 'im anxious all the time', 'yes'],
  ['daily_life', 'i feel depressed most days', 'yes'],
  ['daily_life', 'im not coping', 'yes'],
  ['daily_life', 'im not fine', 'yes'],
  // tried
  ['tried', 'nothing yet', 'nothing'],
  ['tried', 'not much', 'nothing'],
  ['tried', 'this is the first thing', 'nothing'],
  ['tried', 'we talk about it sometimes', 'some'],
  ['tried', 'read a couple of books', 'some'],
  ['tried', 'tried everything, nothing works', 'lots'],
  ['tried', 'we keep going round in circles', 'lots'],
  ['tried', 'we saw a couples therapist last year', 'professional'],
  ['tried', 'counselling twice', 'professional'],
  ['tried', "we haven't tried anything", 'nothing'],
  // both_willing
  ['both_willing', 'yes', 'both'],
  ['both_willing', 'yes we both want to', 'both'],
  ['both_willing', 'she suggested it actually', 'both'],
  ['both_willing', 'he is up for it', 'both'],
  ['both_willing', 'he would come', 'both'],
  ['both_willing', "he won't come", 'only_me'],
  ['both_willing', 'she refuses', 'only_me'],
  ['both_willing', 'he would never come', 'only_me'],
  ['both_willing', 'just me', 'only_me'],
  ['both_willing', 'no', 'only_me'],
  ['both_willing', "he doesn't believe in therapy", 'only_me'],
  ['both_willing', "he's not willing", 'only_me'],
  ['both_willing', "i haven't asked him yet", 'unsure'],
  ['both_willing', 'maybe', 'unsure'],
  ['both_willing', 'Only me', 'only_me'],
  ['both_willing', 'only_me', 'only_me'],
  ['safe_now', 'ya im good', 'yes'],
  ['safe_now', 'yes im at my mums', 'yes'],
  ['safe_now', 'safe yes', 'yes'],
  ['safe_now', 'no hes outside the door', 'no'],
  ['safe_now', 'i locked myself in the bathroom', 'no'],
  ['safe_now', 'i dont know if im safe', 'unsure'],
  ['safe_now', 'Not sure tbh', 'unsure'],
  ['safe_now', 'nah not really safe', 'no'],
  ['partner_harm', 'nope never', 'no'],
  ['partner_harm', 'no nothing like that he is a good guy', 'no'],
  ['partner_harm', 'he strangled me last week', 'yes'],
  ['partner_harm', 'my boyfriend beats me', 'yes'],
  ['partner_harm', 'she throws things at me when angry', 'yes'],
  ['partner_harm', 'i am afraid of what he will do', 'yes'],
  ['partner_harm', 'he takes my paycheck and gives me an allowance', 'controlling'],
  ['partner_harm', "he checks my messages and doesn't let me go out", 'controlling'],
  ['partner_harm', 'she isolates me from my family', 'controlling'],
  ['partner_harm', 'he calls me stupid and worthless', 'controlling'],
  ['partner_harm', 'hmm hard to say', 'unsure'],
  ['self_harm_thoughts', 'nah', 'no'],
  ['self_harm_thoughts', 'no im ok', 'no'],
  ['self_harm_thoughts', 'yeah lately', 'yes'],
  ['self_harm_thoughts', 'i sometimes think everyone would be better off without me', 'yes'],
  ['self_harm_thoughts', 'i want to kill myself', 'yes'],
  ['self_harm_thoughts', 'im thinking about it right now', 'right_now'],
  ['self_harm_thoughts', 'back in college but not since', 'in_the_past'],
  ['self_harm_thoughts', 'i self harmed as a teen', undefined],
  ['main_issue', 'constant arguing', 'fights'],
  ['main_issue', "he doesn't listen to me", 'fights'],
  ['main_issue', 'i forgot our anniversary and she is hurt', 'i_hurt_them'],
  ['main_issue', 'she lied to me about money', 'trust'],
  ['main_issue', 'we barely spend time together anymore', 'distance'],
  ['duration', 'three years', 'over_1_year'],
  ['duration', 'since the beginning tbh', 'over_1_year'],
  ['duration', '5 or 6 years', 'over_1_year'],
  ['duration', 'a couple of years', 'over_1_year'],
  ['duration', 'last 8 months', '6_to_12_months'],
  ['duration', 'around 7 months', '6_to_12_months'],
  ['duration', 'since last christmas', '6_to_12_months'],
  ['duration', '2 months', '1_to_6_months'],
  ['duration', 'four months maybe', '1_to_6_months'],
  ['duration', 'only a few days', 'under_1_month'],
  ['duration', 'since last weekend', 'under_1_month'],
  ['duration', 'a week', 'under_1_month'],
  ['escalation', 'literally every night', 'daily'],
  ['escalation', 'like 4 or 5 times a week', 'daily'],
  ['escalation', 'once a week or so', 'most_weeks'],
  ['escalation', 'a couple times a week', 'most_weeks'],
  ['escalation', 'quite often lately', 'most_weeks'],
  ['escalation', 'every few weeks', 'sometimes'],
  ['escalation', 'occasionally', 'sometimes'],
  ['escalation', 'maybe once every couple of months', 'rarely'],
  ['escalation', 'almost never', 'rarely'],
  ['escalation', 'never really', 'rarely'],
  ['betrayal', 'nope', 'no'],
  ['betrayal', 'yes he was on tinder', 'yes'],
  ['betrayal', 'she slept with a coworker', 'yes'],
  ['betrayal', 'he lied about his debts for years', 'yes'],
  ['betrayal', 'my gut says yes but i have no proof', 'suspected'],
  ['past_trauma', 'definitely, my dad left when i was young', 'yes'],
  ['past_trauma', 'sort of', 'a_little'],
  ['past_trauma', 'not really no', 'no'],
  ['past_trauma', 'i was abused as a child', 'yes'],
  ['daily_life', 'i cry every day', 'yes'],
  ['daily_life', 'my work is suffering', 'yes'],
  ['daily_life', 'a little stressed', 'a_little'],
  ['daily_life', 'nope im fine', 'no'],
  ['daily_life', 'having panic attacks', 'yes'],
  ['tried', 'we read some books and talked', 'some'],
  ['tried', 'nothing really', 'nothing'],
  ['tried', 'we went to marriage counseling', 'professional'],
  ['tried', 'we always end up back at square one', 'lots'],
  ['both_willing', 'yeah hes keen', 'both'],
  ['both_willing', 'we both agreed to go', 'both'],
  ['both_willing', 'she said no way', 'only_me'],
  ['both_willing', 'i would have to go alone', 'only_me'],
  ['both_willing', "he's not interested", 'only_me'],
  ['both_willing', 'not sure if he would', 'unsure'],
];

describe('typed answers', () => {
  it.each(FREE_TEXT)('%s: %j -> %s', (question, text, expected) => {
    expect(interpretAnswer(question, text)).toBe(expected);
  });

  it.each(triageQuestions().flatMap((q) => q.options.flatMap((o) => [[q.id, o.value, o.value], [q.id, o.label, o.value], [q.id, o.label.toUpperCase() + '!', o.value]])))(
    'button %s: %j -> %s',
    (question, text, expected) => {
      expect(interpretAnswer(question, text)).toBe(expected);
    },
  );

  it('says "not understood" for empty or unrelated text', () => {
    for (const q of QUESTION_IDS) for (const text of ['', '   ', 'purple elephants', '?!']) expect(interpretAnswer(q, text), `${q}: ${text}`).toBeUndefined();
  });

  it('rejects an unknown question id', () => {
    expect(() => interpretAnswer('favourite_colour', 'blue')).toThrow(/unknown question/);
  });

  // Boundaries are half-open: [min, max). A month is 1_to_6, six months is 6_to_12, a year is over_1_year.
  it.each([
    ['3 weeks', 'under_1_month'],
    ['4 weeks', 'under_1_month'],
    ['a month', '1_to_6_months'],
    ['31 days', '1_to_6_months'],
    ['5 months', '1_to_6_months'],
    ['just under 6 months', '1_to_6_months'],
    ['6 months', '6_to_12_months'],
    ['26 weeks', '1_to_6_months'],
    ['27 weeks', '6_to_12_months'],
    ['11 months', '6_to_12_months'],
    ['almost a year', '6_to_12_months'],
    ['12 months', 'over_1_year'],
    ['one year', 'over_1_year'],
    ['52 weeks', '6_to_12_months'],
    ['53 weeks', 'over_1_year'],
    ['1.5 years', 'over_1_year'],
  ])('duration boundary %j -> %s', (text, expected) => {
    expect(interpretAnswer('duration', text)).toBe(expected);
  });

  it.each([
    ['once every 2 months', 'rarely'],
    ['every 6 weeks', 'rarely'],
    ['once a month', 'sometimes'],
    ['less than once a month', 'rarely'],
    ['3 times a month', 'sometimes'],
    ['once a week', 'most_weeks'],
    ['less than once a week', 'sometimes'],
    ['4 times a week', 'most_weeks'],
    ['5 times a week', 'daily'],
    ['every other day', 'most_weeks'],
    ['twice a day', 'daily'],
  ])('escalation boundary %j -> %s', (text, expected) => {
    expect(interpretAnswer('escalation', text)).toBe(expected);
  });
});

describe('directories', () => {
  it.each(['US', 'UK', 'IE', 'CA', 'AU', 'NZ'])('%s has its own https directories', (code) => {
    const dirs = directoriesFor(code);
    expect(dirs.length).toBeGreaterThanOrEqual(2);
    for (const d of dirs) {
      expect(d.url).toMatch(/^https:\/\/\S+\.\S+/);
      expect(d.name.length).toBeGreaterThan(2);
      expect(d.note.length).toBeGreaterThan(10);
    }
    expect(dirs).not.toEqual(directoriesFor('ZZ'));
  });

  it('names the well-known services and none that have closed', () => {
    const names = (c: string): string => directoriesFor(c).map((d) => d.name).join(' | ');
    expect(names('US')).toMatch(/Psychology Today/);
    expect(names('US')).toMatch(/AAMFT/);
    expect(names('UK')).toMatch(/Relate/);
    expect(names('UK')).toMatch(/BACP/);
    expect(names('UK')).toMatch(/NHS Talking Therapies/);
    expect(names('IE')).toMatch(/IACP/);
    expect(names('IE')).not.toMatch(/Relationships Ireland/); // closed in 2017
    expect(names('AU')).toMatch(/Relationships Australia/);
    expect(names('AU')).toMatch(/PACFA/);
    expect(names('NZ')).toMatch(/NZAC/);
    expect(names('NZ')).not.toMatch(/Relationships Aotearoa/); // closed in 2015
  });

  it.each([
    ['gb', 'UK'],
    ['en-GB', 'UK'],
    ['en_AU', 'AU'],
    ['Ireland', 'IE'],
    [' us ', 'US'],
    ['fr-CA', 'CA'],
    ['New Zealand', 'NZ'],
  ])('%j is treated as %s', (input, code) => {
    expect(directoriesFor(input)).toEqual(directoriesFor(code));
  });

  it.each(['', 'FR', 'de-DE', 'Narnia'])('%j gets the international fallback', (input) => {
    const dirs = directoriesFor(input);
    expect(dirs).toEqual(directoriesFor('ZZ'));
    expect(dirs.map((d) => d.url)).toContain('https://findahelpline.com');
  });

  it('returns copies', () => {
    directoriesFor('US')[0]!.name = 'changed';
    expect(directoriesFor('US')[0]!.name).not.toBe('changed');
  });
});

/** Just enough of the raw JSON shape to break it on purpose. */
interface RawTriage {
  decisions: { id: string; tier: string; when: unknown }[];
  rules: { when: unknown }[];
  questions: { options: { range?: { min: number }; synonyms: string[]; negatedTo?: string; patterns?: string[] }[] }[];
  directories: { countries: Record<string, { url: string }[]>; aliases: Record<string, string> };
  abusePath: Record<string, unknown>;
}

describe('content checks', () => {
  const raw = (): RawTriage => structuredClone(readContentJson('triage.json')) as RawTriage;
  const decisionIndex = (r: RawTriage, id: string): number => r.decisions.findIndex((d) => d.id === id);

  it('parses the shipped file', () => {
    expect(() => parseTriageContent(raw())).not.toThrow();
  });

  it.each<[string, (r: RawTriage) => void, RegExp]>([
    ['couples decided before abuse', (r) => {
      const [couples] = r.decisions.splice(decisionIndex(r, 'couples'), 1);
      r.decisions.splice(1, 0, couples!);
    }, /after the abuse decision/],
    ['danger not decided first', (r) => r.decisions.reverse(), /danger always wins/],
    ['abuse decision sends to couples', (r) => { r.decisions[decisionIndex(r, 'abuse')]!.tier = 'couples_counselling'; }, /abuse/],
    ['no catch-all decision', (r) => r.decisions.pop(), /always/],
    ['rule on an unknown question', (r) => { r.rules[0]!.when = { answer: 'nope', in: ['x'] }; }, /unknown question "nope"/],
    ['rule on an unknown option', (r) => { r.rules[0]!.when = { answer: 'safe_now', in: ['maybe'] }; }, /no option "maybe"/],
    ['rule testing a score', (r) => { r.rules[0]!.when = { score: 'need', atLeast: 1 }; }, /rules can only test answers/],
    ['decision on an unknown score', (r) => { r.decisions[decisionIndex(r, 'couples')]!.when = { score: 'vibes', atLeast: 1 }; }, /score "vibes"/],
    ['gap in duration ranges', (r) => { r.questions[4]!.options[1]!.range!.min = 2; }, /without gaps or overlaps/],
    ['unknown lexicon list', (r) => { r.questions[0]!.options[0]!.synonyms.push('@maybe'); }, /unknown lexicon list "@maybe"/],
    ['negatedTo another question\'s option', (r) => { r.questions[0]!.options[0]!.negatedTo = 'controlling'; }, /negatedTo/],
    ['safety question asked late', (r) => { r.questions.push(r.questions.shift()!); }, /safety-screen questions must come before/],
    ['plain http directory', (r) => { r.directories.countries['US']![0]!.url = 'http://example.com'; }, /https/],
    ['alias to a missing country', (r) => { r.directories.aliases['DE'] = 'DE'; }, /no directory list/],
    ['bad pattern', (r) => { r.questions[1]!.options[1]!.patterns = ['(unclosed']; }, /regular expression/],
    ['missing abuse-path wording', (r) => { delete r.abusePath['urgent']; }, /abusePath.urgent/],
  ])('rejects %s', (_name, mutate, message) => {
    const r = raw();
    mutate(r);
    expect(() => parseTriageContent(r)).toThrow(ContentError);
    expect(() => parseTriageContent(r)).toThrow(message);
  });

  it('takes its rules from the content passed in', () => {
    const r = raw();
    r.decisions[decisionIndex(r, 'couples')]!.when = { score: 'need', atLeast: 100 };
    const strict = parseTriageContent(r);
    expect(triage({ duration: 'over_1_year' }).tier).toBe('couples_counselling');
    expect(triage({ duration: 'over_1_year' }, {}, strict).tier).toBe('self_help');
    expect(triageQuestions(strict)).toEqual(triageQuestions());
  });
});
