import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { ConflictProblem, type RequestMeta } from '@app/common';
import { buildCasePackage, DEFAULT_PAP, type PackageReferralInput } from '@app/domain';
import {
  PlannedDispatchesRepository,
  type CaseEntity,
  type DispatchEntity,
  type PackageFiler,
  type PlannedAgency,
  type ReferralEntity,
  type StoredRoutingPlan,
  type Tx,
} from '@app/persistence';
import { OutboxWriter, QueueName } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { maskedMerchant } from '../referrals/referral.mapper';

/** What an approval hands over to create its dispatches. */
export interface ApprovedRouting {
  readonly case: CaseEntity;
  readonly plan: StoredRoutingPlan;
  readonly agencies: readonly PlannedAgency[];
  readonly referrals: readonly PackageReferralInput[];
  readonly approvedAt: Date;
}

/**
 * The dispatches an approved routing creates: one per planned agency, each with
 * its case package, the outbox row that delivers it and its audit event, in
 * the approval's transaction.
 */
@Injectable()
export class DispatchCreation {
  constructor(
    private readonly planned: PlannedDispatchesRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  /** The plan's agencies, every one still active; else the plan is stale (409). */
  async agenciesOf(tx: Tx, plan: StoredRoutingPlan): Promise<PlannedAgency[]> {
    const agencies = await this.planned.agencies(
      tx,
      plan.agencies.map((a) => a.agencyId),
    );
    for (const planned of plan.agencies) {
      const agency = agencies.find((a) => a.id === planned.agencyId);
      if (!agency?.active) {
        throw new ConflictProblem(
          'routing_plan_stale',
          `An agency of the proposed routing is no longer active (${agency?.name ?? planned.agencyId}); send the case back and propose again.`,
        );
      }
    }
    return agencies;
  }

  async create(tx: Tx, user: AuthUser, meta: RequestMeta, routing: ApprovedRouting): Promise<void> {
    const { case: c, plan } = routing;
    for (const planned of plan.agencies) {
      const agency = routing.agencies.find((a) => a.id === planned.agencyId)!;
      const id = randomUUID();
      const reference = await this.planned.nextReference(tx, routing.approvedAt);
      const pkg = buildCasePackage({
        dispatch: { id, reference },
        case: { id: c.id, reference: c.reference, priority: c.priority },
        agency: { id: agency.id, name: agency.name },
        tlp: plan.tlp,
        pap: plan.pap ?? DEFAULT_PAP,
        rationale: plan.rationale,
        basis: planned.basis,
        referrals: [...routing.referrals],
        approvedAt: routing.approvedAt,
      });
      await this.planned.create(tx, {
        id,
        reference,
        caseId: c.id,
        agencyId: agency.id,
        routingRound: c.routingRound,
        channels: agency.channels as DispatchEntity['channels'],
        basis: planned.basis,
        tlp: plan.tlp,
        namedLiaisonIds: planned.liaisonIds?.length ? planned.liaisonIds : null,
        package: pkg as unknown as Record<string, unknown>,
      });
      await this.outbox.enqueue(tx, QueueName.Dispatch, 'deliver', {
        organizationId: agency.organizationId,
        dispatchId: id,
      });
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'dispatch.create',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: id,
        details: { caseId: c.id, agencyId: agency.id, reference },
      });
    }
  }
}

/** Referrals as a dispatch package shows them: sensitive values masked, the filer as it may be named. */
export function packageReferrals(
  referrals: readonly ReferralEntity[],
  filers: readonly PackageFiler[],
): PackageReferralInput[] {
  return referrals.map((r) => {
    const filer = filers.find((o) => o.id === r.organizationId);
    return {
      reference: r.reference,
      filer: {
        legalName: filer?.legalName ?? '',
        namedInDispatches: filer?.namedInDispatches ?? false,
      },
      category: r.category,
      indicators: r.indicators,
      priority: r.priority,
      observedFrom: r.observedFrom,
      observedTo: r.observedTo,
      totalAmount:
        r.totalAmount !== null && r.totalCurrency !== null
          ? { value: r.totalAmount, currency: r.totalCurrency }
          : null,
      narrative: r.narrative,
      merchant: r.merchant ? maskedMerchant(r.merchant) : null,
      observables: r.observables,
      transactions: r.transactions,
      submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
    };
  });
}
