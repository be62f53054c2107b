import { FieldCipher } from '@app/common';
import type {
  HashAlgorithm,
  IndicatorCode,
  IpEvent,
  ObservableType,
  Priority,
  ReferralCategory,
  ReferralStatus,
  TlpMarking,
  TransactionDirection,
  TransactionRail,
} from '@app/domain';
import type {
  ReferralEntity,
  ReferralHoldView,
  ReferralOutcomeView,
  StoredMerchant,
  StoredObservable,
  StoredTransaction,
} from '@app/persistence';
import { DISPATCH_OUTCOME_SUMMARIES, type DispatchOutcome } from '../dispatches/dispatch-outcomes';
import type {
  ReferralMerchantResponse,
  ReferralObservableResponse,
  ReferralResponse,
  ReferralTransactionResponse,
} from './dto/referral-response.dto';

/**
 * The merchant as stored, with its sealed tax id and national ids masked
 * (`•••• 1234`) and card-shaped merchant ids without their keyed hashes. For
 * dispatches; referral responses use merchantResponse.
 */
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
 * The merchant as a referral response shows it: every field present (null or
 * an empty list when the filer did not give it, as in a draft), sealed values
 * masked, card-shaped merchant ids in their stored masked form. Built field by
 * field, so nothing stored beside them (keyed hashes) can reach a response.
 */
export function merchantResponse(m: StoredMerchant): ReferralMerchantResponse {
  const a = m.acquirer;
  return {
    legalName: m.legalName ?? null,
    tradingNames: m.tradingNames ?? [],
    descriptors: m.descriptors ?? [],
    country: m.country ?? null,
    mcc: m.mcc ?? null,
    acquirer: a
      ? {
          name: a.name ?? null,
          country: a.country ?? null,
          bin: a.bin ?? null,
          ica: a.ica ?? null,
        }
      : null,
    merchantIds: (m.merchantIds ?? []).map(({ acquirerId, mid }) => ({ acquirerId, mid })),
    websites: m.websites ?? [],
    hostingCountries: m.hostingCountries ?? [],
    emails: m.emails ?? [],
    phones: m.phones ?? [],
    registrationNumber: m.registrationNumber ?? null,
    taxId: FieldCipher.mask(m.taxId),
    principals: (m.principals ?? []).map((p) => ({
      name: p.name,
      countryOfResidence: p.countryOfResidence ?? null,
      dateOfBirth: p.dateOfBirth ?? null,
      nationalId: FieldCipher.mask(p.nationalId),
    })),
  };
}

function observableResponse(o: StoredObservable): ReferralObservableResponse {
  return {
    type: o.type as ObservableType,
    value: o.value,
    algorithm: (o.algorithm ?? null) as HashAlgorithm | null,
    event: (o.event ?? null) as IpEvent | null,
    seenAt: o.seenAt ?? null,
    viewedByReporter: o.viewedByReporter ?? null,
    publiclyAvailable: o.publiclyAvailable ?? null,
  };
}

function transactionResponse(t: StoredTransaction): ReferralTransactionResponse {
  return {
    date: t.date,
    amount: t.amount,
    currency: t.currency,
    rail: t.rail as TransactionRail,
    direction: t.direction as TransactionDirection,
    counterparty: t.counterparty ?? null,
  };
}

/**
 * What a member (and the API) sees of a referral: sensitive fields masked, no
 * case internals, other members only as a count, and the agencies' holds on
 * its merchant (see ReferralHoldsRepository.forReferrals; none for a draft),
 * and what the agencies reported (ReferralOutcomesRepository.forReferrals).
 * Every field of ReferralResponse is present, null when not known.
 */
export function toReferralResponse(
  r: ReferralEntity,
  otherMembersFlagging: number | null,
  holds: ReferralHoldView[] = [],
  outcomes: ReferralOutcomeView[] = [],
): ReferralResponse {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status as ReferralStatus,
    organizationId: r.organizationId,
    createdBy: r.createdBy,
    category: r.category as ReferralCategory | null,
    indicators: r.indicators as IndicatorCode[],
    priority: r.priority as Priority,
    escalationReason: r.escalationReason,
    tlp: r.tlp as TlpMarking,
    observedFrom: r.observedFrom,
    observedTo: r.observedTo,
    totalAmount:
      r.totalAmount !== null && r.totalCurrency !== null
        ? { value: r.totalAmount, currency: r.totalCurrency }
        : null,
    narrative: r.narrative,
    merchant: r.merchant ? merchantResponse(r.merchant) : null,
    observables: r.observables.map(observableResponse),
    transactions: r.transactions.map(transactionResponse),
    acknowledgeReportingDuty: r.acknowledgeReportingDuty,
    otherMembersFlagging,
    holds: holds.map((h) => ({
      id: h.id,
      scope: h.scope,
      reason: h.reason,
      expiresAt: h.expiresAt,
      status: h.status,
      agency: h.agency,
      createdAt: h.createdAt,
    })),
    agencyOutcomes: outcomes.map((o) => ({
      agency: o.agency,
      status: o.outcome as DispatchOutcome,
      summary: DISPATCH_OUTCOME_SUMMARIES[o.outcome as DispatchOutcome],
      recordedAt: o.recordedAt,
      agencyCaseNumber: o.agencyCaseNumber,
    })),
    submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type ReferralView = ReferralResponse;
