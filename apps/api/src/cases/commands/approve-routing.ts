import { actorOf, AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import { decideCaseTransition, DEFAULT_PAP, strictestTlp, type CaseStatus } from '@app/domain';
import {
  AgenciesRepository,
  CaseReferralsRepository,
  CasesRepository,
  InfoRequestsRepository,
  ReferralsRepository,
  type CaseEntity,
  type PackageFiler,
  type PlannedAgency,
  type ReferralEntity,
  type StoredRoutingPlan,
  type Tx,
} from '@app/persistence';
import { SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { DispatchCreation } from '../../dispatches/dispatch-creation';
import { refusalProblem } from '../../workflow/refusal';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { nothingToRoute, tlpBelowReferrals, UNDECIDED } from './case-rules';
import { CaseTransitions } from './case-transitions';
import { CaseViews } from './case-views';
import { staleNamedLiaisons } from './named-liaisons';

/**
 * Four-eyes approval of a proposed routing (a lead other than the proposer):
 * the undecided referrals are accepted, one dispatch per planned agency is
 * created with its package and delivery, and the case is routed — all in the
 * approval's transaction.
 */
@Injectable()
export class ApproveRouting {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly referrals: ReferralsRepository,
    private readonly requests: InfoRequestsRepository,
    private readonly dispatches: DispatchCreation,
    private readonly transitions: CaseTransitions,
    private readonly views: CaseViews,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    private readonly agencyLiaisons: AgenciesRepository,
  ) {}

  run(user: AuthUser, caseId: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'approve', {
      context: (c) => Promise.resolve({ proposerId: c.proposedBy }),
      apply: async (c, tx, to) => {
        const plan = this.proposedPlan(c);
        await this.refuseTlpBelowReferrals(tx, user, c.id, plan);
        const agencies = await this.dispatches.agenciesOf(tx, plan);
        await this.refuseStaleLiaisons(tx, plan, agencies);
        const approvedAt = new Date();
        const { referrals, filers } = await this.undecidedReferrals(tx, user, c.id);
        await this.markApproved(tx, user, meta, c, to, approvedAt, plan);
        await this.settleReferrals(tx, user, c.id);
        await this.dispatches.create(tx, user, meta, {
          case: c,
          plan,
          agencies,
          referrals,
          filers,
          approvedAt,
        });
        await this.markRouted(tx, meta, c, plan);
        return this.views.detail(tx, c.id);
      },
    });
  }

  /** The routing awaiting approval; one naming no agency must be proposed again. */
  private proposedPlan(c: CaseEntity): StoredRoutingPlan {
    const plan = c.routingPlan;
    if (!plan || plan.agencies.length === 0) {
      throw refusalProblem(
        {
          allowed: false,
          kind: 'invalid',
          code: 'agencies_required',
          message: 'The proposed routing names no agency; send it back to be proposed again.',
        },
        'agencyIds',
      );
    }
    return plan;
  }

  /** A referral marked stricter since the proposal, beyond an approved downgrade, stops the approval. */
  private async refuseTlpBelowReferrals(
    tx: Tx,
    user: AuthUser,
    caseId: string,
    plan: StoredRoutingPlan,
  ): Promise<void> {
    const scope = this.access.scopeFilter(user, 'cases.write');
    const floor = strictestTlp(await this.caseReferrals.markings(tx, scope, caseId, UNDECIDED));
    const refusal = tlpBelowReferrals(plan, floor);
    if (refusal) throw refusal;
  }

  /** A RED or AMBER+STRICT plan whose named liaisons are not all still active is stale (409). */
  private async refuseStaleLiaisons(
    tx: Tx,
    plan: StoredRoutingPlan,
    agencies: readonly PlannedAgency[],
  ): Promise<void> {
    const active = await this.agencyLiaisons.activeLiaisons(
      tx,
      plan.agencies.map((a) => a.agencyId),
    );
    const refusal = staleNamedLiaisons(
      plan,
      active,
      (id) => agencies.find((a) => a.id === id)?.name ?? id,
    );
    if (refusal) throw refusal;
  }

  /** The referrals the dispatches carry: those still undecided (none left: nothing to route). */
  private async undecidedReferrals(
    tx: Tx,
    user: AuthUser,
    caseId: string,
  ): Promise<{ referrals: ReferralEntity[]; filers: PackageFiler[] }> {
    const scope = this.access.scopeFilter(user, 'cases.write');
    const found = await this.caseReferrals.forPackage(tx, scope, caseId, UNDECIDED);
    if (found.referrals.length === 0) throw nothingToRoute();
    return found;
  }

  private async markApproved(
    tx: Tx,
    user: AuthUser,
    meta: RequestMeta,
    c: CaseEntity,
    to: CaseStatus,
    approvedAt: Date,
    plan: StoredRoutingPlan,
  ): Promise<void> {
    c.status = to;
    c.approvedBy = user.id;
    c.approvedAt = approvedAt;
    c.routingRound += 1;
    await this.audit.record(tx, {
      actor: actorOf(user),
      origin: meta,
      action: 'case.approve',
      outcome: 'success',
      targetType: 'case',
      targetId: c.id,
      details: {
        proposedBy: c.proposedBy,
        agencies: plan.agencies.length,
        routingRound: c.routingRound,
        tlp: plan.tlp,
        namedLiaisons: namedLiaisonsRecorded(plan),
        pap: plan.pap ?? DEFAULT_PAP,
        // The lead approves the downgrade with the plan; the trail shows both.
        tlpDowngrade: plan.tlpDowngrade ?? null,
      },
    });
  }

  /** The coalition has decided: open questions are withdrawn, undecided referrals accepted. */
  private async settleReferrals(tx: Tx, user: AuthUser, caseId: string): Promise<void> {
    await this.requests.cancelOpenOfCase(tx, this.access.scopeFilter(user, 'cases.write'), caseId);
    await this.clocks.stop(tx, 'info_request', { caseId }, 'cancelled');
    await this.referrals.transitionCase(tx, caseId, 'accept');
  }

  /** approved → routed: the dispatches exist and are on their way. */
  private async markRouted(
    tx: Tx,
    meta: RequestMeta,
    c: CaseEntity,
    plan: StoredRoutingPlan,
  ): Promise<void> {
    const routed = decideCaseTransition('route', {
      status: c.status as CaseStatus,
      actor: 'system',
    });
    if (!routed.allowed) throw refusalProblem(routed);
    c.status = routed.to;
    await this.cases.save(tx, c);
    await this.audit.record(tx, {
      actor: SYSTEM_ACTOR,
      origin: meta,
      action: 'case.route',
      outcome: 'success',
      targetType: 'case',
      targetId: c.id,
      details: { dispatches: plan.agencies.length, routingRound: c.routingRound },
    });
  }
}

/** The named liaisons by agency, for the audit trail (null when the plan names none). */
function namedLiaisonsRecorded(plan: StoredRoutingPlan): Record<string, string[]> | null {
  const named = plan.agencies.filter((a) => a.liaisonIds && a.liaisonIds.length > 0);
  return named.length > 0
    ? Object.fromEntries(named.map((a) => [a.agencyId, a.liaisonIds!]))
    : null;
}
