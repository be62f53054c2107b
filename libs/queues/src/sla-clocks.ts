import { SlaClockEntity, type SlaClockKind, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
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
  constructor(private readonly outbox: OutboxWriter) {}

  async start(
    on: Tx | EntityManager,
    clock: SlaClockKind,
    subject: ClockSubject,
    dueAt: Date,
  ): Promise<string> {
    const manager = on as EntityManager;
    const id = randomUUID();
    await manager.insert(SlaClockEntity, {
      id,
      clock,
      caseId: subject.caseId,
      dispatchId: subject.dispatchId ?? null,
      infoRequestId: subject.infoRequestId ?? null,
      holdId: subject.holdId ?? null,
      startedAt: new Date(),
      dueAt,
      status: 'running',
      breachedAt: null,
      stoppedAt: null,
    });
    await this.outbox.enqueue(
      manager,
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
    on: Tx | EntityManager,
    clock: SlaClockKind | SlaClockKind[],
    subject: ClockSubject,
    how: 'met' | 'cancelled' = 'met',
  ): Promise<number> {
    const manager = on as EntityManager;
    const kinds = Array.isArray(clock) ? clock : [clock];
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE sla_clocks
          SET status = CASE WHEN status = 'breached' AND $6 = 'met' THEN 'met_late' ELSE $6 END,
              stopped_at = now()
        WHERE clock = ANY($1::text[]) AND case_id = $2
          AND ($3::uuid IS NULL OR dispatch_id = $3)
          AND ($4::uuid IS NULL OR info_request_id = $4)
          AND ($5::uuid IS NULL OR hold_id = $5)
          AND status IN ('running', 'breached')
        RETURNING id`,
      [
        kinds,
        subject.caseId,
        subject.dispatchId ?? null,
        subject.infoRequestId ?? null,
        subject.holdId ?? null,
        how,
      ],
    );
    return rows.length;
  }
}
