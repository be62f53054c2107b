import { AppConfig, errorForLog, withTimeout } from '@app/common';
import { OutboxRepository, UnitOfWork } from '@app/persistence';
import { ALL_QUEUES, jobOptionsFor, redisOptions } from '@app/queues';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';

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
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  /** Each queue's retry policy (see jobOptionsFor), given to every job it publishes. */
  private readonly jobOptions = new Map<string, JobsOptions>();
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  /** Consecutive passes that could not publish; spaces out retries while Redis is away. */
  private failures = 0;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxRepository,
    config: AppConfig,
  ) {
    this.pollMs = config.get('OUTBOX_POLL_MS');
    // A reconnecting connection, like the workers': while Redis is away each
    // publish is cut short by PUBLISH_TIMEOUT_MS and the row stays in the outbox.
    const connection = redisOptions(config.get('REDIS_URL'), 'worker');
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
        }),
      );
    }
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.publishBatch()
        .then((outcome) => {
          this.failures = outcome === 'blocked' ? this.failures + 1 : 0;
          this.schedule(outcome === 'more' ? 0 : this.retryDelay());
        })
        .catch((error: unknown) => {
          this.failures += 1;
          this.logger.warn({ err: errorForLog(error) }, 'Outbox relay pass failed; retrying');
          this.schedule(this.retryDelay());
        });
    }, ms);
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
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
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
