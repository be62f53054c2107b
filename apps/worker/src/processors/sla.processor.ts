import { QueueName } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { LoggedWorkerHost } from './logged-worker-host';

/** Breaches service-level clocks that nobody stopped in time. */
@Processor(QueueName.Sla)
export class SlaProcessor extends LoggedWorkerHost {
  protected readonly logger = new Logger(SlaProcessor.name);

  process(job: Job): Promise<unknown> {
    return Promise.reject(new Error(`SLA clocks are not available yet (${job.name})`));
  }
}
