import { ReferralOutcomesRepository } from './referral-outcomes.repository';

export * from './referral-outcomes.repository';
/** Registered by PersistenceModule. */
export const OUTCOME_REPOSITORIES = [ReferralOutcomesRepository];
