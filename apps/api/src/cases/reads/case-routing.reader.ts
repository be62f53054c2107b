import { DEFAULT_PAP } from '@app/domain';
import type { CaseDetailRow } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO } from './case-read-dates';

/**
 * The routing as proposed and approved: null plan before the first proposal;
 * agencies and coordinators by name (an unknown one as an empty name).
 */
export function routingView(c: CaseDetailRow): CaseDetailView['routing'] {
  const plan = c.routing_plan;
  const agencyNames = new Map(Object.entries(c.agency_names ?? {}));
  return {
    plan: plan
      ? {
          agencies: plan.agencies.map((a) => ({
            agencyId: a.agencyId,
            agencyName: agencyNames.get(a.agencyId) ?? '',
            basis: a.basis,
            liaisonIds: a.liaisonIds ?? [],
          })),
          tlp: plan.tlp,
          pap: plan.pap ?? DEFAULT_PAP,
          tlpDowngrade: plan.tlpDowngrade ?? null,
          rationale: plan.rationale,
        }
      : null,
    proposedBy: c.proposed_by ? { id: c.proposed_by, displayName: c.proposer_name ?? '' } : null,
    proposedAt: ISO(c.proposed_at),
    approvedBy: c.approved_by ? { id: c.approved_by, displayName: c.approver_name ?? '' } : null,
    approvedAt: ISO(c.approved_at),
  };
}
