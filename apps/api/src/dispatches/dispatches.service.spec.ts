import type { AuditRecord } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { encodeCursor, ProblemException, type RequestMeta } from '@app/common';
import {
  InMemoryDispatchesRepository,
  InMemoryDispatchStore,
  InMemoryHoldsRepository,
  InMemoryUnitOfWork,
  type UnitOfWork,
} from '@app/persistence';
import { Notifier, type SlaClocks } from '@app/queues';
import { DispatchesService } from './dispatches.service';

const meta: RequestMeta = {
  requestId: 'r1',
  ip: '192.0.2.1',
  userAgent: null,
  clientRequestId: null,
};

const user = (role: AuthUser['role'], organizationId: string, id = `${role}-1`): AuthUser => ({
  id,
  organizationId,
  organizationKind: role === 'le_liaison' ? 'law_enforcement' : 'coalition',
  role,
  email: `${id}@test.example`,
  sessionId: 's1',
});

const liaison = user('le_liaison', 'org-police');
const otherLiaison = user('le_liaison', 'org-other-police', 'liaison-2');
const coordinator = user('coordinator', 'org-coalition');
const member = user('member_reporter', 'org-bank');

function setup() {
  const store = new InMemoryDispatchStore();
  store.addAgency('agency-1', 'org-police', { name: 'City Police' });
  store.addAgency('agency-2', 'org-other-police');
  const uow = new InMemoryUnitOfWork();
  const dispatches = new InMemoryDispatchesRepository(store);
  const access = new AccessService(
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    dispatches,
    new InMemoryHoldsRepository(store),
    {} as never,
  );
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => {
      audited.push(record);
      return Promise.resolve();
    },
  };
  const enqueued: Array<{ queue: string; job: string; payload: unknown }> = [];
  const outbox = {
    enqueue: (_tx: unknown, queue: string, job: string, payload: unknown) => {
      enqueued.push({ queue, job, payload });
      return Promise.resolve('outbox-1');
    },
  };
  const stopped: Array<{ clock: string; subject: unknown; outcome: string }> = [];
  const clocks = {
    start: () => Promise.resolve(),
    stop: (_tx: unknown, clock: string, subject: unknown, outcome: string) => {
      stopped.push({ clock, subject, outcome });
      return Promise.resolve();
    },
  };
  const service = new DispatchesService(
    uow as unknown as UnitOfWork,
    access,
    dispatches,
    audit,
    outbox,
    clocks as unknown as SlaClocks,
    new Notifier(outbox),
  );
  return { store, uow, service, audited, enqueued, stopped };
}

async function problemOf(promise: Promise<unknown>): Promise<ProblemException> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProblemException))
    throw new Error(`expected a problem, got ${String(error)}`);
  return error;
}

