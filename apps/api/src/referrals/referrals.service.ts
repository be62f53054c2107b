import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  AppConfig,
  ConflictProblem,
  FieldCipher,
  Forbidden,
  parseFieldKeys,
  ValidationProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  DEFAULT_TLP,
  hasPermission,
  permissionScope,
  referralTransition,
  type ReferralAction,
  type ReferralStatus,
} from '@app/domain';
import {
  ReferralEntity,
  inTransaction,
  keysetPageByCreatedAt,
  nextReference,
  type SealedField,
  type StoredMerchant,
  type Tx,
} from '@app/persistence';
import { OutboxWriter, QueueName, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { holdsForReferrals } from '../holds/referral-holds';
import { IdempotencyService, type Outcome } from '../idempotency/idempotency.service';
import { referralCompletenessProblems, referralConsistencyProblems } from './dto/completeness';
import { toReferralResponse, type ReferralView } from './referral.mapper';
import { CardShapedMerchantIds } from './card-shaped-merchant-ids';
import type { MerchantInput, ReferralInput } from './referral-input';

/** Top-level fields copied as they are (amounts, transactions and merchant are converted in apply()). */
const SIMPLE_FIELDS = [
  'category',
  'indicators',
  'priority',
  'escalationReason',
  'tlp',
  'observedFrom',
  'observedTo',
  'narrative',
  'observables',
  'acknowledgeReportingDuty',
] as const;

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

@Injectable()
export class ReferralsService {
  private readonly cipher: FieldCipher;
  private readonly cardShapedIds: CardShapedMerchantIds;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: SlaClocks,
    private readonly idempotency: IdempotencyService,
    config: AppConfig,
  ) {
    this.cipher = new FieldCipher(parseFieldKeys(config.require('FIELD_ENCRYPTION_KEYS')));
    this.cardShapedIds = new CardShapedMerchantIds(config);
  }

  async create(
    actor: AuthUser,
    body: ReferralInput,
    idempotencyKey: string | undefined,
    meta: RequestMeta,
  ): Promise<Outcome<ReferralView>> {
    return inTransaction(this.dataSource, (m) =>
      this.idempotency.run(
        m as unknown as Tx,
        { userId: actor.id },
        'referral.create',
        idempotencyKey,
        body,
        async () => {
          const id = randomUUID();
          const entity = m.create(ReferralEntity, {
            id,
            reference: await nextReference(m, 'FCR'),
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
          });
          this.apply(entity, body);
          await m.insert(ReferralEntity, entity);
          await this.audit.record(m, {
            actor: actorOf(actor),
            origin: meta,
            action: 'referral.create',
            outcome: 'success',
            targetType: 'referral',
            targetId: id,
            details: { reference: entity.reference },
          });
          const saved = await m.findOneByOrFail(ReferralEntity, { id });
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
    const qb = this.dataSource.getRepository(ReferralEntity).createQueryBuilder('r');
    // The caller's reach decides the rows, before any filter of theirs.
    switch (permissionScope(actor.role, 'referrals.read')) {
      case 'any':
        break;
      case 'own_organization':
        qb.where('r.organization_id = :org', { org: actor.organizationId });
        break;
      case 'own_records':
        qb.where('r.organization_id = :org AND r.created_by = :me', {
          org: actor.organizationId,
          me: actor.id,
        });
        break;
      case undefined:
        return { items: [], nextCursor: null };
    }
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const page = await keysetPageByCreatedAt(qb, query);
    const counts = await this.otherMembersFlagging(this.dataSource.manager, page.items);
    const holds = await holdsForReferrals(this.dataSource.manager, page.items);
    return {
      items: page.items.map((r) =>
        toReferralResponse(r, counts.get(r.id) ?? null, holds.get(r.id)),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: AuthUser, id: string, meta: RequestMeta, reveal = false): Promise<ReferralView> {
    // Function-level first: only coordinators may ask for sensitive values at all.
    if (reveal && !hasPermission(actor.role, 'referrals.reveal')) {
      throw new Forbidden('Your role may not see sensitive values in clear.');
    }
    const referral = await this.access.requireReferral(actor, 'referrals.read', id);
    const counts = await this.otherMembersFlagging(this.dataSource.manager, [referral]);
    const holds = await holdsForReferrals(this.dataSource.manager, [referral]);
    // Reading case material is audited, in its own short transaction; revealing
    // sensitive values is its own event, naming the fields shown.
    const revealed = reveal ? this.revealedFields(referral) : [];
    await inTransaction(this.dataSource, async (m) => {
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'referral.read',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
      });
      if (reveal) {
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'referral.reveal_sensitive',
          outcome: 'success',
          targetType: 'referral',
          targetId: id,
          details: { fields: revealed.map((r) => r.path) },
        });
      }
    });
    const view = toReferralResponse(
      referral,
      counts.get(referral.id) ?? null,
      holds.get(referral.id),
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

  /** The sensitive values of a referral in clear, with their paths. */
  private revealedFields(referral: ReferralEntity): { path: string; value: string }[] {
    const m = referral.merchant;
    if (!m) return [];
    const out: { path: string; value: string }[] = [];
    if (m.taxId) {
      out.push({
        path: 'merchant.taxId',
        value: this.cipher.open(m.taxId, `referral:${referral.id}:merchant.taxId`),
      });
    }
    (m.principals ?? []).forEach((p, i) => {
      if (p.nationalId) {
        const path = `merchant.principals[${i}].nationalId`;
        out.push({
          path,
          value: this.cipher.open(p.nationalId, `referral:${referral.id}:${path}`),
        });
      }
    });
    return out;
  }

  async update(
    actor: AuthUser,
    id: string,
    body: ReferralInput,
    meta: RequestMeta,
  ): Promise<ReferralView> {
    await this.access.requireReferral(actor, 'referrals.write', id);
    return inTransaction(this.dataSource, async (m) => {
      const referral = await this.access.requireReferral(actor, 'referrals.write', id, m, true);
      this.transition(referral, 'edit');
      this.apply(referral, body);
      // Field rules that span fields, checked on the draft as it will be stored.
      const problems = referralConsistencyProblems(this.asInput(referral));
      if (problems.length > 0) throw new ValidationProblem(problems);
      await m.save(referral);
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'referral.update',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
        details: { fields: Object.keys(body).sort() },
      });
      return toReferralResponse(await m.findOneByOrFail(ReferralEntity, { id }), null);
    });
  }

  async submit(
    actor: AuthUser,
    id: string,
    idempotencyKey: string | undefined,
    meta: RequestMeta,
  ): Promise<Outcome<ReferralView>> {
    await this.access.requireReferral(actor, 'referrals.write', id);
    return inTransaction(this.dataSource, (m) =>
      this.idempotency.run(
        m as unknown as Tx,
        { userId: actor.id },
        `referral.submit:${id}`,
        idempotencyKey,
        {},
        async () => {
          const referral = await this.access.requireReferral(actor, 'referrals.write', id, m, true);
          this.transition(referral, 'submit');
          const input = this.asInput(referral);
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
          referral.status = 'submitted';
          referral.submittedAt = new Date();
          await m.save(referral);
          await this.outbox.enqueue(m, QueueName.Intake, 'referral-submitted', {
            organizationId: referral.organizationId,
            referralId: referral.id,
          });
          await this.audit.record(m, {
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
      ),
    );
  }

  async withdraw(actor: AuthUser, id: string, meta: RequestMeta): Promise<ReferralView> {
    await this.access.requireReferral(actor, 'referrals.write', id);
    return inTransaction(this.dataSource, async (m) => {
      const referral = await this.access.requireReferral(actor, 'referrals.write', id, m, true);
      const from = referral.status;
      this.transition(referral, 'withdraw');
      referral.withdrawnAt = new Date();
      await m.save(referral);
      // Questions to a withdrawn referral will not be answered: stop waiting for them.
      const [cancelled] = await m.query<[{ id: string; case_id: string }[], number]>(
        `UPDATE info_requests SET status = 'cancelled', updated_at = now(), version = version + 1
          WHERE referral_id = $1 AND status = 'open' RETURNING id, case_id`,
        [id],
      );
      for (const request of cancelled) {
        await this.clocks.stop(
          m,
          'info_request',
          { caseId: request.case_id, infoRequestId: request.id },
          'cancelled',
        );
      }
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'referral.withdraw',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
        details: { from, infoRequestsCancelled: cancelled.length },
      });
      const counts = await this.otherMembersFlagging(m, [referral]);
      const holds = await holdsForReferrals(m, [referral]);
      return toReferralResponse(referral, counts.get(referral.id) ?? null, holds.get(referral.id));
    });
  }

  /** Move along the workflow table, or 409 naming the refused action. */
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

  /** Copy the body's fields onto the entity; sensitive ones are sealed for this record. */
  private apply(entity: ReferralEntity, body: ReferralInput): void {
    for (const field of SIMPLE_FIELDS) {
      const value = body[field];
      if (value !== undefined) (entity as unknown as Record<string, unknown>)[field] = value;
    }
    if (
      body.priority !== undefined &&
      body.priority !== 'P1' &&
      body.escalationReason === undefined
    ) {
      entity.escalationReason = null;
    }
    if (body.totalAmount !== undefined) {
      entity.totalAmount = body.totalAmount === null ? null : String(body.totalAmount.value);
      entity.totalCurrency = body.totalAmount === null ? null : body.totalAmount.currency;
    }
    if (body.transactions !== undefined) {
      entity.transactions = body.transactions.map((t) => ({ ...t, amount: String(t.amount) }));
    }
    if (body.merchant !== undefined) {
      entity.merchant = this.sealMerchant(entity.id, body.merchant, entity.merchant);
    }
  }

  /**
   * The merchant as stored, sensitive values sealed for this record. Responses
   * only ever show them masked, so a client editing other fields cannot send
   * them back: a tax id or national id left out keeps the stored one (`null`
   * clears it). A principal's national id is kept for the principal of the
   * same name (at the same position if several share it), not by position
   * alone, so removing or reordering principals never moves an id onto
   * another person; moved, it is sealed again for its new position.
   */
  private sealMerchant(
    referralId: string,
    merchant: MerchantInput,
    stored: StoredMerchant | null | undefined,
  ): StoredMerchant {
    const { taxId, principals, merchantIds, ...rest } = merchant;
    const taxIdAad = `referral:${referralId}:merchant.taxId`;
    const nationalIdAad = (i: number) =>
      `referral:${referralId}:merchant.principals[${i}].nationalId`;
    const keptTaxId = taxId === undefined ? stored?.taxId : undefined;
    const storedPrincipals = stored?.principals ?? [];
    const used = new Set<number>();
    /** The stored national id of the principal named `name` (preferring position `i`), sealed for position `i`. */
    const keptNationalId = (name: string, i: number): SealedField | undefined => {
      const same = (j: number) => !used.has(j) && storedPrincipals[j]?.name.trim() === name.trim();
      const j = same(i) ? i : storedPrincipals.findIndex((_p, k) => same(k));
      if (j < 0) return undefined;
      used.add(j);
      const sealed = storedPrincipals[j].nationalId;
      if (!sealed || j === i) return sealed;
      return this.cipher.seal(this.cipher.open(sealed, nationalIdAad(j)), nationalIdAad(i));
    };
    const sealedPrincipals = (principals ?? []).map((p, i) => {
      const { nationalId, ...person } = p;
      const sealed =
        typeof nationalId === 'string'
          ? this.cipher.seal(nationalId, nationalIdAad(i))
          : nationalId === undefined
            ? keptNationalId(person.name, i)
            : undefined;
      return sealed ? { ...person, nationalId: sealed } : person;
    });
    const protectedIds = this.cardShapedIds.protect(merchantIds, stored?.merchantIds);
    return {
      ...rest,
      ...(protectedIds ? { merchantIds: protectedIds } : {}),
      ...(taxId
        ? { taxId: this.cipher.seal(taxId, taxIdAad) }
        : keptTaxId
          ? { taxId: keptTaxId }
          : {}),
      principals: sealedPrincipals,
    };
  }

  /** The stored referral in the body's shape, for the completeness check. */
  private asInput(r: ReferralEntity): ReferralInput {
    return {
      category: r.category ?? undefined,
      indicators: r.indicators,
      priority: r.priority,
      escalationReason: r.escalationReason,
      observedFrom: r.observedFrom,
      observedTo: r.observedTo,
      narrative: r.narrative ?? undefined,
      merchant: r.merchant ? { ...r.merchant, taxId: undefined, principals: undefined } : undefined,
      acknowledgeReportingDuty: r.acknowledgeReportingDuty,
    };
  }

  /**
   * For each live referral on a case: how many other organizations have
   * referrals on the same case. Members learn the count, never who; a member
   * who withdrew has left the case and learns nothing more about it.
   */
  private async otherMembersFlagging(
    manager: EntityManager,
    referrals: ReferralEntity[],
  ): Promise<Map<string, number>> {
    const onCases = referrals.filter((r) => r.caseId !== null && r.status !== 'withdrawn');
    if (onCases.length === 0) return new Map();
    const rows: { id: string; n: string }[] = await manager.query(
      `SELECT r.id, count(DISTINCT o.organization_id) AS n
         FROM referrals r
         LEFT JOIN referrals o ON o.case_id = r.case_id AND o.organization_id <> r.organization_id
                              AND o.status NOT IN ('draft', 'withdrawn')
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.id`,
      [onCases.map((r) => r.id)],
    );
    return new Map(rows.map((row) => [row.id, Number(row.n)]));
  }
}
