import type { AuditRecord } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ProblemException, type RequestMeta } from '@app/common';
import { holdMaxExpiry } from '@app/domain';
import {
  InMemoryDispatchesRepository,
  InMemoryDispatchStore,
  InMemoryHoldsRepository,
  InMemoryUnitOfWork,
  type UnitOfWork,
} from '@app/persistence';
import { Notifier, type SlaClocks } from '@app/queues';
import type { CreateHoldDto } from './dto/hold.dto';
import { HoldsService } from './holds.service';

const meta: RequestMeta = {
  requestId: 'r1',
  ip: '192.0.2.1',
  userAgent: null,
  clientRequestId: null,
};

const user = (role: AuthUser['role'], organizationId: string, id: string): AuthUser => ({
  id,
  organizationId,
  organizationKind: role === 'le_liaison' ? 'law_enforcement' : 'coalition',
  role,
  email: `${id}@test.example`,
  sessionId: 's1',
});

const liaison = user('le_liaison', 'org-police', 'liaison-1');
const otherLiaison = user('le_liaison', 'org-other-police', 'liaison-2');
const coordinator = user('coordinator', 'org-coalition', 'coordinator-1');

const DAY = 24 * 60 * 60 * 1000;
/** An expiry the rules accept whenever the test runs: a month from now. */
const inAMonth = (): string => new Date(Date.now() + 30 * DAY).toISOString();

function holdBody(expiresAt: string): CreateHoldDto {
  return {
    scope: 'do_not_terminate',
    reason: 'open investigation',
    documentRef: 'WARRANT-7',
    expiresAt,
  };
}

function setup() {
  const store = new InMemoryDispatchStore();
  store.addAgency('agency-1', 'org-police');
  store.addAgency('agency-2', 'org-other-police');
  const uow = new InMemoryUnitOfWork();
  const holds = new InMemoryHoldsRepository(store);
  const access = new AccessService(
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    new InMemoryDispatchesRepository(store),
    holds,
    {} as never,
  );
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => {
      audited.push(record);
      return Promise.resolve();
    },
  };
  const enqueued: { jobName: string; payload: Record<string, unknown>; availableAt?: Date }[] = [];
  const outbox = {
    enqueue: (
      _tx: unknown,
      _queue: string,
      jobName: string,
      payload: Record<string, unknown>,
      options: { availableAt?: Date } = {},
    ) => {
      enqueued.push({ jobName, payload, availableAt: options.availableAt });
      return Promise.resolve(`outbox-${enqueued.length}`);
    },
  };
  const clockCalls: string[] = [];
  const clocks = {
    start: (_tx: unknown, clock: string, subject: { holdId?: string }, dueAt: Date) => {
      clockCalls.push(`start ${clock} ${subject.holdId} ${dueAt.toISOString()}`);
      return Promise.resolve();
    },
    stop: (_tx: unknown, clock: string, subject: { holdId?: string }, outcome: string) => {
      clockCalls.push(`stop ${clock} ${subject.holdId} ${outcome}`);
      return Promise.resolve();
    },
  };
  const service = new HoldsService(
    uow as unknown as UnitOfWork,
    access,
    holds,
    audit,
    clocks as unknown as SlaClocks,
    new Notifier(outbox),
  );
  return { store, uow, service, audited, clockCalls, enqueued };
}

async function problemOf(promise: Promise<unknown>): Promise<ProblemException> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProblemException)) {
    throw new Error(`expected a problem, got ${String(error)}`);
  }
  return error;
}

