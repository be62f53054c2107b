import { AppConfig, errorForLog, withTimeout } from '@app/common';
import { SYSTEM_SCOPE } from '@app/domain';
import {
  ReconcilerRepository,
  UnitOfWork,
  type OwedKind,
  type OwedRow,
  type Tx,
} from '@app/persistence';
import { OutboxWriter, QueueName } from '@app/queues';
import { InjectQueue } from '@nestjs/bullmq';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { WorkerMetrics } from './metrics/worker-metrics';

/**
 * Leave a pending dispatch or a submitted referral alone this long after its
 * last change: its outbox row may not be published yet, or its job may have
 * just been added. Whether a job is still live is then asked of Redis itself.
 */
const WORK_GRACE_SECONDS = 30;
/** A clock this far past due with no recent job is taken to have lost its job. */
const CLOCK_GRACE_SECONDS = 30;
/**
 * Leave a mail delivery or a notification event this long after it was
 * written (an event: published and due) before asking Redis for its job.
 */
const NOTIFICATION_GRACE_SECONDS = 60;
/**
 * How far back notification work is looked for: less than the outbox's
 * retention (7 days, maintenance processor), so the rows it is judged by exist.
 */
const NOTIFICATION_LOOKBACK_DAYS = 6;
/** How often each worker compares PostgreSQL with the queues. */
export const RECONCILE_INTERVAL_MS = 30_000;
/** Rows looked at per pass; the next pass takes the rest. */
const BATCH = 200;
const REDIS_TIMEOUT_MS = 3000;

/** Work a record still owes while it stays in its owed status. */
interface OwedWork {
  kind: OwedKind;
  queue: Queue;
  enqueue(tx: Tx, row: OwedRow): Promise<unknown>;
}

export interface ReconcileResult {
  referralsRequeued: number;
  dispatchesRequeued: number;
  clocksRequeued: number;
  mailsRequeued: number;
  eventsRequeued: number;
  /** Deliveries that used all their attempts unsent, reported once each. */
  mailsGivenUp: number;
}

