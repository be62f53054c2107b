import { OutboxRepository, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { JobName, JobPayload, QueueName } from './queue-names';

/** Stateless, so one instance serves every writer, including those built outside Nest. */
const rows = new OutboxRepository();

/**
 * Enqueue a job by writing an outbox row in the caller's transaction. The job
 * reaches Redis only once the transaction commits (the worker's relay publishes
 * it, with the row id as the BullMQ job id, so a re-publish is a no-op).
 */
@Injectable()
export class OutboxWriter {
  async enqueue<Q extends QueueName, N extends JobName<Q>>(
    tx: Tx,
    queue: Q,
    jobName: N,
    payload: Omit<JobPayload<Q, N>, 'outboxId'>,
    options: { availableAt?: Date } = {},
  ): Promise<string> {
    const id = randomUUID();
    const full = { ...payload, outboxId: id } as Record<string, unknown>;
    await rows.add(tx, {
      id,
      queue,
      jobName,
      payload: full,
      organizationId: (full.organizationId as string | null | undefined) ?? null,
      availableAt: options.availableAt ?? new Date(),
    });
    return id;
  }
}
