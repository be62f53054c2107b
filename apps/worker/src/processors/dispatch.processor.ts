import { QueueName } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { LoggedWorkerHost } from './logged-worker-host';

/** Delivers approved dispatches through their agency's channels. */
@Processor(QueueName.Dispatch)
export class DispatchProcessor extends LoggedWorkerHost {
  protected readonly logger = new Logger(DispatchProcessor.name);

  process(job: Job): Promise<unknown> {
    return Promise.reject(new Error(`dispatch delivery is not available yet (${job.name})`));
  }
}
