import { AppConfig, type Environment } from '@app/common';
import {
  InMemoryReconcilerRepository,
  InMemoryUnitOfWork,
  type InMemoryOwedRecord,
  type UnitOfWork,
} from '@app/persistence';
import type { OutboxWriter } from '@app/queues';
import type { Queue } from 'bullmq';
import { WorkerMetrics } from './metrics/worker-metrics';
import { Reconciler } from './reconciler';

const ORG = '33333333-3333-4333-8333-333333333333';
const MAIL_MAX_ATTEMPTS = 3;

/** A queue that knows some job ids (in a given state). */
function fakeQueue(name: string) {
  const jobs = new Map<string, string>();
  const queue = {
    name,
    on: () => queue,
    getJob: (id: string) =>
      Promise.resolve(
        jobs.has(id) ? { getState: () => Promise.resolve(jobs.get(id) as string) } : undefined,
      ),
  };
  return { queue: queue as unknown as Queue, jobs };
}

function setup() {
  const owed = new InMemoryReconcilerRepository();
  const intake = fakeQueue('intake');
  const dispatch = fakeQueue('dispatch');
  const notifications = fakeQueue('notifications');
  const enqueued: { queue: string; jobName: string; payload: Record<string, unknown> }[] = [];
  let n = 0;
  const outbox = {
    enqueue: (_tx: unknown, queue: string, jobName: string, payload: Record<string, unknown>) => {
      enqueued.push({ queue, jobName, payload });
      const id = `new-outbox-${++n}`;
      // The new row is the record's latest, unpublished until the relay sends it.
      const key = (payload.referralId ?? payload.dispatchId ?? payload.deliveryId) as
        string | undefined;
      const record = [...owed.records, ...owed.mails].find((r) => r.id === key);
      if (record) record.outbox = { id, published: false };
      return Promise.resolve(id);
    },
  } as unknown as OutboxWriter;
  const uow = new InMemoryUnitOfWork();
  const metrics = new WorkerMetrics();
  const reconciler = new Reconciler(
    uow as unknown as UnitOfWork,
    owed,
    dispatch.queue,
    intake.queue,
    outbox,
    notifications.queue,
    new AppConfig({ MAIL_MAX_ATTEMPTS } as Environment),
    metrics,
  );
  const owe = (record: Partial<InMemoryOwedRecord> & Pick<InMemoryOwedRecord, 'id'>) =>
    owed.records.push({
      kind: 'referrals',
      organizationId: ORG,
      status: 'submitted',
      settled: true,
      outbox: null,
      ...record,
    });
  return { owed, intake, dispatch, notifications, enqueued, reconciler, owe, metrics };
}

