import { AppConfig } from '@app/common';
import { ALL_QUEUES, redisOptions } from '@app/queues';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

interface ClaimedRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
  delay_ms: number;
}

const BATCH = 200;
const LEASE_SECONDS = 30;
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
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.pollMs = config.get('OUTBOX_POLL_MS');
    const connection = redisOptions(config.get('REDIS_URL'), 'client');
    const prefix = config.get('QUEUE_PREFIX');
    for (const name of ALL_QUEUES) {
      // Fail fast while Redis is away: the row simply stays in the outbox.
      const queue = new Queue(name, { connection: { ...connection, lazyConnect: false }, prefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
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
        .then((full) => this.schedule(full ? 0 : this.pollMs))
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'Outbox relay pass failed; retrying');
          this.schedule(Math.max(this.pollMs, 1000));
        });
    }, ms);
  }

  /** One pass; true when the batch was full and more rows are probably waiting. */
  async publishBatch(): Promise<boolean> {
    // For UPDATE ... RETURNING the driver answers [rows, affectedCount].
    const [claimed] = await this.dataSource.query<[ClaimedRow[], number]>(
      `UPDATE outbox o SET claimed_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
         FROM (SELECT id FROM outbox
                WHERE published_at IS NULL
                  AND available_at <= now() + make_interval(secs => $3)
                  AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY available_at, created_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED) due
        WHERE o.id = due.id
        RETURNING o.id, o.queue, o.job_name, o.payload,
                  GREATEST(0, (EXTRACT(EPOCH FROM (o.available_at - now())) * 1000))::int AS delay_ms`,
      [BATCH, LEASE_SECONDS, DELAY_HORIZON_SECONDS],
    );
    if (claimed.length === 0) return false;

    const published: string[] = [];
    let failure: string | undefined;
    for (const row of claimed) {
      const queue = this.queues.get(row.queue);
      if (!queue) {
        failure = `unknown queue ${row.queue}`;
        continue;
      }
      try {
        await queue.add(row.job_name, row.payload, { jobId: row.id, delay: row.delay_ms });
        published.push(row.id);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        break; // Redis is away: leave the rest for the next pass.
      }
    }
    if (published.length > 0) {
      await this.dataSource.query(
        `UPDATE outbox SET published_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`,
        [published],
      );
    }
    const unpublished = claimed.filter((r) => !published.includes(r.id)).map((r) => r.id);
    if (unpublished.length > 0) {
      // Release the lease so the rows are retried on the next pass, not after it expires.
      await this.dataSource.query(
        `UPDATE outbox SET claimed_until = NULL, last_error = $2 WHERE id = ANY($1::uuid[])`,
        [unpublished, (failure ?? 'not published').slice(0, 500)],
      );
      this.logger.warn(
        { count: unpublished.length, reason: failure },
        'Outbox rows not published yet',
      );
      return false;
    }
    return claimed.length === BATCH;
  }
}
