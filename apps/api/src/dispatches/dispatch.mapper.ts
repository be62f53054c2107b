import type { DispatchStatus } from '@app/domain';
import type { DeliveryAttemptEntity, DispatchEntity, HoldEntity } from '@app/persistence';
import { toHoldResponse } from '../holds/hold.mapper';
import type { DispatchOutcome } from './dispatch-outcomes';
import type {
  DeliverySummaryResponse,
  DispatchResponse,
  DispatchSummaryResponse,
} from './dto/dispatch-response.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** What a list shows of a dispatch: no package. */
export function toDispatchSummary(
  d: DispatchEntity,
  agency: { id: string; name: string },
  caseReference: string,
): DispatchSummaryResponse {
  return {
    id: d.id,
    reference: d.reference,
    caseId: d.caseId,
    caseReference,
    agency: { id: agency.id, name: agency.name },
    status: d.status as DispatchStatus,
    tlp: d.tlp,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
    acknowledgedAt: iso(d.acknowledgedAt),
    acceptedAt: iso(d.acceptedAt),
    declinedAt: iso(d.declinedAt),
    leCaseNumber: d.leCaseNumber,
    outcome: d.outcome as DispatchOutcome | null,
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
  holds: HoldEntity[],
  delivery: DeliverySummaryResponse | null,
): DispatchResponse {
  return {
    ...toDispatchSummary(d, agency, caseReference),
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
    holds: holds.map(toHoldResponse),
    delivery,
    updatedAt: d.updatedAt.toISOString(),
  };
}
