import type { AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  AppConfig,
  ConflictProblem,
  Forbidden,
  RecordNotFound,
  ValidationProblem,
  validateEnvironment,
} from '@app/common';
import type { Role } from '@app/domain';
import {
  InMemoryReferralsRepository,
  InMemoryUnitOfWork,
  type ReferralEntity,
  type Tx,
  type UnitOfWork,
} from '@app/persistence';
import type { OutboxWriter, SlaClocks } from '@app/queues';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { ReferralsService } from './referrals.service';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const META = { ip: '127.0.0.1', userAgent: 'jest', requestId: 'req-1' } as never;

function user(id: string, role: Role, organizationId = ORG_A): AuthUser {
  return {
    id,
    role,
    organizationId,
    organizationKind: role.includes('coordinator') ? 'coalition' : 'member',
    email: `${id}@example.org`,
    sessionId: `s-${id}`,
  };
}

const reporter = user('reporter-1', 'member_reporter');
const colleague = user('reporter-2', 'member_reporter');
const admin = user('admin-a', 'member_admin');
const otherAdmin = user('admin-b', 'member_admin', ORG_B);
const coordinator = user('coord-1', 'coordinator', '00000000-0000-4000-8000-0000000000c0');

let seq = 0;
function referral(fields: Partial<ReferralEntity> = {}): ReferralEntity {
  seq += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seq));
  return {
    id: `00000000-0000-4000-9000-${String(seq).padStart(12, '0')}`,
    reference: `FCR-2026-${String(seq).padStart(6, '0')}`,
    organizationId: ORG_A,
    createdBy: reporter.id,
    status: 'draft',
    category: 'transaction_laundering',
    indicators: ['mcc_mismatch'],
    priority: 'P3',
    escalationReason: null,
    tlp: 'AMBER',
    observedFrom: null,
    observedTo: null,
    totalAmount: null,
    totalCurrency: null,
    narrative: 'Sales of one merchant settle through another.',
    merchant: { legalName: 'Acme Trading Ltd', country: 'GB', principals: [] },
    observables: [],
    transactions: [],
    acknowledgeReportingDuty: true,
    caseId: null,
    submittedAt: null,
    withdrawnAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...fields,
  };
}

/** The holds view reads through the transaction; these tests hold no holds. */
class UnitOfWorkWithoutHolds extends InMemoryUnitOfWork {
  override readonly tx = { query: () => Promise.resolve([]) } as unknown as Tx;
}

function setUp() {
  const uow = new UnitOfWorkWithoutHolds();
  const referrals = new InMemoryReferralsRepository();
  const none = {} as never;
  const access = new AccessService(none, none, referrals, none, none, none, none);
  const audited: { action: string; targetId?: string; details?: unknown }[] = [];
  const audit = {
    record: (_tx: Tx, e: { action: string; targetId?: string; details?: unknown }) => {
      audited.push({ action: e.action, targetId: e.targetId, details: e.details });
      return Promise.resolve();
    },
  } as unknown as AuditWriter;
  const enqueued: { queue: string; name: string; payload: unknown }[] = [];
  const outbox = {
    enqueue: (_tx: Tx, queue: string, name: string, payload: unknown) => {
      enqueued.push({ queue, name, payload });
      return Promise.resolve('outbox-1');
    },
  } as unknown as OutboxWriter;
  const stopped: { clock: unknown; subject: unknown; how: unknown }[] = [];
  const clocks = {
    stop: (_tx: Tx, clock: unknown, subject: unknown, how: unknown) => {
      stopped.push({ clock, subject, how });
      return Promise.resolve(1);
    },
  } as unknown as SlaClocks;
  const idempotency = {
    run: async (
      _m: unknown,
      _caller: unknown,
      _scope: string,
      _key: unknown,
      _request: unknown,
      work: () => Promise<{ status: number; body: unknown }>,
    ) => ({ ...(await work()), replayed: false }),
  } as unknown as IdempotencyService;
  const config = new AppConfig(
    validateEnvironment({
      NODE_ENV: 'test',
      FIELD_ENCRYPTION_KEYS: 'k1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=',
    }),
  );
  const service = new ReferralsService(
    uow as unknown as UnitOfWork,
    referrals,
    // No hold is placed on these referrals' cases.
    { forReferrals: () => Promise.resolve(new Map()) },
    // Nor has any agency reported an outcome.
    { forReferrals: () => Promise.resolve(new Map()) },
    access,
    audit,
    outbox,
    clocks,
    idempotency,
    config,
  );
  return { service, referrals, uow, audited, enqueued, stopped };
}

