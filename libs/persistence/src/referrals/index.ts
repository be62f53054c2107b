import { ReferralsRepository } from './referrals.repository';

export { ReferralsRepository };
/** Registered by PersistenceModule. */
export const REFERRAL_REPOSITORIES = [ReferralsRepository];