describe('Reconciler', () => {
  it('re-enqueues a referral whose published job Redis lost, and only that one', async () => {
    const { intake, enqueued, reconciler, owe, metrics } = setup();
    owe({ id: 'lost', outbox: { id: 'o-lost', published: true } });
    owe({ id: 'live', outbox: { id: 'o-live', published: true } });
    owe({ id: 'unsent', outbox: { id: 'o-unsent', published: false } });
    owe({ id: 'failed', outbox: { id: 'o-failed', published: true } });
    owe({ id: 'recent', settled: false, outbox: { id: 'o-recent', published: true } });
    intake.jobs.set('o-live', 'waiting');
    intake.jobs.set('o-failed', 'failed');

    const result = await reconciler.reconcile();

    expect(result).toEqual({
      referralsRequeued: 1,
      dispatchesRequeued: 0,
      clocksRequeued: 0,
      mailsRequeued: 0,
      eventsRequeued: 0,
      mailsGivenUp: 0,
    });
    expect(enqueued).toEqual([
      {
        queue: 'intake',
        jobName: 'referral-submitted',
        payload: { organizationId: ORG, referralId: 'lost' },
      },
    ]);
    const replayed = await metrics.registry.getSingleMetricAsString(
      'crh_reconciler_replayed_total',
    );
    expect(replayed).toContain('crh_reconciler_replayed_total{kind="referral"} 1');
    expect(replayed).toContain('crh_reconciler_replayed_total{kind="dispatch"} 0');
  });

  it('replays a referral that never had an outbox row', async () => {
    const { enqueued, reconciler, owe } = setup();
    owe({ id: 'orphan' });
    await reconciler.reconcile();
    expect(enqueued.map((e) => e.payload.referralId)).toEqual(['orphan']);
  });

  it('does not enqueue the same work twice across passes', async () => {
    const { owed, enqueued, reconciler, owe } = setup();
    owe({ id: 'lost', outbox: { id: 'o-lost', published: true } });

    await reconciler.reconcile();
    // Even once the grace has passed again, the new row is not published yet.
    for (const r of owed.records) r.settled = true;
    await reconciler.reconcile();

    expect(enqueued).toHaveLength(1);
  });

  it('leaves a record whose work moved on under the lock', async () => {
    const { owed, enqueued, reconciler, owe } = setup();
    owe({ id: 'moving', outbox: { id: 'o', published: true } });
    const lockStillOwed = owed.lockStillOwed.bind(owed);
    owed.lockStillOwed = (tx, scope, kind, id) => {
      // Intake took it between the read and the lock.
      owed.records[0].status = 'in_review';
      return lockStillOwed(tx, scope, kind, id);
    };

    expect((await reconciler.reconcile()).referralsRequeued).toBe(0);
    expect(enqueued).toHaveLength(0);
  });

  it('re-enqueues a pending dispatch on the dispatch queue', async () => {
    const { enqueued, reconciler, owe } = setup();
    owe({
      kind: 'dispatches',
      id: 'd1',
      status: 'pending',
      outbox: { id: 'o-d1', published: true },
    });

    expect((await reconciler.reconcile()).dispatchesRequeued).toBe(1);
    expect(enqueued).toEqual([
      { queue: 'dispatch', jobName: 'deliver', payload: { organizationId: ORG, dispatchId: 'd1' } },
    ]);
  });

  it('gives every overdue clock without a job a new clock-due job', async () => {
    const { owed, enqueued, reconciler } = setup();
    owed.overdueClocks = ['k1', 'k2'];

    expect((await reconciler.reconcile()).clocksRequeued).toBe(2);
    expect(enqueued).toEqual([
      { queue: 'sla', jobName: 'clock-due', payload: { organizationId: null, clockId: 'k1' } },
      { queue: 'sla', jobName: 'clock-due', payload: { organizationId: null, clockId: 'k2' } },
    ]);
  });

  it('assumes a job lives while Redis cannot be asked', async () => {
    const { intake, enqueued, reconciler, owe } = setup();
    owe({ id: 'r', outbox: { id: 'o', published: true } });
    (intake.queue as unknown as { getJob: () => Promise<never> }).getJob = () =>
      Promise.reject(new Error('Connection is closed.'));

    await reconciler.reconcile();
    expect(enqueued).toHaveLength(0);
  });

  describe('notifications', () => {
    const mail = (id: string, outbox: { id: string; published: boolean } | null, more = {}) => ({
      id,
      attempts: 0,
      lastError: null,
      givenUp: false,
      settled: true,
      outbox,
      ...more,
    });

    it('gives an unsent delivery whose published send-mail job Redis lost a new send-mail row, and only that one', async () => {
      const { owed, notifications, enqueued, reconciler } = setup();
      owed.mails.push(
        mail('lost', { id: 'o-lost', published: true }),
        mail('live', { id: 'o-live', published: true }),
        mail('unsent', { id: 'o-unsent', published: false }),
        mail('failed', { id: 'o-failed', published: true }),
        mail('recent', { id: 'o-recent', published: true }, { settled: false }),
      );
      notifications.jobs.set('o-live', 'delayed');
      notifications.jobs.set('o-failed', 'failed');

      const result = await reconciler.reconcile();

      expect(result.mailsRequeued).toBe(1);
      expect(enqueued).toEqual([
        {
          queue: 'notifications',
          jobName: 'send-mail',
          payload: { organizationId: null, deliveryId: 'lost' },
        },
      ]);
      // The new row is not published yet: the next pass leaves it alone.
      await reconciler.reconcile();
      expect(enqueued).toHaveLength(1);
    });

    it('leaves a delivery another pass replayed between the read and the lock', async () => {
      const { owed, enqueued, reconciler } = setup();
      owed.mails.push(mail('raced', { id: 'o1', published: true }));
      const lock = owed.lockMailStillOwed.bind(owed);
      owed.lockMailStillOwed = (tx, id, outboxId, max) => {
        owed.mails[0].outbox = { id: 'o2', published: false };
        return lock(tx, id, outboxId, max);
      };

      expect((await reconciler.reconcile()).mailsRequeued).toBe(0);
      expect(enqueued).toHaveLength(0);
    });

    it('does not replay a delivery that used its attempts; marks it given up once', async () => {
      const { owed, enqueued, reconciler } = setup();
      owed.mails.push(
        mail('spent', null, { attempts: MAIL_MAX_ATTEMPTS, lastError: '550 mailbox unavailable' }),
      );

      expect((await reconciler.reconcile()).mailsGivenUp).toBe(1);
      expect(owed.mails[0].givenUp).toBe(true);
      expect((await reconciler.reconcile()).mailsGivenUp).toBe(0);
      expect(enqueued).toHaveLength(0);
    });

    it('publishes again an unprocessed event whose job Redis lost, keeping its id', async () => {
      const { owed, notifications, enqueued, reconciler } = setup();
      owed.events.push(
        { id: 'e-lost', published: true, processed: false },
        { id: 'e-live', published: true, processed: false },
        { id: 'e-done', published: true, processed: true },
        { id: 'e-unsent', published: false, processed: false },
      );
      notifications.jobs.set('e-live', 'active');

      expect((await reconciler.reconcile()).eventsRequeued).toBe(1);
      expect(owed.events.map((e) => [e.id, e.published])).toEqual([
        ['e-lost', false],
        ['e-live', true],
        ['e-done', true],
        ['e-unsent', false],
      ]);
      // The event's own row goes back to the relay: no new outbox row, no new event id.
      expect(enqueued).toHaveLength(0);
      expect((await reconciler.reconcile()).eventsRequeued).toBe(0);
    });
  });
});
