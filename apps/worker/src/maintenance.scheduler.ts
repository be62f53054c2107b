import { AppConfig } from '@app/common';
import { QueueName } from '@app/queues';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';

/**
 * Keep the hourly housekeeping, the hourly partition upkeep, the daily
 * notification digest and the daily retention purge schedules in place
 * (idempotent upserts). Replaying
 * lost jobs is not scheduled here: it runs on each worker's own timer
 * (Reconciler), since a schedule kept in Redis is lost with the jobs it should replay.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceScheduler.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @InjectQueue(QueueName.Notifications) private readonly notifications: Queue,
    private readonly config: AppConfig,
  ) {
    // Connection trouble is reported by the processors' workers; do not print it twice.
    this.queue.on('error', () => undefined);
    this.notifications.on('error', () => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.upsertJobScheduler(
        'purge-expired-hourly',
        { every: 3600_000 },
        { name: 'purge-expired', data: { outboxId: null, organizationId: null } },
      );
      // Month partitions of the audit trail and the match keys, three months ahead.
      await this.queue.upsertJobScheduler(
        'create-partitions-hourly',
        { every: 3600_000 },
        { name: 'create-partitions', data: { outboxId: null, organizationId: null } },
      );
      // The daily digest: at 07:00 UTC, one mail per person with digest notifications waiting.
      await this.notifications.upsertJobScheduler(
        'notification-digest-daily',
        { pattern: '0 7 * * *', tz: 'UTC' },
        { name: 'digest', data: { outboxId: null, organizationId: null } },
      );
      // The retention purge: daily at 03:30 UTC, away from the digest and office hours.
      if (this.config.get('RETENTION_PURGE_ENABLED')) {
        await this.queue.upsertJobScheduler(
          'retention-purge-daily',
          { pattern: '30 3 * * *', tz: 'UTC' },
          { name: 'retention-purge', data: { outboxId: null, organizationId: null } },
        );
      } else {
        await this.queue.removeJobScheduler('retention-purge-daily');
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not register the housekeeping schedule; will retry at next start',
      );
    }
  }
}
