import { jobOptionsFor, WEBHOOK_BACKOFF_JITTER, WORKER_RECOVERY } from './job-options';
import { ALL_QUEUES, QueueName } from './queue-names';

const settings = {
  WEBHOOK_MAX_ATTEMPTS: 5,
  WEBHOOK_BACKOFF_MS: 2000,
  MAIL_MAX_ATTEMPTS: 6,
  MAIL_BACKOFF_MS: 3000,
};

describe('jobOptionsFor', () => {
  it('should give every queue retries with exponential backoff and keep failed jobs', () => {
    for (const queue of ALL_QUEUES) {
      const options = jobOptionsFor(queue, settings);
      expect(options.attempts).toBeGreaterThan(1);
      expect(options.backoff).toMatchObject({ type: 'exponential' });
      expect(options.removeOnFail).toBe(false);
      expect(options.removeOnComplete).toEqual({ age: 24 * 3600, count: 10_000 });
    }
  });

  it('should retry internal work 8 times from one second, without jitter', () => {
    for (const queue of [QueueName.Intake, QueueName.Maintenance, QueueName.Sla]) {
      expect(jobOptionsFor(queue, settings)).toMatchObject({
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
      });
    }
  });

  it('should retry webhook delivery as configured, with jitter', () => {
    expect(WEBHOOK_BACKOFF_JITTER).toBe(0.5);
    expect(jobOptionsFor(QueueName.Dispatch, settings)).toMatchObject({
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
    });
  });

  it('should retry mail as configured, with jitter', () => {
    expect(jobOptionsFor(QueueName.Notifications, settings)).toMatchObject({
      attempts: 6,
      backoff: { type: 'exponential', delay: 3000, jitter: 0.5 },
    });
  });

  it('should not carry a job id or delay (the relay sets those per row)', () => {
    for (const queue of ALL_QUEUES) {
      const options = jobOptionsFor(queue, settings);
      expect(options).not.toHaveProperty('jobId');
      expect(options).not.toHaveProperty('delay');
    }
  });
});

describe('WORKER_RECOVERY', () => {
  it('should let a job be taken over more than once before BullMQ fails it for good', () => {
    // Two replicas dying in turn while holding the same job must not strand it in the failed set.
    expect(WORKER_RECOVERY.maxStalledCount).toBeGreaterThan(1);
    expect(WORKER_RECOVERY.lockDuration).toBeGreaterThan(WORKER_RECOVERY.stalledInterval);
  });
});