/**
 * Replays work whose job was lost from Redis (a flushed or failed-over Redis,
 * a job removed by hand). PostgreSQL knows what is still owed: a referral
 * still `submitted`, a dispatch still `pending`, a clock still `running` past
 * its deadline, a mail delivery unsent, a notification event not recorded as
 * processed. For each, if no live job exists for it, a new outbox row is
 * written (an event's own row is published again, so the event keeps its id);
 * the processors are idempotent, so a replay of work that did happen changes
 * nothing. Each worker runs it every 30 s on a timer of its own (not a
 * queued job, which a flushed Redis would lose too) and once at start.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly mailMaxAttempts: number;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly owed: ReconcilerRepository,
    @InjectQueue(QueueName.Dispatch) private readonly dispatchQueue: Queue,
    @InjectQueue(QueueName.Intake) private readonly intakeQueue: Queue,
    private readonly outbox: OutboxWriter,
    @InjectQueue(QueueName.Notifications) private readonly notificationsQueue: Queue,
    config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {
    // Connection trouble is reported by the processors' workers; do not print it twice.
    this.dispatchQueue.on('error', () => undefined);
    this.intakeQueue.on('error', () => undefined);
    this.notificationsQueue.on('error', () => undefined);
    this.mailMaxAttempts = config.get('MAIL_MAX_ATTEMPTS');
  }

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.running = this.reconcile().catch((error: unknown) =>
        this.logger.warn(
          { err: errorForLog(error) },
          'Reconciling with the queues failed; retrying',
        ),
      );
    };
    this.timer = setInterval(tick, RECONCILE_INTERVAL_MS);
    this.timer.unref();
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async reconcile(): Promise<ReconcileResult> {
    const result = {
      referralsRequeued: await this.requeueReferrals(),
      dispatchesRequeued: await this.requeueDispatches(),
      clocksRequeued: await this.requeueClocks(),
      mailsRequeued: await this.requeueMail(),
      eventsRequeued: await this.republishEvents(),
      mailsGivenUp: await this.giveUpMail(),
    };
    this.metrics.reconcilerReplayed('referral', result.referralsRequeued);
    this.metrics.reconcilerReplayed('dispatch', result.dispatchesRequeued);
    this.metrics.reconcilerReplayed('clock', result.clocksRequeued);
    this.metrics.reconcilerReplayed('mail', result.mailsRequeued);
    this.metrics.reconcilerReplayed('event', result.eventsRequeued);
    const replayed =
      result.referralsRequeued +
      result.dispatchesRequeued +
      result.clocksRequeued +
      result.mailsRequeued +
      result.eventsRequeued;
    if (replayed > 0) {
      this.logger.warn(result, 'Replayed work whose job was missing from the queue');
    }
    return result;
  }

  private requeueReferrals(): Promise<number> {
    return this.requeueOwed({
      kind: 'referrals',
      queue: this.intakeQueue,
      enqueue: (tx, row) =>
        this.outbox.enqueue(tx, QueueName.Intake, 'referral-submitted', {
          organizationId: row.organization_id,
          referralId: row.id,
        }),
    });
  }

  private requeueDispatches(): Promise<number> {
    return this.requeueOwed({
      kind: 'dispatches',
      queue: this.dispatchQueue,
      enqueue: (tx, row) =>
        this.outbox.enqueue(tx, QueueName.Dispatch, 'deliver', {
          organizationId: row.organization_id,
          dispatchId: row.id,
        }),
    });
  }

  /**
   * Rows still in their owed status a while after their last change, whose
   * latest outbox row was published but whose job Redis no longer has, get a
   * new outbox row (re-checked under the row lock: the work may have moved on).
   */
  private async requeueOwed(work: OwedWork): Promise<number> {
    const rows = await this.owed.owedWork(
      this.uow.autocommit,
      SYSTEM_SCOPE,
      work.kind,
      work.queue.name,
      WORK_GRACE_SECONDS,
      BATCH,
    );
    let requeued = 0;
    for (const row of rows) {
      if (!(await this.jobLost(work.queue, row))) continue;
      const done = await this.uow.run(async (tx) => {
        if (!(await this.owed.lockStillOwed(tx, SYSTEM_SCOPE, work.kind, row.id))) return false;
        await work.enqueue(tx, row);
        return true;
      });
      if (done) requeued += 1;
    }
    return requeued;
  }

  private async requeueClocks(): Promise<number> {
    return this.uow.run(async (tx) => {
      const clockIds = await this.owed.lockOverdueClocksWithoutJob(tx, CLOCK_GRACE_SECONDS, BATCH);
      for (const clockId of clockIds) {
        await this.outbox.enqueue(tx, QueueName.Sla, 'clock-due', {
          organizationId: null,
          clockId,
        });
      }
      return clockIds.length;
    });
  }

  /**
   * Unsent deliveries under the attempt limit whose latest `send-mail` row was
   * published but whose job Redis lost get a new `send-mail` row (re-checked
   * under the delivery's lock). A refused mail's job is kept by Redis as
   * failed once its attempts are spent, and is not replayed.
   */
  private async requeueMail(): Promise<number> {
    const rows = await this.owed.owedMail(
      this.uow.autocommit,
      NOTIFICATION_GRACE_SECONDS,
      NOTIFICATION_LOOKBACK_DAYS,
      this.mailMaxAttempts,
      BATCH,
    );
    let requeued = 0;
    for (const row of rows) {
      if (!(await this.jobLost(this.notificationsQueue, row))) continue;
      const done = await this.uow.run(async (tx) => {
        if (!(await this.owed.lockMailStillOwed(tx, row.id, row.outbox_id, this.mailMaxAttempts))) {
          return false;
        }
        await this.outbox.enqueue(tx, QueueName.Notifications, 'send-mail', {
          organizationId: null,
          deliveryId: row.id,
        });
        return true;
      });
      if (done) requeued += 1;
    }
    return requeued;
  }

  /**
   * Published notification events not recorded as processed whose job Redis
   * lost: their outbox row goes back to the relay (re-checked under its lock).
   */
  private async republishEvents(): Promise<number> {
    const ids = await this.owed.unprocessedEvents(
      this.uow.autocommit,
      NOTIFICATION_GRACE_SECONDS,
      NOTIFICATION_LOOKBACK_DAYS,
      BATCH,
    );
    let requeued = 0;
    for (const id of ids) {
      if (await this.jobExists(this.notificationsQueue, id)) continue;
      const done = await this.uow.run((tx) =>
        this.owed.republishEvent(tx, id, NOTIFICATION_GRACE_SECONDS),
      );
      if (done) requeued += 1;
    }
    return requeued;
  }

  /**
   * Deliveries that used all their attempts unsent are not replayed: they keep
   * their last error and are marked given up, and each is logged once as an
   * error for an operator (the address's server refused it every time).
   */
  private async giveUpMail(): Promise<number> {
    const rows = await this.uow.run((tx) => this.owed.giveUpMail(tx, this.mailMaxAttempts, BATCH));
    for (const row of rows) {
      this.logger.error(
        { deliveryId: row.id, attempts: row.attempts, lastError: row.last_error },
        'Mail delivery given up after its last attempt; it was not sent',
      );
    }
    return rows.length;
  }

  /**
   * Whether the record's latest outbox row (none counts as lost) was published
   * and Redis no longer has its job; an unpublished row is the relay's to send.
   */
  private async jobLost(
    queue: Queue,
    row: { outbox_id: string | null; published: boolean | null },
  ): Promise<boolean> {
    if (!row.outbox_id) return true;
    return row.published === true && !(await this.jobExists(queue, row.outbox_id));
  }

  /**
   * Whether Redis still knows the job, in any state. A waiting, delayed or
   * running job will do its work; a failed one is a dead letter that
   * coordinators see and an administrator retries on purpose (replaying it here
   * would retry a poison job forever). Only a job Redis has lost is replayed.
   */
  private async jobExists(queue: Queue, jobId: string): Promise<boolean> {
    try {
      const job = await withTimeout(queue.getJob(jobId), REDIS_TIMEOUT_MS, 'reading a job');
      if (!job) return false;
      const state = await withTimeout(job.getState(), REDIS_TIMEOUT_MS, 'reading a job state');
      return state !== 'unknown';
    } catch (error) {
      // Redis is away: assume the job lives; the next pass looks again.
      this.logger.warn({ err: errorForLog(error) }, 'Could not read a job');
      return true;
    }
  }
}
