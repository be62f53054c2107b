import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  AppConfig,
  ConflictProblem,
  Forbidden,
  ValidationProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  DEFAULT_TLP,
  hasPermission,
  referralTransition,
  type RecordScope,
  type ReferralAction,
  type ReferralStatus,
} from '@app/domain';
import {
  ReferralHoldsRepository,
  ReferralOutcomesRepository,
  ReferralsRepository,
  UnitOfWork,
  type NewReferral,
  type ReferralEntity,
  type ReferralHoldView,
  type ReferralOutcomeView,
  type Tx,
} from '@app/persistence';
import { OutboxWriter, QueueName, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IdempotencyService, type Outcome } from '../idempotency/idempotency.service';
import { referralCompletenessProblems, referralConsistencyProblems } from './dto/completeness';
import { referralAsInput, ReferralContent } from './referral-content';
import type { ReferralInput } from './referral-input';
import { toReferralResponse, type ReferralView } from './referral.mapper';

const PAST_PARTICIPLE: Record<ReferralAction, string> = {
  edit: 'edited',
  submit: 'submitted',
  intake: 'taken in',
  withdraw: 'withdrawn',
  request_info: 'sent an information request',
  answer_info: 'answered',
  accept: 'accepted',
  decline: 'declined',
  reopen: 'reopened',
};

/**
 * Filing a referral: draft, edit, submit, withdraw, and reading them. Each
 * command checks the record once, locked, inside its transaction; reach is
 * the permission table's (a reporter their own referrals, a member admin
 * their organization's, coordinators all).
 */
