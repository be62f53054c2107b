import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { QueueName } from '@app/queues';
import { Reconciler } from '../../apps/worker/src/reconciler';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { createRoutedCase } from '../support/case-fixtures';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createScratchDatabase } from '../support/scratch-database';
import { mailsTo } from '../support/smtp-sink';
import { mailArrives } from './notification-support';

/**
 * Notification work whose job Redis lost is replayed from PostgreSQL: a mail
 * delivery still unsent, and an event not recorded as processed. Each mail
 * arrives once, each person is told once.
 */
describe('Replaying lost notification jobs (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let reconciler: Reconciler;
  let queue: Queue;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    worker = await createWorkerApp(
      testEnvironment({
        DATABASE_URL: scratch.url,
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-notify-replay`,
      }),
      { shutdownHooks: false },
    );
    ds = worker.get<DataSource>(getDataSourceToken());
    reconciler = worker.get(Reconciler);
    queue = worker.get<Queue>(getQueueToken(QueueName.Notifications));
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await scratch?.drop();
  });

  /**
   * An outbox row published an hour ago whose job waits in Redis (delayed, so
   * it does not run); the caller then removes the job, as a flushed Redis would.
   */
  async function publishedRow(jobName: string, payload: Record<string, unknown>) {
    const id = randomUUID();
    const data = { ...payload, outboxId: id };
    await ds.query(
      `INSERT INTO outbox (id, queue, job_name, payload, available_at, created_at, published_at)
       VALUES ($1, 'notifications', $2, $3, now() - interval '1 hour', now() - interval '1 hour',
               now() - interval '1 hour')`,
      [id, jobName, data],
    );
    const job = await queue.add(jobName, data, { jobId: id, delay: 3600_000 });
    return { id, removeJob: () => job.remove() };
  }

  it('should send an unsent mail whose job was lost, exactly once', async () => {
    const to = `replayed.${randomUUID().slice(0, 8)}@example.test`;
    const [delivery] = await ds.query<{ id: string }[]>(
      `INSERT INTO mail_deliveries (id, dedupe_key, to_address, subject, text_body, html_body, created_at)
       VALUES (gen_random_uuid(), $1, $2, 'Replayed FCR-REPLAY', 'text', '<p>html</p>',
               now() - interval '1 hour')
       RETURNING id`,
      [`test:${randomUUID()}`, to],
    );
    const row = await publishedRow('send-mail', { organizationId: null, deliveryId: delivery.id });

    // Its job still waits in Redis: nothing to replay.
    expect((await reconciler.reconcile()).mailsRequeued).toBe(0);
    await row.removeJob();
    // Each worker also reconciles on its own timer; either way the mail is replayed once.
    await reconciler.reconcile();

    await mailArrives({ id: '', email: to }, 'FCR-REPLAY');
    const sent = await eventually('the delivery to be marked sent', async () => {
      const [d] = await ds.query<{ sent_at: Date | null }[]>(
        `SELECT sent_at FROM mail_deliveries WHERE id = $1`,
        [delivery.id],
      );
      return d.sent_at ?? undefined;
    });
    expect(sent).toBeInstanceOf(Date);
    expect((await reconciler.reconcile()).mailsRequeued).toBe(0);
    const rows = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'deliveryId' = $1`,
      [delivery.id],
    );
    expect(rows[0].n).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(to)).toHaveLength(1);
  }, 30_000);

  it('should process an event whose job was lost before it ran: told once, mailed once', async () => {
    const routed = await createRoutedCase(ds, { dispatchStatus: 'delivered' });
    const event = await publishedRow('event', {
      organizationId: null,
      kind: 'dispatch.created',
      subjectId: routed.dispatch.id,
      actorId: null,
      expectedExpiry: null,
    });

    expect((await reconciler.reconcile()).eventsRequeued).toBe(0);
    await event.removeJob();
    await reconciler.reconcile();

    await mailArrives(routed.liaison, routed.dispatch.reference);
    const [processed] = await eventually('the event to be recorded as processed', async () =>
      ds.query<{ event_id: string }[]>(
        `SELECT event_id FROM notification_events WHERE event_id = $1`,
        [event.id],
      ),
    );
    expect(processed.event_id).toBe(event.id);
    // Nothing more to replay; the event's own row was published again (one row, same id).
    expect((await reconciler.reconcile()).eventsRequeued).toBe(0);
    const rows = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE queue = 'notifications' AND job_name = 'event'
          AND payload->>'subjectId' = $1`,
      [routed.dispatch.id],
    );
    expect(rows[0].n).toBe(1);
    const told = await ds.query<{ user_id: string }[]>(
      `SELECT user_id FROM notifications WHERE event_id = $1`,
      [event.id],
    );
    expect(told.map((t) => t.user_id)).toEqual([routed.liaison.id]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(routed.liaison.email)).toHaveLength(1);
  }, 30_000);
});
