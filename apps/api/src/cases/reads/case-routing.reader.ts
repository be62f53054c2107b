import type { CaseEntity } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO, type CaseReadContext } from './case-read-context';

/**
 * The routing as proposed and approved: null plan before the first proposal;
 * agencies and coordinators by name (an unknown one as an empty name).
 */
export async function readRouting(
  ctx: CaseReadContext,
  c: CaseEntity,
): Promise<CaseDetailView['routing']> {
  const people = [c.proposedBy, c.approvedBy].filter((id): id is string => id !== null);
  const users = await ctx.work.userNames(ctx.tx, ctx.scope, people);
  const plan = c.routingPlan;
  const agencyNames = plan
    ? await ctx.work.agencyNames(
        ctx.tx,
        plan.agencies.map((a) => a.agencyId),
      )
    : new Map<string, string>();
  return {
    plan: plan
      ? {
          agencies: plan.agencies.map((a) => ({
            agencyId: a.agencyId,
            agencyName: agencyNames.get(a.agencyId) ?? '',
            basis: a.basis,
          })),
          tlp: plan.tlp,
          rationale: plan.rationale,
        }
      : null,
    proposedBy: c.proposedBy
      ? { id: c.proposedBy, displayName: users.get(c.proposedBy) ?? '' }
      : null,
    proposedAt: ISO(c.proposedAt),
    approvedBy: c.approvedBy
      ? { id: c.approvedBy, displayName: users.get(c.approvedBy) ?? '' }
      : null,
    approvedAt: ISO(c.approvedAt),
  };
}
