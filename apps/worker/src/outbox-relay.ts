import { AppConfig, errorForLog, withTimeout } from '@app/common';
import { OutboxListener, OutboxRepository, UnitOfWork } from '@app/persistence';
import { ALL_QUEUES, jobOptionsFor, redisOptions } from '@app/queues';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { WorkerMetrics } from './metrics/worker-metrics';

const BATCH = 200;
const LEASE_SECONDS = 30;
/**
 * BullMQ waits for its connection instead of failing while Redis is away; a
 * publish that takes longer than this ends the pass. If the add completes
 * later anyway, the next publish of the row is a no-op (same job id).
 */
const PUBLISH_TIMEOUT_MS = 3000;
const MAX_RETRY_DELAY_MS = 5000;
/** Rows due within this horizon are published now as delayed BullMQ jobs. */
const DELAY_HORIZON_SECONDS = 3600;

/**
 * Moves committed outbox rows to their BullMQ queue. A row is claimed with a
 * short lease (`FOR UPDATE SKIP LOCKED`, committed at once, so no transaction
 * stays open while Redis is called), published with its id as the job id, then
 * marked published. A relay that dies mid-batch leaves leases that expire and
 * are taken over; a row published twice is one job, because BullMQ ignores an
 * add whose job id exists.
 *
 * A pass starts when PostgreSQL notifies a committed outbox insert (see
 * OutboxListener), or after `OUTBOX_POLL_MS` without one: the poll is the
 * fallback for a dropped listener or a missed notification. Every replica's
 * relay is woken by the same commit; the claim's SKIP LOCKED and lease give
 * each row to one of them, the others find nothing.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  /** Each queue's retry policy (see jobOptionsFor), given to every job it publishes. */
  private readonly jobOptions = new Map<string, JobsOptions>();
  private readonly pollMs: number;
  private readonly listener?: OutboxListener;
  private timer?: NodeJS.Timeout;
  /** Consecutive passes that could not publish; spaces out retries while Redis is away. */
  private failures = 0;
  private running?: Promise<void>;
  /** A pass is under way; a wake-up meanwhile sets `wokenDuringPass`. */
  private passing = false;
  private wokenDuringPass = false;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxRepository,
    config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {
    this.pollMs = config.get('OUTBOX_POLL_MS');
    const databaseUrl = config.get('DATABASE_URL');
    if (config.get('OUTBOX_LISTEN') && databaseUrl) {
      this.listener = new OutboxListener(
        databaseUrl,
        () => this.wake(),
        (error, retryInMs) =>
          this.logger.warn(
            { err: errorForLog(error), retryInMs },
            'Outbox notifications lost; polling until the listener reconnects',
          ),
      );
    }
    // A reconnecting connection, like the workers': while Redis is away each
    // publish is cut short by PUBLISH_TIMEOUT_MS and the row stays in the outbox.
    const connection = redisOptions(config.redisTarget(), 'worker');
    const prefix = config.get('QUEUE_PREFIX');
    for (const name of ALL_QUEUES) {
      const queue = new Queue(name, { connection, prefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
      this.jobOptions.set(
        name,
        jobOptionsFor(name, {
          WEBHOOK_MAX_ATTEMPTS: config.get('WEBHOOK_MAX_ATTEMPTS'),
          WEBHOOK_BACKOFF_MS: config.get('WEBHOOK_BACKOFF_MS'),
          MAIL_MAX_ATTEMPTS: config.get('MAIL_MAX_ATTEMPTS'),
          MAIL_BACKOFF_MS: config.get('MAIL_BACKOFF_MS'),
        }),
      );
    }
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
    this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.close();
    await this.running;
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }

  /**
   * Rows were committed (a notification, or the listener's reconnection): pass
   * now rather than at the next poll. A wake-up during a pass asks for another
   * right after it, since the pass may have read before that commit. While
   * Redis refuses, the backoff stands: a wake-up would only hit it again.
   */
  wake(): void {
    if (this.stopped || this.failures > 0) return;
    if (this.passing) {
      this.wokenDuringPass = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pass(), ms);
  }

  private pass(): void {
    this.timer = undefined;
    this.passing = true;
    this.wokenDuringPass = false;
    this.running = this.publishBatch()
      .then((outcome) => {
        this.failures = outcome === 'blocked' ? this.failures + 1 : 0;
        return outcome === 'more' || (outcome === 'idle' && this.wokenDuringPass)
          ? 0
          : this.retryDelay();
      })
      .catch((error: unknown) => {
        this.failures += 1;
        this.logger.warn({ err: errorForLog(error) }, 'Outbox relay pass failed; retrying');
        return this.retryDelay();
      })
      .then((delay) => {
        this.passing = false;
        this.schedule(delay);
      });
  }

  private retryDelay(): number {
    if (this.failures === 0) return this.pollMs;
    return Math.min(this.pollMs * 2 ** this.failures, MAX_RETRY_DELAY_MS);
  }

  /**
   * One pass: `more` when the batch was full (go again at once), `idle` when
   * everything due was published, `blocked` when Redis refused.
   */
  async publishBatch(): Promise<'more' | 'idle' | 'blocked'> {
    // Autocommit: the lease is committed at once, so no transaction stays open while Redis is called.
    const claimed = await this.outbox.claimDue(
      this.uow.autocommit,
      BATCH,
      LEASE_SECONDS,
      DELAY_HORIZON_SECONDS,
    );
    if (claimed.length === 0) return 'idle';

    const published: string[] = [];
    let failure: string | undefined;
    for (const row of claimed) {
      const queue = this.queues.get(row.queue);
      if (!queue) {
        failure = `unknown queue ${row.queue}`;
        this.metrics.outboxPublishFailed(row.queue);
        continue;
      }
      try {
        await withTimeout(
          queue.add(row.job_name, row.payload, {
            ...this.jobOptions.get(row.queue),
            jobId: row.id,
            delay: row.delay_ms,
          }),
          PUBLISH_TIMEOUT_MS,
          'publishing to Redis',
        );
        published.push(row.id);
        this.metrics.outboxPublished(row.queue);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        this.metrics.outboxPublishFailed(row.queue);
        break; // Redis is away: leave the rest for the next pass.
      }
    }
    if (published.length > 0) {
      await this.outbox.markPublished(this.uow.autocommit, published);
    }
    const unpublished = claimed.filter((r) => !published.includes(r.id)).map((r) => r.id);
    if (unpublished.length > 0) {
      // Release the lease so the rows are retried on the next pass, not after it expires.
      await this.outbox.release(
        this.uow.autocommit,
        unpublished,
        (failure ?? 'not published').slice(0, 500),
      );
      if (this.failures === 0) {
        this.logger.warn(
          { count: unpublished.length, reason: failure },
          'Outbox rows not published yet',
        );
      }
      return 'blocked';
    }
    return claimed.length === BATCH ? 'more' : 'idle';
  }
}
