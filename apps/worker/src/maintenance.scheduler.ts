import { QueueName } from '@app/queues';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';

/**
 * Keep the hourly housekeeping schedule in place (idempotent upsert). Replaying
 * lost jobs is not scheduled here: it runs on each worker's own timer
 * (Reconciler), since a schedule kept in Redis is lost with the jobs it should replay.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceScheduler.name);

  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {
    // Connection trouble is reported by the processors' workers; do not print it twice.
    this.queue.on('error', () => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.upsertJobScheduler(
        'purge-expired-hourly',
        { every: 3600_000 },
        { name: 'purge-expired', data: { outboxId: null, organizationId: null } },
      );
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not register the housekeeping schedule; will retry at next start',
      );
    }
  }
}