describe('HoldsService', () => {
  describe('place', () => {
    it.each(['delivered', 'acknowledged', 'accepted'])(
      'should place an active hold on a %s dispatch, start its expiry clock and audit it',
      async (status) => {
        const { store, service, audited, clockCalls } = setup();
        store.addDispatch('d1', 'agency-1', { status });
        const expiresAt = inAMonth();
        const hold = await service.place(liaison, 'd1', holdBody(expiresAt), meta);
        expect(hold).toEqual(
          expect.objectContaining({
            dispatchId: 'd1',
            agencyId: 'agency-1',
            status: 'active',
            renewals: 0,
            createdBy: 'liaison-1',
            expiresAt,
          }),
        );
        expect(store.holds.get(hold.id)?.status).toBe('active');
        expect(store.locked).toEqual(['d1']);
        expect(clockCalls).toEqual([`start hold_expiry ${hold.id} ${expiresAt}`]);
        expect(audited).toEqual([
          expect.objectContaining({
            action: 'hold.place',
            outcome: 'success',
            targetType: 'hold',
            targetId: hold.id,
            details: {
              dispatchId: 'd1',
              scope: 'do_not_terminate',
              expiresAt,
              documentRef: 'WARRANT-7',
            },
          }),
        ]);
      },
    );

    it.each(['pending', 'declined', 'failed'])(
      'should refuse a hold on a %s dispatch with a 409',
      async (status) => {
        const { store, service, audited, clockCalls } = setup();
        store.addDispatch('d1', 'agency-1', { status });
        const problem = await problemOf(service.place(liaison, 'd1', holdBody(inAMonth()), meta));
        expect(problem.getStatus()).toBe(409);
        expect(problem.code).toBe(`hold_not_allowed_from_${status}`);
        expect(store.holds.size).toBe(0);
        expect(audited).toEqual([]);
        expect(clockCalls).toEqual([]);
      },
    );

    it("should answer 404 to a liaison placing a hold on another agency's dispatch", async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-2', { status: 'delivered' });
      const problem = await problemOf(service.place(liaison, 'd1', holdBody(inAMonth()), meta));
      expect(problem.getStatus()).toBe(404);
      expect(problem.deniedTarget).toEqual({ type: 'dispatch', id: 'd1' });
      expect(store.holds.size).toBe(0);
      expect(audited).toEqual([]);
    });

    it('should answer 404 before judging the expiry, so a bad date reveals nothing', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-2', { status: 'delivered' });
      const problem = await problemOf(
        service.place(liaison, 'd1', holdBody('2020-01-01T00:00:00Z'), meta),
      );
      expect(problem.getStatus()).toBe(404);
    });

    it('should refuse an expiry in the past or beyond the longest hold (400 naming expiresAt)', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'delivered' });
      const tooLate = new Date(holdMaxExpiry(new Date()).getTime() + DAY).toISOString();
      for (const expiresAt of ['2020-01-01T00:00:00Z', tooLate]) {
        const problem = await problemOf(service.place(liaison, 'd1', holdBody(expiresAt), meta));
        expect(problem.getStatus()).toBe(400);
        expect(problem.fieldErrors?.[0].field).toBe('expiresAt');
      }
      expect(store.holds.size).toBe(0);
    });
  });

  describe('release', () => {
    it('should release an active hold, cancel its clock and audit the reason', async () => {
      const { store, service, audited, clockCalls } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      store.addHold('h1', 'd1');
      const hold = await service.release(liaison, 'h1', 'done', meta);
      expect(hold.status).toBe('released');
      expect(hold.releasedBy).toBe('liaison-1');
      expect(store.holds.get('h1')?.status).toBe('released');
      expect(store.locked).toEqual(['h1']);
      expect(clockCalls).toEqual(['stop hold_expiry h1 cancelled']);
      expect(audited).toEqual([
        expect.objectContaining({
          action: 'hold.release',
          targetId: 'h1',
          details: { dispatchId: 'd1', reason: 'done' },
        }),
      ]);
    });

    it.each(['released', 'expired'] as const)(
      'should refuse to release a %s hold',
      async (status) => {
        const { store, service, clockCalls } = setup();
        store.addDispatch('d1', 'agency-1', { status: 'accepted' });
        store.addHold('h1', 'd1', { status });
        const problem = await problemOf(service.release(liaison, 'h1', undefined, meta));
        expect(problem.getStatus()).toBe(409);
        expect(problem.code).toBe(`hold_release_not_allowed_from_${status}`);
        expect(problem.message).toBe(
          `This hold is ${status}; only an active hold can be released.`,
        );
        expect(clockCalls).toEqual([]);
      },
    );

    it("should answer 404 to another agency's liaison and to a coordinator", async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      store.addHold('h1', 'd1');
      for (const caller of [otherLiaison, coordinator]) {
        const problem = await problemOf(service.release(caller, 'h1', undefined, meta));
        expect(problem.getStatus()).toBe(404);
      }
      expect(store.holds.get('h1')?.status).toBe('active');
    });
  });

  describe('renew', () => {
    it.each(['active', 'expired'] as const)(
      'should renew a %s hold: active again, a new clock, one more renewal',
      async (status) => {
        const { store, service, audited, clockCalls } = setup();
        store.addDispatch('d1', 'agency-1', { status: 'accepted' });
        const old = store.addHold('h1', 'd1', { status, renewals: 1 });
        const oldExpiry = old.expiresAt.toISOString();
        const expiresAt = inAMonth();
        const hold = await service.renew(liaison, 'h1', expiresAt, meta);
        expect(hold).toEqual(expect.objectContaining({ status: 'active', renewals: 2, expiresAt }));
        expect(clockCalls).toEqual([
          'stop hold_expiry h1 cancelled',
          `start hold_expiry h1 ${expiresAt}`,
        ]);
        expect(audited).toEqual([
          expect.objectContaining({
            action: 'hold.renew',
            details: {
              dispatchId: 'd1',
              from: { status, expiresAt: oldExpiry },
              expiresAt,
              renewals: 2,
            },
          }),
        ]);
      },
    );

    it('should not renew a released hold: place a new one', async () => {
      const { store, service, clockCalls } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      store.addHold('h1', 'd1', { status: 'released' });
      const problem = await problemOf(service.renew(liaison, 'h1', inAMonth(), meta));
      expect(problem.code).toBe('hold_renew_not_allowed_from_released');
      expect(problem.message).toBe('This hold is released; place a new hold instead.');
      expect(clockCalls).toEqual([]);
    });

    it('should not renew a hold once its dispatch was declined', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'declined' });
      store.addHold('h1', 'd1');
      const problem = await problemOf(service.renew(liaison, 'h1', inAMonth(), meta));
      expect(problem.code).toBe('hold_not_allowed_from_declined');
      expect(store.holds.get('h1')?.renewals).toBe(0);
    });

    it('should refuse an expiry beyond the longest hold', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      store.addHold('h1', 'd1');
      const tooLate = new Date(holdMaxExpiry(new Date()).getTime() + DAY).toISOString();
      const problem = await problemOf(service.renew(liaison, 'h1', tooLate, meta));
      expect(problem.getStatus()).toBe(400);
      expect(store.holds.get('h1')?.renewals).toBe(0);
    });
  });

  describe('listForDispatch', () => {
    it('should list the holds newest first and audit the read with the count', async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      store.addHold('h1', 'd1');
      store.addHold('h2', 'd1', { status: 'released' });
      const holds = await service.listForDispatch(coordinator, 'd1', meta);
      expect(holds.map((h) => h.id)).toEqual(['h2', 'h1']);
      expect(audited).toEqual([
        expect.objectContaining({
          action: 'hold.list',
          targetType: 'dispatch',
          targetId: 'd1',
          details: { count: 2 },
        }),
      ]);
    });

    it('should answer 404 to a liaison of another agency, auditing nothing', async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      const problem = await problemOf(service.listForDispatch(otherLiaison, 'd1', meta));
      expect(problem.getStatus()).toBe(404);
      expect(audited).toEqual([]);
    });
  });
});
