import { DispatchEntity, SlaClockEntity, inTransaction } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Reconciler } from '../../apps/worker/src/reconciler';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { createRoutedCase } from '../support/case-fixtures';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createScratchDatabase } from '../support/scratch-database';

/**
 * Work whose job vanished from Redis is replayed from PostgreSQL: a dispatch
 * still pending and a clock still running past its deadline.
 */
describe('Replaying lost jobs (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let reconciler: Reconciler;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    worker = await createWorkerApp(
      testEnvironment({
        DATABASE_URL: scratch.url,
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-reconcile`,
      }),
      { shutdownHooks: false },
    );
    ds = worker.get<DataSource>(getDataSourceToken());
    reconciler = worker.get(Reconciler);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await scratch?.drop();
  });

  /** An outbox row that was published long ago, whose job Redis no longer has. */
  async function lostJob(queue: string, jobName: string, payload: Record<string, unknown>) {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO outbox (id, queue, job_name, payload, available_at, created_at, published_at)
       VALUES ($1, $2, $3, $4, now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour')`,
      [id, queue, jobName, { ...payload, outboxId: id }],
    );
  }

  it('should deliver a pending dispatch whose job was lost, and leave a fresh one alone', async () => {
    const lost = await createRoutedCase(ds, { dispatchStatus: 'pending' });
    await lostJob('dispatch', 'deliver', {
      organizationId: lost.agency.org.id,
      dispatchId: lost.dispatch.id,
    });
    await ds.query(`UPDATE dispatches SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
      lost.dispatch.id,
    ]);
    // Changed a moment ago: its job may still be on its way, so it is not replayed.
    const fresh = await createRoutedCase(ds, { dispatchStatus: 'pending' });

    // Each worker also reconciles on its own timer; either way the dispatch is replayed once.
    await reconciler.reconcile();
    const delivered = await eventually('the lost dispatch to be delivered', async () => {
      const d = await ds.manager.findOneBy(DispatchEntity, { id: lost.dispatch.id });
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivered.deliveredAt).not.toBeNull();
    expect(
      (await ds.manager.findOneByOrFail(DispatchEntity, { id: fresh.dispatch.id })).status,
    ).toBe('pending');
    const rows: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'dispatchId' = $1`,
      [lost.dispatch.id],
    );
    expect(rows[0].n).toBe(2);
    // A second pass finds nothing more to do.
    expect((await reconciler.reconcile()).dispatchesRequeued).toBe(0);
  }, 30_000);

  it('should take in a submitted referral whose intake job was lost', async () => {
    const routed = await createRoutedCase(ds, { dispatchStatus: 'delivered' });
    const filer = routed.filer;
    const [referral] = await ds.query<{ id: string }[]>(
      `INSERT INTO referrals (id, reference, organization_id, created_by, status, merchant,
                              submitted_at, acknowledge_reporting_duty, updated_at)
       VALUES (gen_random_uuid(), 'FCR-LOST-' || substr(md5(random()::text), 1, 8), $1, $2,
               'submitted', $3, now() - interval '1 hour', true, now() - interval '1 hour')
       RETURNING id`,
      [
        filer.org.id,
        filer.user.id,
        { legalName: `Lost merchant ${randomUUID().slice(0, 8)}`, country: 'GB', websites: [] },
      ],
    );
    await lostJob('intake', 'referral-submitted', {
      organizationId: filer.org.id,
      referralId: referral.id,
    });

    await reconciler.reconcile();
    const takenIn = await eventually('the lost referral to be taken in', async () => {
      const rows = await ds.query<{ status: string; case_id: string | null }[]>(
        `SELECT status, case_id FROM referrals WHERE id = $1`,
        [referral.id],
      );
      return rows[0]?.status === 'in_review' ? rows[0] : undefined;
    });
    expect(takenIn.case_id).not.toBeNull();
  }, 30_000);

  it('should breach a clock whose job was lost, once', async () => {
    const routed = await createRoutedCase(ds, { dispatchStatus: 'delivered' });
    const clockId = randomUUID();
    await inTransaction(ds, (m) =>
      m.insert(SlaClockEntity, {
        id: clockId,
        clock: 'le_acknowledgement',
        caseId: routed.caseRow.id,
        dispatchId: routed.dispatch.id,
        infoRequestId: null,
        holdId: null,
        startedAt: new Date(Date.now() - 2 * 3600_000),
        dueAt: new Date(Date.now() - 3600_000),
        status: 'running',
        breachedAt: null,
        stoppedAt: null,
      }),
    );
    await lostJob('sla', 'clock-due', { organizationId: null, clockId });

    await reconciler.reconcile();
    await eventually('the clock to be breached', async () => {
      const k = await ds.manager.findOneBy(SlaClockEntity, { id: clockId });
      return k?.status === 'breached' ? k : undefined;
    });
    const alerts: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM alerts WHERE clock_id = $1`,
      [clockId],
    );
    expect(alerts[0].n).toBe(1);
    expect((await reconciler.reconcile()).clocksRequeued).toBe(0);
  }, 30_000);
});
