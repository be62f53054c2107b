import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, type RequestMeta } from '@app/common';
import { CaseReferralsRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DispatchCreation } from '../../dispatches/dispatch-creation';
import { nothingToRoute, UNDECIDED } from '../commands/case-rules';
import type { RoutingPreviewResponse } from './routing-preview.dto';

/**
 * What each agency would receive if the caller approved the proposed routing
 * now: the packages built exactly as the approval builds them, nothing
 * written. Reading them is reading case material, so it is audited.
 */
@Injectable()
export class RoutingPreviewService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly dispatches: DispatchCreation,
    private readonly audit: AuditWriter,
  ) {}

  preview(user: AuthUser, caseId: string, meta: RequestMeta): Promise<RoutingPreviewResponse> {
    return this.uow.run(async (tx) => {
      const c = await this.access.require(user, 'cases.read', { kind: 'case', id: caseId }, { tx });
      const plan = c.routingPlan;
      if (c.status !== 'pending_approval' || !plan || plan.agencies.length === 0) {
        throw new ConflictProblem(
          'no_routing_to_preview',
          'Only a case awaiting approval has a proposed routing to preview.',
        );
      }
      const agencies = await this.dispatches.agenciesOf(tx, plan);
      const { referrals, filers } = await this.caseReferrals.forPackage(
        tx,
        this.access.scopeFilter(user, 'cases.read'),
        caseId,
        UNDECIDED,
      );
      if (referrals.length === 0) throw nothingToRoute();
      const previews = await this.dispatches.preview(tx, user, {
        case: c,
        plan,
        agencies,
        referrals,
        filers,
        approvedAt: new Date(),
      });
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'case.package_preview',
        outcome: 'success',
        targetType: 'case',
        targetId: caseId,
        details: { reference: c.reference, agencies: previews.length },
      });
      return {
        packages: previews.map((p) => ({
          agencyId: p.agency.id,
          agencyName: p.agency.name,
          package: p.package as unknown as Record<string, unknown>,
        })),
      };
    });
  }
}
