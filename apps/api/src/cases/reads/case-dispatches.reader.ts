import type { CaseDispatchRow, CaseHoldRow } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO, ISO_SET } from './case-read-dates';

/** The case's dispatches, by routing round, then agency. */
export function dispatchViews(rows: CaseDispatchRow[]): CaseDetailView['dispatches'] {
  return rows.map((d) => ({
    id: d.id,
    reference: d.reference,
    agency: { id: d.agency_id, name: d.agency_name },
    status: d.status,
    tlp: d.tlp,
    routingRound: d.routing_round,
    deliveryAttempts: d.delivery_attempts,
    lastError: d.last_error,
    leCaseNumber: d.le_case_number,
    outcome: d.outcome,
    declineReason: d.decline_reason,
    createdAt: ISO_SET(d.created_at),
    deliveredAt: ISO(d.delivered_at),
    acknowledgedAt: ISO(d.acknowledged_at),
    acceptedAt: ISO(d.accepted_at),
    declinedAt: ISO(d.declined_at),
    failedAt: ISO(d.failed_at),
  }));
}

/** Holds agencies placed on the case, newest first. */
export function holdViews(rows: CaseHoldRow[]): CaseDetailView['holds'] {
  return rows.map((h) => ({
    id: h.id,
    dispatchId: h.dispatch_id,
    agency: h.agency_name,
    scope: h.scope,
    reason: h.reason,
    documentRef: h.document_ref,
    expiresAt: ISO_SET(h.expires_at),
    status: h.status,
    createdAt: ISO_SET(h.created_at),
  }));
}