describe('ReferralsService', () => {
  describe('reach', () => {
    it('should list only the caller’s own referrals to a reporter, the organization’s to a member admin, all to a coordinator', async () => {
      const { service, referrals } = setUp();
      const mine = referrals.seed(referral());
      const colleagues = referrals.seed(referral({ createdBy: colleague.id }));
      const elsewhere = referrals.seed(
        referral({ organizationId: ORG_B, createdBy: otherAdmin.id }),
      );

      const ids = async (actor: AuthUser) =>
        (await service.list(actor, {})).items.map((r) => r.id).sort();

      expect(await ids(reporter)).toEqual([mine.id]);
      expect(await ids(admin)).toEqual([mine.id, colleagues.id].sort());
      expect(await ids(otherAdmin)).toEqual([elsewhere.id]);
      expect(await ids(coordinator)).toEqual([mine.id, colleagues.id, elsewhere.id].sort());
    });

    it('should list each referral with its case context: other members as a count, holds unless a draft', async () => {
      const { service, referrals } = setUp();
      const caseId = '00000000-0000-4000-a000-000000000001';
      const mine = referrals.seed(referral({ status: 'in_review', caseId }));
      referrals.seed(
        referral({ organizationId: ORG_B, createdBy: otherAdmin.id, status: 'in_review', caseId }),
      );
      const left = referrals.seed(referral({ status: 'withdrawn', caseId }));
      const draft = referrals.seed(referral());
      const hold = {
        id: 'hold-1',
        scope: 'do_not_contact' as const,
        reason: 'Operators under surveillance.',
        expiresAt: '2026-03-01T00:00:00.000Z',
        status: 'active' as const,
        agency: 'Agency',
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      referrals.holds.set(caseId, [hold]);

      const page = await service.list(admin, {});
      expect(page.items.map((r) => [r.id, r.otherMembersFlagging, r.holds])).toEqual([
        [mine.id, 1, [hold]],
        [left.id, null, [hold]],
        [draft.id, null, []],
      ]);
    });

    it('should page the list after the cursor of the page before', async () => {
      const { service, referrals } = setUp();
      const ids = [1, 2, 3, 4, 5].map(() => referrals.seed(referral()).id);
      const first = await service.list(reporter, { limit: 2 });
      const second = await service.list(reporter, { limit: 2, cursor: first.nextCursor ?? '' });
      const last = await service.list(reporter, { limit: 2, cursor: second.nextCursor ?? '' });
      expect([first, second, last].flatMap((p) => p.items.map((r) => r.id))).toEqual(ids);
      expect(last.nextCursor).toBeNull();
    });

    it('should list nothing to a role without referrals.read', async () => {
      const { service, referrals } = setUp();
      referrals.seed(referral());
      const liaison = user('liaison-1', 'le_liaison', ORG_B);
      expect((await service.list(liaison, {})).items).toEqual([]);
    });

    it('should answer 404 for a colleague’s referral to a reporter and for another organization’s to a member admin, and audit no read', async () => {
      const { service, referrals, audited } = setUp();
      const theirs = referrals.seed(referral({ createdBy: colleague.id }));

      await expect(service.get(reporter, theirs.id, META)).rejects.toBeInstanceOf(RecordNotFound);
      await expect(service.get(otherAdmin, theirs.id, META)).rejects.toBeInstanceOf(RecordNotFound);
      expect(audited).toEqual([]);

      const view = await service.get(admin, theirs.id, META);
      expect(view.id).toBe(theirs.id);
      expect(audited).toEqual([
        { action: 'referral.read', targetId: theirs.id, details: undefined },
      ]);
    });

    it('should mark an out-of-reach referral so the refusal is audited, unlike a missing one', async () => {
      const { service, referrals } = setUp();
      const theirs = referrals.seed(referral({ organizationId: ORG_B, createdBy: otherAdmin.id }));
      const outOfReach = await service.get(admin, theirs.id, META).catch((e: unknown) => e);
      const missing = await service
        .get(admin, '00000000-0000-4000-9000-ffffffffffff', META)
        .catch((e: unknown) => e);
      expect((outOfReach as RecordNotFound).deniedTarget).toEqual({
        type: 'referral',
        id: theirs.id,
      });
      expect((missing as RecordNotFound).deniedTarget).toBeUndefined();
    });

    it('should refuse a member admin sensitive values in clear before looking the referral up', async () => {
      const { service, referrals, audited } = setUp();
      const mine = referrals.seed(referral());
      await expect(service.get(admin, mine.id, META, true)).rejects.toBeInstanceOf(Forbidden);
      expect(audited).toEqual([]);
    });

    it('should not let a member admin of another organization withdraw, and change nothing', async () => {
      const { service, referrals } = setUp();
      const mine = referrals.seed(referral({ status: 'submitted' }));
      await expect(service.withdraw(otherAdmin, mine.id, META)).rejects.toBeInstanceOf(
        RecordNotFound,
      );
      expect(referrals.stored(mine.id)?.status).toBe('submitted');
      expect(referrals.writes).toBe(0);
    });
  });

  describe('filing', () => {
    it('should create a draft held by the caller’s organization and owned by the caller, audited with its reference', async () => {
      const { service, referrals, audited } = setUp();
      const out = await service.create(reporter, { narrative: 'First look.' }, undefined, META);
      expect(out.status).toBe(201);
      const stored = referrals.stored(out.body.id);
      expect(stored).toMatchObject({
        organizationId: ORG_A,
        createdBy: reporter.id,
        status: 'draft',
        narrative: 'First look.',
      });
      expect(audited).toEqual([
        {
          action: 'referral.create',
          targetId: out.body.id,
          details: { reference: stored?.reference },
        },
      ]);
    });

    it('should seal a tax id at rest and show it masked', async () => {
      const { service, referrals } = setUp();
      const out = await service.create(
        reporter,
        { merchant: { legalName: 'Acme', country: 'GB', taxId: 'GB123456789' } },
        undefined,
        META,
      );
      expect(JSON.stringify(referrals.stored(out.body.id)?.merchant)).not.toContain('GB123456789');
      expect(out.body.merchant?.taxId).not.toBe('GB123456789');
    });

    it('should edit a draft, and refuse to edit a submitted referral with 409 writing nothing', async () => {
      const { service, referrals, uow } = setUp();
      const draft = referrals.seed(referral());
      const edited = await service.update(reporter, draft.id, { narrative: 'More detail.' }, META);
      expect(edited.narrative).toBe('More detail.');

      const submitted = referrals.seed(referral({ status: 'submitted' }));
      const writes = referrals.writes;
      const refusal = await service
        .update(reporter, submitted.id, { narrative: 'Late change.' }, META)
        .catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ConflictProblem);
      expect((refusal as ConflictProblem).code).toBe('referral_edit_not_allowed');
      expect(referrals.writes).toBe(writes);
      expect(referrals.stored(submitted.id)?.narrative).not.toBe('Late change.');
      expect(uow.rollbacks).toBe(1);
    });

    it('should submit a complete draft: status from the workflow table, intake job enqueued, audited', async () => {
      const { service, referrals, enqueued, audited } = setUp();
      const draft = referrals.seed(referral());
      const out = await service.submit(reporter, draft.id, undefined, META);
      expect(out.body.status).toBe('submitted');
      expect(referrals.stored(draft.id)?.status).toBe('submitted');
      expect(referrals.stored(draft.id)?.submittedAt).not.toBeNull();
      expect(enqueued).toEqual([
        {
          queue: 'intake',
          name: 'referral-submitted',
          payload: { organizationId: ORG_A, referralId: draft.id },
        },
      ]);
      expect(audited.map((a) => a.action)).toEqual(['referral.submit']);
    });

    it('should refuse to submit an incomplete draft with 400, enqueue nothing and keep it a draft', async () => {
      const { service, referrals, enqueued } = setUp();
      const draft = referrals.seed(referral({ narrative: null, category: null }));
      await expect(service.submit(reporter, draft.id, undefined, META)).rejects.toBeInstanceOf(
        ValidationProblem,
      );
      expect(referrals.stored(draft.id)?.status).toBe('draft');
      expect(enqueued).toEqual([]);
    });

    it('should refuse to submit twice with 409 referral_submit_not_allowed', async () => {
      const { service, referrals } = setUp();
      const done = referrals.seed(referral({ status: 'submitted' }));
      const refusal = await service
        .submit(reporter, done.id, undefined, META)
        .catch((e: unknown) => e);
      expect((refusal as ConflictProblem).code).toBe('referral_submit_not_allowed');
    });
  });

  describe('withdrawal', () => {
    it('should withdraw a referral under review, cancel its open information requests and stop their clocks', async () => {
      const { service, referrals, stopped, audited } = setUp();
      const caseId = '00000000-0000-4000-a000-000000000001';
      const r = referrals.seed(referral({ status: 'in_review', caseId }));
      referrals.infoRequests.push(
        { id: 'ir-open', referralId: r.id, caseId, status: 'open' },
        { id: 'ir-done', referralId: r.id, caseId, status: 'answered' },
      );

      const view = await service.withdraw(reporter, r.id, META);

      expect(view.status).toBe('withdrawn');
      expect(referrals.stored(r.id)?.withdrawnAt).not.toBeNull();
      expect(referrals.infoRequests.map((i) => i.status)).toEqual(['cancelled', 'answered']);
      expect(stopped).toEqual([
        { clock: 'info_request', subject: { caseId, infoRequestId: 'ir-open' }, how: 'cancelled' },
      ]);
      expect(audited).toEqual([
        {
          action: 'referral.withdraw',
          targetId: r.id,
          details: { from: 'in_review', infoRequestsCancelled: 1 },
        },
      ]);
    });

    it('should refuse to withdraw an accepted referral with 409 and leave it accepted', async () => {
      const { service, referrals, audited } = setUp();
      const r = referrals.seed(referral({ status: 'accepted', caseId: 'c-1' }));
      const refusal = await service.withdraw(reporter, r.id, META).catch((e: unknown) => e);
      expect((refusal as ConflictProblem).code).toBe('referral_withdraw_not_allowed');
      expect(referrals.stored(r.id)?.status).toBe('accepted');
      expect(audited).toEqual([]);
    });

    it('should tell the filer how many other organizations flag the case, never counting withdrawn or draft ones', async () => {
      const { service, referrals } = setUp();
      const caseId = 'case-shared';
      const mine = referrals.seed(referral({ status: 'in_review', caseId }));
      referrals.seed(
        referral({ status: 'in_review', caseId, organizationId: ORG_B, createdBy: 'b-1' }),
      );
      referrals.seed(
        referral({ status: 'withdrawn', caseId, organizationId: 'org-c', createdBy: 'c-1' }),
      );
      const view = await service.get(reporter, mine.id, META);
      expect(view.otherMembersFlagging).toBe(1);
    });
  });
});
