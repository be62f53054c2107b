import { FieldCipher } from '@app/common';
import type { ReferralEntity } from '@app/persistence';

/**
 * What a member (and the API) sees of a referral: sensitive fields masked, no
 * case internals, other members only as a count.
 */
export function toReferralResponse(r: ReferralEntity, otherMembersFlagging: number | null) {
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
    merchant: m
      ? {
          ...m,
          hostingCountries: m.hostingCountries ?? [],
          taxId: FieldCipher.mask(m.taxId),
          principals: (m.principals ?? []).map((p) => ({
            ...p,
            nationalId: FieldCipher.mask(p.nationalId),
          })),
        }
      : null,
    observables: r.observables,
    transactions: r.transactions,
    acknowledgeReportingDuty: r.acknowledgeReportingDuty,
    otherMembersFlagging,
    submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type ReferralView = ReturnType<typeof toReferralResponse>;
