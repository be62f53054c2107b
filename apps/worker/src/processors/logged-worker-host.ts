import { errorForLog } from '@app/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import type { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

const CONNECTION_LOG_INTERVAL_MS = 30_000;

/**
 * A processor whose worker reports to the structured log: failed jobs with
 * their attempt count, and Redis connection trouble at most every 30 s (BullMQ
 * would otherwise print each reconnection attempt to the console).
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  protected abstract readonly logger: Logger;
  private lastConnectionLog = 0;

  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, error: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const final = job ? job.attemptsMade >= attempts : true;
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
