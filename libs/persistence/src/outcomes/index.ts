import { AgencyQuestionsRepository } from './agency-questions.repository';
import { OutcomeCountsRepository } from './outcome-counts.repository';
import { ReferralOutcomesRepository } from './referral-outcomes.repository';

export * from './agency-questions.repository';
export * from './outcome-counts.repository';
export * from './referral-outcomes.repository';
/** Registered by PersistenceModule. */
export const OUTCOME_REPOSITORIES = [
  AgencyQuestionsRepository,
  OutcomeCountsRepository,
  ReferralOutcomesRepository,
];
