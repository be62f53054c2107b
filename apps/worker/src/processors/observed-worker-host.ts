import { errorForLog } from '@app/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, type Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { WorkerMetrics } from '../metrics/worker-metrics';

const CONNECTION_LOG_INTERVAL_MS = 30_000;

/**
 * Whether a failed run was the job's last: its attempts are spent, or BullMQ
 * failed it for good at once (an unrecoverable error), which sets finishedOn.
 */
function failedForGood(job: Job | undefined): boolean {
  if (!job) return true;
  return job.finishedOn !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** Seconds since the run started, up to its finish if BullMQ recorded one. */
function runSeconds(job: Job): number | undefined {
  if (job.processedOn === undefined) return undefined;
  return ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
}

/**
 * A processor whose worker reports to the structured log and to the worker's
 * metrics: every run started and how it ended (WorkerMetrics), failed jobs
 * with their attempt count, and Redis connection trouble at most every 30 s
 * (BullMQ would otherwise print each reconnection attempt to the console).
 */
export abstract class ObservedWorkerHost extends WorkerHost {
  protected abstract readonly logger: Logger;
  /** Injected by property, so processors keep their own constructors. */
  @Inject(WorkerMetrics) private readonly metrics!: WorkerMetrics;
  private lastConnectionLog = 0;

  @OnWorkerEvent('active')
  onJobActive(job: Job): void {
    this.metrics.jobStarted(job.queueName);
  }

  @OnWorkerEvent('completed')
  onJobCompleted(job: Job): void {
    this.metrics.jobFinished(job.queueName, job.name, 'completed', runSeconds(job));
  }

  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, error: Error): void {
    const final = failedForGood(job);
    if (job) {
      const outcome = final ? 'failed' : 'retried';
      this.metrics.jobFinished(job.queueName, job.name, outcome, runSeconds(job));
    }
    this.logger[final ? 'error' : 'warn'](
      {
        err: errorForLog(error),
        jobId: job?.id,
        job: job?.name,
        attemptsMade: job?.attemptsMade,
        final,
      },
      final ? 'Job failed for good; it stays in the failed set' : 'Job failed; it will be retried',
    );
  }

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    const now = Date.now();
    if (now - this.lastConnectionLog < CONNECTION_LOG_INTERVAL_MS) return;
    this.lastConnectionLog = now;
    this.logger.warn({ err: errorForLog(error) }, 'Queue worker cannot reach Redis; retrying');
  }
}
