import { ReferralHoldsRepository, type ReferralHoldView, type Tx } from '@app/persistence';
import type { EntityManager } from 'typeorm';

export type { ReferralHoldView };

const referralHolds = new ReferralHoldsRepository();

/**
 * The holds members should see on each referral (ReferralHoldsRepository.forReferrals),
 * for a caller that still works with an EntityManager rather than a Tx.
 */
export function holdsForReferrals(
  manager: EntityManager,
  referrals: { id: string; caseId: string | null; status: string }[],
): Promise<Map<string, ReferralHoldView[]>> {
  return referralHolds.forReferrals(manager as unknown as Tx, referrals);
}
