import { DISPATCH_OUTCOME_MEANINGS as SHARED_OUTCOME_MEANINGS } from '@app/domain';

/**
 * What an agency reports it did with an accepted dispatch (POST
 * /dispatches/:id/outcome). Wire values; the latest report replaces the
 * previous one, and every report is in the audit trail.
 */
export const DISPATCH_OUTCOMES = [
  'investigation_opened',
  'arrest',
  'charges_filed',
  'conviction',
  'merchant_disrupted',
  'referred_onward',
  'no_further_action',
  'other',
] as const;
export type DispatchOutcome = (typeof DISPATCH_OUTCOMES)[number];

/** What each outcome means (the shared vocabulary's words). */
export const DISPATCH_OUTCOME_MEANINGS: Readonly<Record<DispatchOutcome, string>> =
  SHARED_OUTCOME_MEANINGS;

/**
 * What the filing members read on their referral, in plain words: the agency
 * is named beside it, so the sentence says what happened, not who did it.
 */
export const DISPATCH_OUTCOME_SUMMARIES: Readonly<Record<DispatchOutcome, string>> = {
  investigation_opened: 'A law-enforcement agency opened an investigation.',
  arrest: 'A law-enforcement agency made one or more arrests.',
  charges_filed: 'Charges were filed.',
  conviction: 'A court convicted.',
  merchant_disrupted: 'The merchant was taken down or its assets were seized or frozen.',
  referred_onward: 'The agency passed the case to another law-enforcement agency.',
  no_further_action: 'The agency closed the matter without further action.',
  other: 'The agency reported another outcome; the coalition can tell you more.',
};
