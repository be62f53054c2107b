import { QueueName, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Reconciler } from '../reconciler';
import { LoggedWorkerHost } from './logged-worker-host';

/** Retention of published outbox rows, kept so recent jobs can be replayed. */
const OUTBOX_RETENTION_DAYS = 7;

/**
 * Housekeeping: deleting rows past their use, and replaying work whose job was
 * lost (see Reconciler). Running either twice, or concurrently, is harmless.
 */
@Processor(QueueName.Maintenance, { concurrency: 1, ...WORKER_RECOVERY })
export class MaintenanceProcessor extends LoggedWorkerHost {
  protected readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reconciler: Reconciler,
  ) {
    super();
  }

  async process(job: Job): Promise<Record<string, number>> {
    switch (job.name) {
      case 'purge-expired':
        return this.purgeExpired();
      case 'reconcile':
        return { ...(await this.reconciler.reconcile()) };
      default:
        throw new Error(`maintenance has no job named ${job.name}`);
    }
  }

  private async purgeExpired(): Promise<Record<string, number>> {
    const [, tokens] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'`,
    );
    const [, throttles] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM login_throttles
        WHERE (locked_until IS NULL OR locked_until < now())
          AND window_started_at < now() - interval '1 day'`,
    );
    const [, outbox] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`,
      [OUTBOX_RETENTION_DAYS],
    );
    const result = { refreshTokens: tokens, loginThrottles: throttles, outboxRows: outbox };
    this.logger.log(result, 'Purged expired rows');
    return result;
  }
}
