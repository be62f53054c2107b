import type { HoldScope } from '@app/domain';
import type { HoldEntity } from '@app/persistence';
import type { HoldResponse } from './dto/hold.dto';

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
