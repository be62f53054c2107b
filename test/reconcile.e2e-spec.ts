import { DispatchEntity, SlaClockEntity, inTransaction } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Reconciler } from '../apps/worker/src/reconciler';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { createRoutedCase } from './support/case-fixtures';
import { testEnvironment } from './support/environment';
import { eventually } from './support/eventually';
import { createScratchDatabase } from './support/scratch-database';

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

    const result = await reconciler.reconcile();
    expect(result.dispatchesRequeued).toBe(1);
    const delivered = await eventually('the lost dispatch to be delivered', async () => {
      const d = await ds.manager.findOneBy(DispatchEntity, { id: lost.dispatch.id });
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivered.deliveredAt).not.toBeNull();
    expect(
      (await ds.manager.findOneByOrFail(DispatchEntity, { id: fresh.dispatch.id })).status,
    ).toBe('pending');
    // A second pass finds nothing more to do.
    expect((await reconciler.reconcile()).dispatchesRequeued).toBe(0);
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

    const result = await reconciler.reconcile();
    expect(result.clocksRequeued).toBeGreaterThanOrEqual(1);
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
