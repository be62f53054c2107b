import { SlaClocksRepository, type SlaClockKind, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OutboxWriter } from './outbox-writer';
import { QueueName } from './queue-names';

/** What a clock is about: always a case, and the record whose progress it measures. */
export interface ClockSubject {
  caseId: string;
  dispatchId?: string;
  infoRequestId?: string;
  holdId?: string;
}

/**
 * Service-level clocks. Starting one writes the clock row and a delayed outbox
 * job due at the same moment, in the caller's transaction; whoever meets the
 * clock's condition stops it in theirs. The SLA job breaches only a clock it
 * finds still running, so a stop that commits first always wins.
 */
@Injectable()
export class SlaClocks {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clocks: SlaClocksRepository,
  ) {}

  async start(tx: Tx, clock: SlaClockKind, subject: ClockSubject, dueAt: Date): Promise<string> {
    const id = randomUUID();
    await this.clocks.add(tx, {
      id,
      clock,
      caseId: subject.caseId,
      dispatchId: subject.dispatchId ?? null,
      infoRequestId: subject.infoRequestId ?? null,
      holdId: subject.holdId ?? null,
      startedAt: new Date(),
      dueAt,
    });
    await this.outbox.enqueue(
      tx,
      QueueName.Sla,
      'clock-due',
      { organizationId: null, clockId: id },
      { availableAt: dueAt },
    );
    return id;
  }

  /**
   * Stop the running (or breached) clocks of a kind on a subject: running ones
   * are `met` (or `cancelled` when the work was abandoned), breached ones
   * `met_late`. Returns how many changed.
   */
  async stop(
    tx: Tx,
    clock: SlaClockKind | SlaClockKind[],
    subject: ClockSubject,
    how: 'met' | 'cancelled' = 'met',
  ): Promise<number> {
    const kinds = Array.isArray(clock) ? clock : [clock];
    const stopped = await this.clocks.stop(tx, kinds, subject, how);
    return stopped.length;
  }
}
