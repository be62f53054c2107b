import {
  BlobStore,
  HousekeepingRepository,
  MONTH_PARTITIONED_TABLES,
  OutboxRepository,
  ReferralAttachmentsRepository,
  UnitOfWork,
} from '@app/persistence';
import { QueueName, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Reconciler } from '../reconciler';
import { RetentionPurge } from '../retention/retention-purge';
import { ObservedWorkerHost } from './observed-worker-host';

/** Retention of published outbox rows, kept so recent jobs can be replayed. */
const OUTBOX_RETENTION_DAYS = 7;
/**
 * Age after which a document blob no row names is an orphan: far longer than
 * any transaction that writes a blob before recording it.
 */
export const ORPHAN_BLOB_MIN_AGE_HOURS = 24;

/**
 * Housekeeping: deleting rows past their use, document blobs no row names
 * (left by a transaction that rolled back) and writes a crash interrupted, keeping the month partitions of the
 * audit trail and the match keys ready ahead of time, the daily retention purge
 * (RetentionPurge), and replaying work whose job was lost (see Reconciler).
 * Running any of them twice, or concurrently, is harmless.
 */
@Processor(QueueName.Maintenance, { concurrency: 1, ...WORKER_RECOVERY })
export class MaintenanceProcessor extends ObservedWorkerHost {
  protected readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly housekeeping: HousekeepingRepository,
    private readonly outbox: OutboxRepository,
    private readonly reconciler: Reconciler,
    private readonly attachments: ReferralAttachmentsRepository,
    private readonly retention: RetentionPurge,
    private readonly blobs: BlobStore,
  ) {
    super();
  }

  async process(job: Job): Promise<Record<string, number>> {
    switch (job.name) {
      case 'purge-expired':
        return this.purgeExpired();
      case 'create-partitions':
        return this.createPartitions();
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
    const ssoSignIns = await this.housekeeping.purgeExpiredSsoSignIns(tx);
    const outbox = await this.outbox.purgePublished(tx, OUTBOX_RETENTION_DAYS);
    const orphanAge = new Date(Date.now() - ORPHAN_BLOB_MIN_AGE_HOURS * 3600_000);
    const orphanBlobs = await this.attachments.sweepOrphanBlobs(tx, orphanAge);
    const abandonedWrites = await this.blobs.sweepAbandonedWrites(orphanAge);
    const result = {
      refreshTokens: tokens,
      loginThrottles: throttles,
      ssoSignIns,
      outboxRows: outbox,
      orphanBlobs,
      abandonedWrites,
    };
    this.logger.log(result, 'Purged expired rows');
    return result;
  }

  /**
   * The current month's partition and the next ones (PARTITION_MONTHS_AHEAD),
   * where missing. A month whose rows already sit in the default partition is
   * left there and reported: an operator moves them (docs/audit.md).
   */
  private async createPartitions(): Promise<Record<string, number>> {
    let created = 0;
    let blocked = 0;
    for (const table of MONTH_PARTITIONED_TABLES) {
      const outcome = await this.housekeeping.createMonthPartitions(this.uow.autocommit, table);
      created += outcome.created.length;
      blocked += outcome.blocked.length;
      if (outcome.created.length > 0) {
        this.logger.log({ table, partitions: outcome.created }, 'Created month partitions');
      }
      if (outcome.blocked.length > 0) {
        this.logger.warn(
          { table, months: outcome.blocked },
          'Months left in the default partition, which already holds rows of them',
        );
      }
    }
    return { partitionsCreated: created, partitionsBlocked: blocked };
  }
}
