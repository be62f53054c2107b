import type { DispatchStatus, HoldScope } from '@app/domain';
import type { DeliveryAttemptEntity, DispatchEntity, HoldEntity } from '@app/persistence';
import type { DispatchOutcome } from './dispatch-outcomes';
import type {
  DeliverySummaryResponse,
  DispatchResponse,
  DispatchSummaryResponse,
} from './dto/dispatch-response.dto';
import type { HoldResponse } from './dto/hold-response.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** What a liaison triages by, besides where the dispatch stands. */
export interface DispatchHeadline {
  /** The case's priority at approval. */
  priority: string;
  merchantName: string | null;
  /** Due time of the unmet LE-acknowledgement clock, if one runs. */
  acknowledgeBy: Date | null;
}

/** A dispatch's list columns (never the package, which can be large). */
export type DispatchSummaryFields = Pick<
  DispatchEntity,
  | 'id'
  | 'reference'
  | 'caseId'
  | 'status'
  | 'tlp'
  | 'namedLiaisonIds'
  | 'createdAt'
  | 'deliveredAt'
  | 'acknowledgedAt'
  | 'acceptedAt'
  | 'declinedAt'
  | 'leCaseNumber'
  | 'outcome'
>;

function text(value: unknown): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? null : trimmed;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[])[0] : undefined;
}

/**
 * The package's priority and main merchant name: the first referral's legal
 * name, else its first trading name, else the first name of the summary.
 * The dispatch list query computes the same in SQL.
 */
export function packageHeadline(
  pkg: Record<string, unknown>,
  fallbackPriority: string,
): Pick<DispatchHeadline, 'priority' | 'merchantName'> {
  const merchant = record(record(first(pkg.referrals)).merchant);
  return {
    priority: text(record(pkg.case).priority) ?? fallbackPriority,
    merchantName:
      text(merchant.legalName) ??
      text(first(merchant.tradingNames)) ??
      text(first(record(pkg.summary).merchantNames)),
  };
}

/** What a list shows of a dispatch: no package. */
export function toDispatchSummary(
  d: DispatchSummaryFields,
  agency: { id: string; name: string },
  caseReference: string,
  headline: DispatchHeadline,
): DispatchSummaryResponse {
  return {
    id: d.id,
    reference: d.reference,
    caseId: d.caseId,
    caseReference,
    agency: { id: agency.id, name: agency.name },
    status: d.status as DispatchStatus,
    tlp: d.tlp,
    namedLiaisonIds:
      d.namedLiaisonIds && d.namedLiaisonIds.length > 0 ? [...d.namedLiaisonIds] : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
    acknowledgedAt: iso(d.acknowledgedAt),
    acceptedAt: iso(d.acceptedAt),
    declinedAt: iso(d.declinedAt),
    leCaseNumber: d.leCaseNumber,
    outcome: d.outcome as DispatchOutcome | null,
    priority: headline.priority,
    merchantName: headline.merchantName,
    acknowledgeBy: iso(headline.acknowledgeBy),
  };
}

/** Delivery as coordinators follow it. */
export function toDeliverySummary(
  d: DispatchEntity,
  attempts: DeliveryAttemptEntity[],
): DeliverySummaryResponse {
  return {
    attemptCount: d.deliveryAttempts,
    lastError: d.lastError,
    failedAt: iso(d.failedAt),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      channel: a.channel,
      outcome: a.outcome,
      httpStatus: a.httpStatus,
      error: a.error,
      durationMs: a.durationMs,
      at: a.createdAt.toISOString(),
    })),
  };
}

/** One dispatch opened, with its package; `delivery` is null unless the reader is a coordinator. */
export function toDispatchResponse(
  d: DispatchEntity,
  agency: { id: string; name: string },
  caseReference: string,
  headline: DispatchHeadline,
  holds: HoldEntity[],
  delivery: DeliverySummaryResponse | null,
): DispatchResponse {
  return {
    ...toDispatchSummary(d, agency, caseReference, headline),
    channels: [...d.channels],
    basis: d.basis.map((b) => ({
      jurisdiction: b.jurisdiction,
      sources: [...b.sources],
      explanation: b.explanation,
    })),
    package: d.package,
    declineReason: d.declineReason,
    outcomeNote: d.outcomeNote,
    outcomeAt: iso(d.outcomeAt),
    shareCaseNumberWithFilers: d.shareCaseNumberWithFilers,
    holds: holds.map(toHoldResponse),
    delivery,
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** A hold as its agency and coordinators see it (document reference included). */
export function toHoldResponse(h: HoldEntity): HoldResponse {
  return {
    id: h.id,
    dispatchId: h.dispatchId,
    agencyId: h.agencyId,
    scope: h.scope as HoldScope,
    reason: h.reason,
    documentRef: h.documentRef,
    expiresAt: h.expiresAt.toISOString(),
    status: h.status,
    renewals: h.renewals,
    createdBy: h.createdBy,
    createdAt: h.createdAt.toISOString(),
    releasedAt: h.releasedAt ? h.releasedAt.toISOString() : null,
    releasedBy: h.releasedBy,
    updatedAt: h.updatedAt.toISOString(),
  };
}
