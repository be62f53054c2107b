import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { ConflictProblem, type RequestMeta } from '@app/common';
import {
  buildCasePackage,
  CASE_PACKAGE_SCHEMA,
  DEFAULT_PAP,
  packageDigest,
  type CasePackage,
  type PackageApproval,
  type PackageDocument,
  type PackageReferralInput,
} from '@app/domain';
import {
  AuditCheckpointsRepository,
  PlannedDispatchesRepository,
  type PackageEvidence,
  type CaseEntity,
  type DispatchEntity,
  type PackageFiler,
  type PlannedAgency,
  type ReferralEntity,
  type StoredRoutingPlan,
  type Tx,
} from '@app/persistence';
import { Notifier, OutboxWriter, QueueName } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { maskedMerchant } from '../referrals/referral.mapper';

/** Where a preview's package names its dispatch: assigned only when a lead approves. */
export const PREVIEW_DISPATCH = {
  id: '00000000-0000-0000-0000-000000000000',
  reference: 'assigned at approval',
} as const;

/** What an approval hands over to create its dispatches. */
export interface ApprovedRouting {
  readonly case: CaseEntity;
  readonly plan: StoredRoutingPlan;
  readonly agencies: readonly PlannedAgency[];
  /** The referrals the dispatches carry, as reached by the approver, and their filers. */
  readonly referrals: readonly ReferralEntity[];
  readonly filers: readonly PackageFiler[];
  readonly approvedAt: Date;
}

/**
 * The dispatches an approved routing creates: one per planned agency, each with
 * its case package, the outbox row that delivers it and its audit event, in
 * the approval's transaction. The event records the package digest, and a
 * checkpoint request in the same transaction has the worker sign the chain
 * right after it, so the agency's proof exists within seconds.
 */
@Injectable()
export class DispatchCreation {
  constructor(
    private readonly planned: PlannedDispatchesRepository,
    private readonly checkpoints: AuditCheckpointsRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly notifier: Notifier,
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
    const build = await this.packageBuilder(tx, user, routing);
    for (const planned of routing.plan.agencies) {
      const agency = routing.agencies.find((a) => a.id === planned.agencyId)!;
      const id = randomUUID();
      const reference = await this.planned.nextReference(tx, routing.approvedAt);
      const pkg = build(planned, agency, { id, reference });
      const digest = packageDigest(pkg);
      await this.planned.create(tx, {
        id,
        reference,
        caseId: routing.case.id,
        agencyId: agency.id,
        routingRound: routing.case.routingRound,
        channels: agency.channels as DispatchEntity['channels'],
        basis: planned.basis,
        tlp: routing.plan.tlp,
        namedLiaisonIds: planned.liaisonIds?.length ? planned.liaisonIds : null,
        package: pkg as unknown as Record<string, unknown>,
        packageDigest: digest,
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
        details: {
          caseId: routing.case.id,
          agencyId: agency.id,
          reference,
          packageSchema: CASE_PACKAGE_SCHEMA,
          packageDigest: digest,
        },
      });
      await this.notifier.notify(tx, 'dispatch.created', id, user.id);
    }
    await this.checkpoints.request(tx, user.id);
  }

  /**
   * The packages the approval would create if `user` approved now, built the
   * same way, with the dispatch's id and reference not yet assigned
   * (PREVIEW_DISPATCH). Nothing is written.
   */
  async preview(
    tx: Tx,
    user: AuthUser,
    routing: ApprovedRouting,
  ): Promise<{ agency: PlannedAgency; package: CasePackage }[]> {
    const build = await this.packageBuilder(tx, user, routing);
    return routing.plan.agencies.map((planned) => {
      const agency = routing.agencies.find((a) => a.id === planned.agencyId)!;
      return { agency, package: build(planned, agency, PREVIEW_DISPATCH) };
    });
  }

  /** Reads what every package of the routing shares once, and builds one per agency from it. */
  private async packageBuilder(tx: Tx, user: AuthUser, routing: ApprovedRouting) {
    const { case: c, plan } = routing;
    const evidence = await this.planned.evidence(
      tx,
      routing.referrals.map((r) => r.id),
      [c.proposedBy, user.id].filter((id): id is string => id !== null),
    );
    const referrals = packageReferrals(routing.referrals, routing.filers, evidence.documents);
    const approval = approvalOf(c, user, routing.approvedAt, evidence);
    return (
      planned: StoredRoutingPlan['agencies'][number],
      agency: PlannedAgency,
      dispatch: { id: string; reference: string },
    ): CasePackage =>
      buildCasePackage({
        dispatch,
        case: { id: c.id, reference: c.reference, priority: c.priority },
        agency: { id: agency.id, name: agency.name },
        tlp: plan.tlp,
        pap: plan.pap ?? DEFAULT_PAP,
        rationale: plan.rationale,
        basis: planned.basis,
        referrals,
        approvedAt: routing.approvedAt,
        informationRequests: [...evidence.answers],
        approval,
      });
  }
}

/** The coalition staff who proposed and approved, by name (the approver is the caller). */
function approvalOf(
  c: CaseEntity,
  approver: AuthUser,
  approvedAt: Date,
  evidence: PackageEvidence,
): PackageApproval {
  const name = (id: string | null) => (id ? (evidence.staffNames.get(id) ?? '') : '');
  return {
    proposedBy: name(c.proposedBy),
    proposedAt: (c.proposedAt ?? approvedAt).toISOString(),
    approvedBy: name(approver.id),
    approvedAt: approvedAt.toISOString(),
  };
}

/** Referrals as a dispatch package shows them: sensitive values masked, the filer as it may be named. */
export function packageReferrals(
  referrals: readonly ReferralEntity[],
  filers: readonly PackageFiler[],
  documents?: readonly (PackageDocument & { readonly referralId: string })[],
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
      ...(documents
        ? {
            documents: documents
              .filter((d) => d.referralId === r.id)
              .map(({ referralId: _, ...d }) => d),
          }
        : {}),
    };
  });
}
