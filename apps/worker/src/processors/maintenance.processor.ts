import {
  HousekeepingRepository,
  OutboxRepository,
  ReferralAttachmentsRepository,
  UnitOfWork,
} from '@app/persistence';
import { QueueName, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Reconciler } from '../reconciler';
import { LoggedWorkerHost } from './logged-worker-host';

/** Retention of published outbox rows, kept so recent jobs can be replayed. */
const OUTBOX_RETENTION_DAYS = 7;
/**
 * Age after which a document blob no row names is an orphan: far longer than
 * any transaction that writes a blob before recording it.
 */
export const ORPHAN_BLOB_MIN_AGE_HOURS = 24;

/**
 * Housekeeping: deleting rows past their use and document blobs no row names
 * (left by a transaction that rolled back), and replaying work whose job was
 * lost (see Reconciler). Running either twice, or concurrently, is harmless.
 */
@Processor(QueueName.Maintenance, { concurrency: 1, ...WORKER_RECOVERY })
export class MaintenanceProcessor extends LoggedWorkerHost {
  protected readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly housekeeping: HousekeepingRepository,
    private readonly outbox: OutboxRepository,
    private readonly reconciler: Reconciler,
    private readonly attachments: ReferralAttachmentsRepository,
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
    const tx = this.uow.autocommit;
    const tokens = await this.housekeeping.purgeExpiredRefreshTokens(tx);
    const throttles = await this.housekeeping.purgeStaleLoginThrottles(tx);
    const outbox = await this.outbox.purgePublished(tx, OUTBOX_RETENTION_DAYS);
    const orphanBlobs = await this.attachments.sweepOrphanBlobs(
      tx,
      new Date(Date.now() - ORPHAN_BLOB_MIN_AGE_HOURS * 3600_000),
    );
    const result = {
      refreshTokens: tokens,
      loginThrottles: throttles,
      outboxRows: outbox,
      orphanBlobs,
    };
    this.logger.log(result, 'Purged expired rows');
    return result;
  }
}
