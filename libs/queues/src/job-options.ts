import type { Environment } from '@app/common';
import type { JobsOptions } from 'bullmq';
import { QueueName } from './queue-names';

/** The settings the retry policy reads. */
export type JobRetrySettings = Pick<
  Environment,
  'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_BACKOFF_MS' | 'MAIL_MAX_ATTEMPTS' | 'MAIL_BACKOFF_MS'
>;

/**
 * Share of each webhook retry delay that is random: the delay is drawn between
 * half and all of `WEBHOOK_BACKOFF_MS × 2^(retry-1)`, so deliveries that failed
 * together (an agency's outage) do not all come back at the same instant.
 */
export const WEBHOOK_BACKOFF_JITTER = 0.5;

/** Failed jobs are kept (inspectable, replayable); completed ones are trimmed. */
const RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const satisfies JobsOptions;

/**
 * Retry policy of each queue, applied when the outbox relay publishes a job.
 * Internal work (intake, SLA, housekeeping) retries 8 times from 1 s, doubling:
 * its failures are our own database or Redis being briefly away. Webhook
 * delivery retries as configured, with jitter, because the other side is an
 * agency's server that may be down for a while; after the last attempt the
 * dispatch is marked failed and coordinators are alerted.
 */
export function jobOptionsFor(queue: QueueName, settings: JobRetrySettings): JobsOptions {
  switch (queue) {
    case QueueName.Dispatch:
      return {
        attempts: settings.WEBHOOK_MAX_ATTEMPTS,
        backoff: {
          type: 'exponential',
          delay: settings.WEBHOOK_BACKOFF_MS,
          jitter: WEBHOOK_BACKOFF_JITTER,
        },
        ...RETENTION,
      };
    case QueueName.Notifications:
      // A mail server that refuses (greylisting, an outage) is retried like a webhook receiver.
      return {
        attempts: settings.MAIL_MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: settings.MAIL_BACKOFF_MS, jitter: 0.5 },
        ...RETENTION,
      };
    case QueueName.Intake:
    case QueueName.Maintenance:
    case QueueName.Sla:
      return { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, ...RETENTION };
  }
}

/**
 * Worker settings that bound how long a job held by a worker that died (kill -9,
 * a lost machine) waits before another worker takes it over: the job's lock
 * lapses after `lockDuration` unless renewed (a live worker renews it every
 * half of that), and locks are checked every `stalledInterval`. BullMQ's
 * defaults (30 s each) would leave such a job for up to a minute.
 *
 * `maxStalledCount`: how often a job may be taken over before BullMQ fails it
 * for good. Its default (1) fails a job whose worker died twice while holding
 * it, which happens when replicas are killed or starved in turn; such a job
 * sits in the failed set and the reconciler, which leaves failed jobs alone,
 * never replays it. The processors are idempotent, so a job taken over several
 * times is safe; the bound still stops a job that kills every worker it meets.
 */
export const WORKER_RECOVERY = {
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 5,
} as const;