@Injectable()
export class ReferralsService {
  private readonly content: ReferralContent;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly referrals: ReferralsRepository,
    private readonly referralHolds: ReferralHoldsRepository,
    private readonly referralOutcomes: ReferralOutcomesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: SlaClocks,
    private readonly idempotency: IdempotencyService,
    config: AppConfig,
  ) {
    this.content = new ReferralContent(config);
  }

  async create(
    actor: AuthUser,
    body: ReferralInput,
    idempotencyKey: string | undefined,
    meta: RequestMeta,
  ): Promise<Outcome<ReferralView>> {
    const scope = this.access.scopeFilter(actor, 'referrals.create');
    return this.uow.run((tx) =>
      this.idempotency.run(
        tx,
        { userId: actor.id },
        'referral.create',
        idempotencyKey,
        body,
        async () => {
          const id = randomUUID();
          const entity: NewReferral = {
            id,
            organizationId: actor.organizationId,
            createdBy: actor.id,
            status: 'draft',
            category: null,
            indicators: [],
            priority: 'P3',
            escalationReason: null,
            tlp: DEFAULT_TLP,
            observedFrom: null,
            observedTo: null,
            totalAmount: null,
            totalCurrency: null,
            narrative: null,
            merchant: null,
            observables: [],
            transactions: [],
            acknowledgeReportingDuty: false,
            caseId: null,
            submittedAt: null,
            withdrawnAt: null,
          };
          this.content.apply(entity, body);
          // The stored referral comes back from the INSERT (reference and
          // timestamps included): the answer needs no second read.
          const saved = await this.referrals.insert(tx, scope, entity);
          await this.audit.record(tx, {
            actor: actorOf(actor),
            origin: meta,
            action: 'referral.create',
            outcome: 'success',
            targetType: 'referral',
            targetId: id,
            details: { reference: saved.reference },
          });
          return { status: 201, body: toReferralResponse(saved, null) };
        },
      ),
    );
  }

  /**
   * The checks of filing, on a body that is not stored (the validation pipes
   * have already run on it): for `submit`, what submitting a draft with this
   * content would refuse. Throws the same 400 the filing routes answer.
   */
  validate(body: ReferralInput, stage: 'draft' | 'submit'): void {
    const problems =
      stage === 'submit'
        ? [...referralCompletenessProblems(body), ...referralConsistencyProblems(body)]
        : referralConsistencyProblems(body);
    if (problems.length === 0) return;
    throw new ValidationProblem(
      problems,
      stage === 'submit'
        ? 'The referral is not complete enough to submit; see errors.'
        : 'The request has invalid fields; see errors.',
    );
  }

  async list(
    actor: AuthUser,
    query: { status?: string; cursor?: string; limit?: number },
  ): Promise<Page<ReferralView>> {
    // The caller's reach decides the rows, before any filter of theirs.
    const scope = this.access.scopeFilter(actor, 'referrals.read');
    // A list may lag the primary: it reads from the replica when there is one.
    const { page, outcomes } = await this.uow.replicaRead(async (tx) => {
      // Each row comes with its case context, read in the same statement.
      const page = await this.referrals.list(tx, scope, query);
      // The agencies' outcomes of the whole page, in one more statement.
      const outcomes = await this.referralOutcomes.forReferrals(
        tx,
        page.items.map((l) => l.referral),
      );
      return { page, outcomes };
    });
    return {
      items: page.items.map((l) =>
        toReferralResponse(l.referral, l.otherOrganizations, l.holds, outcomes.get(l.referral.id)),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: AuthUser, id: string, meta: RequestMeta, reveal = false): Promise<ReferralView> {
    // Function-level first: only coordinators may ask for sensitive values at all.
    if (reveal && !hasPermission(actor.role, 'referrals.reveal')) {
      throw new Forbidden('Your role may not see sensitive values in clear.');
    }
    const scope = this.access.scopeFilter(actor, 'referrals.read');
    const { referral, counts, holds, outcomes, revealed } = await this.uow.run(async (tx) => {
      const referral = await this.access.require(
        actor,
        'referrals.read',
        { kind: 'referral', id },
        { tx },
      );
      const context = await this.caseContext(tx, scope, [referral]);
      // Reading case material is audited; revealing sensitive values is its
      // own event, naming the fields shown.
      const revealed = reveal ? this.content.revealedFields(referral) : [];
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'referral.read',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
      });
      if (reveal) {
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'referral.reveal_sensitive',
          outcome: 'success',
          targetType: 'referral',
          targetId: id,
          details: { fields: revealed.map((r) => r.path) },
        });
      }
      return { referral, ...context, revealed };
    });
    const view = toReferralResponse(
      referral,
      counts.get(referral.id) ?? null,
      holds.get(referral.id),
      outcomes.get(referral.id),
    );
    if (reveal && view.merchant) {
      for (const { path, value } of revealed) {
        if (path === 'merchant.taxId') view.merchant.taxId = value;
        const match = /^merchant\.principals\[(\d+)\]\.nationalId$/.exec(path);
        if (match) view.merchant.principals[Number(match[1])].nationalId = value;
      }
    }
    return view;
  }

  async update(
    actor: AuthUser,
    id: string,
    body: ReferralInput,
    meta: RequestMeta,
  ): Promise<ReferralView> {
    const scope = this.access.scopeFilter(actor, 'referrals.write');
    return this.uow.run(async (tx) => {
      const referral = await this.requireForWrite(actor, id, tx);
      this.transition(referral, 'edit');
      this.content.apply(referral, body);
      // Field rules that span fields, checked on the draft as it will be stored.
      const problems = referralConsistencyProblems(referralAsInput(referral));
      if (problems.length > 0) throw new ValidationProblem(problems);
      await this.referrals.save(tx, scope, referral);
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'referral.update',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
        details: { fields: Object.keys(body).sort() },
      });
      // save() refreshed the version and update time from its UPDATE's RETURNING.
      return toReferralResponse(referral, null);
    });
  }

  async submit(
    actor: AuthUser,
    id: string,
    idempotencyKey: string | undefined,
    meta: RequestMeta,
  ): Promise<Outcome<ReferralView>> {
    const scope = this.access.scopeFilter(actor, 'referrals.write');
    return this.uow.run(async (tx) => {
      // Reach first: a record out of reach answers 404 whatever the key says.
      const referral = await this.requireForWrite(actor, id, tx);
      return this.idempotency.run(
        tx,
        { userId: actor.id },
        `referral.submit:${id}`,
        idempotencyKey,
        {},
        async () => {
          this.transition(referral, 'submit');
          const input = referralAsInput(referral);
          const problems = [
            ...referralCompletenessProblems(input),
            ...referralConsistencyProblems(input),
          ];
          if (problems.length > 0) {
            throw new ValidationProblem(
              problems,
              'The referral is not complete enough to submit; see errors.',
            );
          }
          referral.submittedAt = new Date();
          await this.referrals.saveStatus(tx, scope, referral);
          await this.outbox.enqueue(tx, QueueName.Intake, 'referral-submitted', {
            organizationId: referral.organizationId,
            referralId: referral.id,
          });
          await this.audit.record(tx, {
            actor: actorOf(actor),
            origin: meta,
            action: 'referral.submit',
            outcome: 'success',
            targetType: 'referral',
            targetId: id,
            details: { reference: referral.reference },
          });
          return { status: 200, body: toReferralResponse(referral, null) };
        },
      );
    });
  }

  async withdraw(actor: AuthUser, id: string, meta: RequestMeta): Promise<ReferralView> {
    const scope = this.access.scopeFilter(actor, 'referrals.write');
    return this.uow.run(async (tx) => {
      const referral = await this.requireForWrite(actor, id, tx);
      const from = referral.status;
      this.transition(referral, 'withdraw');
      referral.withdrawnAt = new Date();
      await this.referrals.saveStatus(tx, scope, referral);
      // Questions to a withdrawn referral will not be answered: stop waiting for them.
      const cancelled = await this.referrals.cancelOpenInfoRequests(tx, scope, id);
      for (const request of cancelled) {
        await this.clocks.stop(
          tx,
          'info_request',
          { caseId: request.caseId, infoRequestId: request.id },
          'cancelled',
        );
      }
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'referral.withdraw',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
        details: { from, infoRequestsCancelled: cancelled.length },
      });
      const { counts, holds, outcomes } = await this.caseContext(tx, scope, [referral]);
      return toReferralResponse(
        referral,
        counts.get(referral.id) ?? null,
        holds.get(referral.id),
        outcomes.get(referral.id),
      );
    });
  }

  /** The referral, locked, if the caller may change it (404 otherwise). */
  private requireForWrite(actor: AuthUser, id: string, tx: Tx): Promise<ReferralEntity> {
    return this.access.require(
      actor,
      'referrals.write',
      { kind: 'referral', id },
      { tx, lock: true },
    );
  }

  /** Move along the workflow table (saved by the caller), or 409 naming the refused action. */
  private transition(referral: ReferralEntity, action: ReferralAction): void {
    const to = referralTransition(action, referral.status as ReferralStatus);
    if (to === null) {
      throw new ConflictProblem(
        `referral_${action}_not_allowed`,
        `A referral in status ${referral.status} cannot be ${PAST_PARTICIPLE[action]}.`,
      );
    }
    referral.status = to;
  }

  /**
   * What members learn of the case behind their referrals: how many other
   * organizations flag it (the count, never who; a member who withdrew has
   * left the case and learns nothing more), the holds they must respect and
   * what the agencies reported.
   */
  private async caseContext(
    tx: Tx,
    scope: RecordScope,
    referrals: ReferralEntity[],
  ): Promise<{
    counts: Map<string, number>;
    holds: Map<string, ReferralHoldView[]>;
    outcomes: Map<string, ReferralOutcomeView[]>;
  }> {
    const onCases = referrals.filter((r) => r.caseId !== null && r.status !== 'withdrawn');
    const counts = await this.referrals.otherOrganizationsOnCase(
      tx,
      scope,
      onCases.map((r) => r.id),
    );
    const holds = await this.referralHolds.forReferrals(tx, referrals);
    const outcomes = await this.referralOutcomes.forReferrals(tx, referrals);
    return { counts, holds, outcomes };
  }
}
