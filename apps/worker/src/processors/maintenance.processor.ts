import { HousekeepingRepository, OutboxRepository, UnitOfWork } from '@app/persistence';
import { QueueName, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Reconciler } from '../reconciler';
import { RetentionPurge } from '../retention/retention-purge';
import { LoggedWorkerHost } from './logged-worker-host';

/** Retention of published outbox rows, kept so recent jobs can be replayed. */
const OUTBOX_RETENTION_DAYS = 7;

/**
 * Housekeeping: deleting rows past their use, the daily retention purge
 * (RetentionPurge), and replaying work whose job was lost (see Reconciler). Running either twice, or concurrently, is harmless.
 */
@Processor(QueueName.Maintenance, { concurrency: 1, ...WORKER_RECOVERY })
export class MaintenanceProcessor extends LoggedWorkerHost {
  protected readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly housekeeping: HousekeepingRepository,
    private readonly outbox: OutboxRepository,
    private readonly reconciler: Reconciler,
    private readonly retention: RetentionPurge,
  ) {
    super();
  }

  async process(job: Job): Promise<Record<string, number>> {
    switch (job.name) {
      case 'purge-expired':
        return this.purgeExpired();
      case 'reconcile':
        return { ...(await this.reconciler.reconcile()) };
      case 'retention-purge':
        return { ...(await this.retention.purge('schedule')).removed };
      default:
        throw new Error(`maintenance has no job named ${job.name}`);
    }
  }

  private async purgeExpired(): Promise<Record<string, number>> {
    const tx = this.uow.autocommit;
    const tokens = await this.housekeeping.purgeExpiredRefreshTokens(tx);
    const throttles = await this.housekeeping.purgeStaleLoginThrottles(tx);
    const outbox = await this.outbox.purgePublished(tx, OUTBOX_RETENTION_DAYS);
    const result = { refreshTokens: tokens, loginThrottles: throttles, outboxRows: outbox };
    this.logger.log(result, 'Purged expired rows');
    return result;
  }
}