describe('DispatchesService', () => {
  describe('reach', () => {
    it('should answer 404 to a liaison of another agency, recording the out-of-reach target and changing nothing', async () => {
      const { store, service, audited, stopped } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'delivered' });
      const problem = await problemOf(service.acknowledge(otherLiaison, 'd1', meta));
      expect(problem.getStatus()).toBe(404);
      expect(problem.deniedTarget).toEqual({ type: 'dispatch', id: 'd1' });
      expect(store.dispatches.get('d1')?.status).toBe('delivered');
      expect(audited).toEqual([]);
      expect(stopped).toEqual([]);
    });

    it('should answer the same 404, without a denied target, for a dispatch that does not exist', async () => {
      const { service } = setup();
      const problem = await problemOf(service.get(liaison, 'missing', meta));
      expect(problem.getStatus()).toBe(404);
      expect(problem.deniedTarget).toBeUndefined();
    });

    it("should not let a liaison read another agency's dispatch", async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-2', { status: 'delivered' });
      const problem = await problemOf(service.get(liaison, 'd1', meta));
      expect(problem.getStatus()).toBe(404);
      expect(audited).toEqual([]);
    });

    it('should list only the dispatches of the liaison’s agency, and none to a member', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1');
      store.addDispatch('d2', 'agency-2');
      store.addDispatch('d3', 'agency-1');
      const mine = await service.list(liaison, {});
      expect(mine.items.map((d) => d.id)).toEqual(['d1', 'd3']);
      const all = await service.list(coordinator, {});
      expect(all.items.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
      expect(await service.list(member, {})).toEqual({ items: [], nextCursor: null });
    });

    it('should page with a cursor, and refuse a cursor it did not issue', async () => {
      const { store, service } = setup();
      const [d1, d2, d3] = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
      for (const id of [d1, d2, d3]) store.addDispatch(id, 'agency-1');
      const first = await service.list(coordinator, { limit: 2 });
      expect(first.items.map((d) => d.id)).toEqual([d1, d2]);
      expect(first.nextCursor).not.toBeNull();
      const second = await service.list(coordinator, {
        limit: 2,
        cursor: first.nextCursor ?? undefined,
      });
      expect(second.items.map((d) => d.id)).toEqual([d3]);
      expect(second.nextCursor).toBeNull();
      const forged = encodeCursor({ sortValue: '2026-01-01', id: 'not-a-uuid' });
      const problem = await problemOf(service.list(coordinator, { cursor: forged }));
      expect(problem.getStatus()).toBe(400);
    });
  });

  describe('reading', () => {
    it('should audit a read and show delivery details to coordinators only', async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'delivered' });
      const asLiaison = await service.get(liaison, 'd1', meta);
      expect(asLiaison.delivery).toBeNull();
      const asCoordinator = await service.get(coordinator, 'd1', meta);
      expect(asCoordinator.delivery).not.toBeNull();
      expect(audited.map((a) => [a.action, a.outcome, a.targetId])).toEqual([
        ['dispatch.read', 'success', 'd1'],
        ['dispatch.read', 'success', 'd1'],
      ]);
    });
  });

  describe('liaison decisions', () => {
    it.each([
      ['acknowledge', 'delivered', 'acknowledged'],
      ['accept', 'delivered', 'accepted'],
      ['accept', 'acknowledged', 'accepted'],
      ['decline', 'delivered', 'declined'],
      ['decline', 'acknowledged', 'declined'],
    ] as const)(
      'should %s a %s dispatch, stop its acknowledgement clock and audit the step',
      async (action, from, to) => {
        const { store, uow, service, audited, stopped, enqueued } = setup();
        store.addDispatch('d1', 'agency-1', { status: from });
        const view =
          action === 'acknowledge'
            ? await service.acknowledge(liaison, 'd1', meta)
            : action === 'accept'
              ? await service.accept(liaison, 'd1', 'LE-42', meta)
              : await service.decline(liaison, 'd1', '  not ours  ', meta);
        expect(view.status).toBe(to);
        expect(store.dispatches.get('d1')?.status).toBe(to);
        expect(store.locked).toEqual(['d1']);
        expect(stopped).toEqual([
          {
            clock: 'le_acknowledgement',
            subject: { caseId: 'case-1', dispatchId: 'd1' },
            outcome: 'met',
          },
        ]);
        expect(enqueued).toEqual([]);
        expect(audited).toEqual([
          expect.objectContaining({
            action: `dispatch.${action}`,
            outcome: 'success',
            targetId: 'd1',
            details: expect.objectContaining({ reference: 'DSP-d1', from, to }),
          }),
        ]);
        expect(uow.commits).toBe(1);
      },
    );

    it('should keep the agency case number given on accept, and the trimmed decline reason', async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'delivered' });
      store.addDispatch('d2', 'agency-1', { status: 'delivered' });
      await service.accept(liaison, 'd1', 'LE-42', meta);
      await service.decline(liaison, 'd2', '  not ours  ', meta);
      expect(store.dispatches.get('d1')?.leCaseNumber).toBe('LE-42');
      expect(audited[0].details).toEqual(expect.objectContaining({ leCaseNumber: 'LE-42' }));
      expect(store.dispatches.get('d2')?.declineReason).toBe('not ours');
    });

    it.each([
      ['acknowledge', 'pending'],
      ['acknowledge', 'acknowledged'],
      ['accept', 'pending'],
      ['accept', 'declined'],
      ['decline', 'accepted'],
      ['decline', 'failed'],
    ] as const)('should refuse to %s a %s dispatch with a 409', async (action, from) => {
      const { store, service, audited, stopped } = setup();
      store.addDispatch('d1', 'agency-1', { status: from });
      const problem = await problemOf(
        action === 'acknowledge'
          ? service.acknowledge(liaison, 'd1', meta)
          : action === 'accept'
            ? service.accept(liaison, 'd1', undefined, meta)
            : service.decline(liaison, 'd1', 'a reason', meta),
      );
      expect(problem.getStatus()).toBe(409);
      expect(problem.code).toBe(`dispatch_${action}_not_allowed_from_${from}`);
      expect(store.dispatches.get('d1')?.status).toBe(from);
      expect(audited).toEqual([]);
      expect(stopped).toEqual([]);
    });

    it('should refuse a decline without a reason (400 naming the field)', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'delivered' });
      const problem = await problemOf(service.decline(liaison, 'd1', ' ', meta));
      expect(problem.getStatus()).toBe(400);
      expect(problem.fieldErrors?.[0].field).toBe('reason');
      expect(store.dispatches.get('d1')?.status).toBe('delivered');
    });
  });

  describe('retry', () => {
    it('should put a failed dispatch back to pending and enqueue one delivery', async () => {
      const { store, service, enqueued, audited, stopped } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'failed', failedAt: new Date() });
      const view = await service.retry(coordinator, 'd1', meta);
      expect(view.status).toBe('pending');
      expect(store.dispatches.get('d1')?.failedAt).toBeNull();
      expect(enqueued).toEqual([
        {
          queue: 'dispatch',
          job: 'deliver',
          payload: { organizationId: 'org-police', dispatchId: 'd1' },
        },
      ]);
      expect(stopped).toEqual([]);
      expect(audited.map((a) => a.action)).toEqual(['dispatch.retry']);
    });

    it('should refuse to retry a dispatch that has not failed, enqueuing nothing', async () => {
      const { store, service, enqueued } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'delivered' });
      const problem = await problemOf(service.retry(coordinator, 'd1', meta));
      expect(problem.code).toBe('dispatch_retry_not_allowed_from_delivered');
      expect(enqueued).toEqual([]);
    });

    it('should answer 404 to a liaison asking for a retry (coordinators only reach it)', async () => {
      const { store, service, enqueued } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'failed' });
      const problem = await problemOf(service.retry(liaison, 'd1', meta));
      expect(problem.getStatus()).toBe(404);
      expect(enqueued).toEqual([]);
    });
  });

  describe('outcome', () => {
    it('should record an outcome on an accepted dispatch, naming the previous one', async () => {
      const { store, service, audited } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted', outcome: 'arrest' });
      const view = await service.recordOutcome(
        liaison,
        'd1',
        { outcome: 'charges_filed', note: 'two' },
        meta,
      );
      expect(view.outcome).toBe('charges_filed');
      expect(store.dispatches.get('d1')).toEqual(
        expect.objectContaining({ outcome: 'charges_filed', outcomeNote: 'two' }),
      );
      expect(audited).toEqual([
        expect.objectContaining({
          action: 'dispatch.outcome',
          details: {
            reference: 'DSP-d1',
            outcome: 'charges_filed',
            previous: 'arrest',
            shareCaseNumberWithFilers: false,
          },
        }),
      ]);
    });

    it('should store whether the filers may see the case number, false unless the agency says so', async () => {
      const { store, service } = setup();
      store.addDispatch('d1', 'agency-1', { status: 'accepted' });
      await service.recordOutcome(
        liaison,
        'd1',
        { outcome: 'arrest', shareCaseNumberWithFilers: true },
        meta,
      );
      expect(store.dispatches.get('d1')?.shareCaseNumberWithFilers).toBe(true);
      const view = await service.recordOutcome(liaison, 'd1', { outcome: 'conviction' }, meta);
      expect(view.shareCaseNumberWithFilers).toBe(false);
      expect(store.dispatches.get('d1')?.shareCaseNumberWithFilers).toBe(false);
    });

    it.each(['delivered', 'acknowledged', 'declined'])(
      'should refuse an outcome on a %s dispatch',
      async (status) => {
        const { store, service, audited } = setup();
        store.addDispatch('d1', 'agency-1', { status });
        const problem = await problemOf(
          service.recordOutcome(liaison, 'd1', { outcome: 'arrest' }, meta),
        );
        expect(problem.getStatus()).toBe(409);
        expect(problem.code).toBe(`dispatch_outcome_not_allowed_from_${status}`);
        expect(store.dispatches.get('d1')?.outcome).toBeNull();
        expect(audited).toEqual([]);
      },
    );
  });
});
