import { AppConfig, withTimeout } from '@app/common';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ALL_QUEUES, type QueueName } from './queue-names';
import { redisOptions } from './redis-connection';

export interface FailedJobView {
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
  /** The record the job was about (ids only, never payload contents). */
  referralId: string | null;
}

export interface QueueStatus {
  name: string;
  counts: Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>;
  /** Jobs that ran out of retries (the dead letters), newest first. */
  failed: FailedJobView[];
}

const TIMEOUT_MS = 3000;

/** The most failed jobs shown per queue (the newest). */
export const FAILED_JOBS_SHOWN = 20;
/** A failed job's reason is cut to this many characters. */
export const FAILED_REASON_MAX_LENGTH = 500;

/** Read-only view of the queues for people (and one admin action: retry a dead letter). */
@Injectable()
export class QueueInspector implements OnModuleDestroy {
  private queues?: Map<string, Queue>;

  constructor(private readonly config: AppConfig) {}

  /** Connections are opened on first use, so an API that never shows queues holds none. */
  private open(): Map<string, Queue> {
    if (!this.queues) {
      const connection = redisOptions(this.config.redisTarget(), 'worker');
      this.queues = new Map(
        ALL_QUEUES.map((name) => {
          const queue = new Queue(name, { connection, prefix: this.config.get('QUEUE_PREFIX') });
          queue.on('error', () => undefined);
          return [name, queue];
        }),
      );
    }
    return this.queues;
  }

  /** The queues themselves (for the dashboard), opened on first use. */
  all(): Queue[] {
    return [...this.open().values()];
  }

  has(name: string): name is QueueName {
    return (ALL_QUEUES as readonly string[]).includes(name);
  }

  async status(failedLimit = FAILED_JOBS_SHOWN): Promise<QueueStatus[]> {
    return withTimeout(
      Promise.all(
        [...this.open().entries()].map(async ([name, queue]) => {
          const counts = await queue.getJobCounts(
            'waiting',
            'active',
            'delayed',
            'failed',
            'completed',
          );
          const failed = await queue.getJobs(['failed'], 0, failedLimit - 1, false);
          return {
            name,
            counts: {
              waiting: counts.waiting ?? 0,
              active: counts.active ?? 0,
              delayed: counts.delayed ?? 0,
              failed: counts.failed ?? 0,
              completed: counts.completed ?? 0,
            },
            failed: failed.map((job) => ({
              id: String(job.id),
              name: job.name,
              failedReason: (job.failedReason ?? '').slice(0, FAILED_REASON_MAX_LENGTH),
              attemptsMade: job.attemptsMade,
              failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
              referralId:
                typeof (job.data as { referralId?: unknown })?.referralId === 'string'
                  ? (job.data as { referralId: string }).referralId
                  : null,
            })),
          };
        }),
      ),
      TIMEOUT_MS,
      'reading the queues',
    );
  }

  /** Put a failed job back in line; false when there is no such failed job. */
  async retry(name: QueueName, jobId: string): Promise<boolean> {
    const queue = this.open().get(name);
    if (!queue) return false;
    return withTimeout(
      (async () => {
        const job = await queue.getJob(jobId);
        if (!job || !(await job.isFailed())) return false;
        await job.retry('failed');
        return true;
      })(),
      TIMEOUT_MS,
      'retrying the job',
    );
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.queues) return;
    // A queue that never reached Redis would wait for it to close; do not let shutdown hang.
    await Promise.all(
      [...this.queues.values()].map((q) =>
        withTimeout(q.close(), 1000, 'closing a queue').catch(() => q.disconnect()),
      ),
    );
  }
}
