import { Injectable } from '@nestjs/common';
import { SlaClockEntity, type SlaClockKind } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** Which clocks of a case a stop concerns (a dispatch's, an information request's, a hold's). */
export interface ClockSubjectIds {
  caseId: string;
  dispatchId?: string;
  infoRequestId?: string;
  holdId?: string;
}

/**
 * Service-level clocks. A clock times a case's work, and cases are the
 * coalition's, not a member organization's: nothing here takes a RecordScope.
 */
@Injectable()
export class SlaClocksRepository {
  /** Start a clock (status `running`). */
  async add(
    tx: Tx,
    clock: Pick<
      SlaClockEntity,
      'id' | 'clock' | 'caseId' | 'dispatchId' | 'infoRequestId' | 'holdId' | 'startedAt' | 'dueAt'
    >,
  ): Promise<void> {
    await managerOf(tx).insert(SlaClockEntity, {
      ...clock,
      status: 'running',
      breachedAt: null,
      stoppedAt: null,
    });
  }

  /**
   * Stop the running (or breached) clocks of the kinds on a subject: running
   * ones become `how`, breached ones `met_late` when met. The ids it changed.
   */
  async stop(
    tx: Tx,
    kinds: SlaClockKind[],
    subject: ClockSubjectIds,
    how: 'met' | 'cancelled',
  ): Promise<string[]> {
    const [rows] = await managerOf(tx).query<[{ id: string }[], number]>(
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
    return rows.map((r) => r.id);
  }

  /** A clock, locked until the transaction ends. */
  async lock(tx: Tx, id: string): Promise<SlaClockEntity | null> {
    // Its case first, then the clock: the order of every command that stops a
    // clock (it locks the case it works on, then stops the clock). The other
    // order deadlocked a breach against a claim of the same case.
    await managerOf(tx).query(
      `SELECT c.id FROM cases c
        WHERE c.id = (SELECT s.case_id FROM sla_clocks s WHERE s.id = $1)
          FOR UPDATE OF c`,
      [id],
    );
    return managerOf(tx).findOne(SlaClockEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The database's clock: the one the outbox relay schedules delayed jobs by. */
  async now(tx: Tx): Promise<Date> {
    const rows: { now: Date }[] = await managerOf(tx).query(`SELECT clock_timestamp() AS now`);
    return new Date(rows[0].now);
  }

  async markBreached(tx: Tx, id: string, at: Date): Promise<void> {
    await managerOf(tx).update(SlaClockEntity, { id }, { status: 'breached', breachedAt: at });
  }

  /** End a clock (`met`, or `cancelled` when nothing is left to time). */
  async end(tx: Tx, id: string, status: 'met' | 'cancelled', at: Date): Promise<void> {
    await managerOf(tx).update(SlaClockEntity, { id }, { status, stoppedAt: at });
  }

  async moveDue(tx: Tx, id: string, dueAt: Date): Promise<void> {
    await managerOf(tx).update(SlaClockEntity, { id }, { dueAt });
  }
}
