import { FieldCipher } from '@app/common';
import type { ReferralEntity, StoredMerchant } from '@app/persistence';
import type { ReferralHoldView } from '@app/persistence';

/** The merchant as stored, with its sealed tax id and national ids masked (`•••• 1234`). */
export function maskedMerchant(m: StoredMerchant) {
  return {
    ...m,
    // A card-shaped merchant id is shown by its stored masked form, never by its keyed hashes.
    ...(m.merchantIds
      ? { merchantIds: m.merchantIds.map(({ acquirerId, mid }) => ({ acquirerId, mid })) }
      : {}),
    taxId: FieldCipher.mask(m.taxId),
    principals: (m.principals ?? []).map((p) => ({
      ...p,
      nationalId: FieldCipher.mask(p.nationalId),
    })),
  };
}

/**
 * What a member (and the API) sees of a referral: sensitive fields masked, no
 * case internals, other members only as a count, and the agencies' holds on
 * its merchant (see ReferralHoldsRepository.forReferrals; none for a draft).
 */
export function toReferralResponse(
  r: ReferralEntity,
  otherMembersFlagging: number | null,
  holds: ReferralHoldView[] = [],
) {
  const m = r.merchant;
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    organizationId: r.organizationId,
    createdBy: r.createdBy,
    category: r.category,
    indicators: r.indicators,
    priority: r.priority,
    escalationReason: r.escalationReason,
    tlp: r.tlp,
    observedFrom: r.observedFrom,
    observedTo: r.observedTo,
    totalAmount:
      r.totalAmount !== null && r.totalCurrency !== null
        ? { value: r.totalAmount, currency: r.totalCurrency }
        : null,
    narrative: r.narrative,
    merchant: m ? { ...maskedMerchant(m), hostingCountries: m.hostingCountries ?? [] } : null,
    observables: r.observables,
    transactions: r.transactions,
    acknowledgeReportingDuty: r.acknowledgeReportingDuty,
    otherMembersFlagging,
    holds,
    submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type ReferralView = ReturnType<typeof toReferralResponse>;
