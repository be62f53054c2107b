import { Injectable } from '@nestjs/common';
import type { OutboxMessageEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { insertBatched } from '../unit-of-work/batched-writes';

/** A row as the relay claims it: where it goes, and how long BullMQ should delay it. */
export interface ClaimedOutboxRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
  delay_ms: number;
}

export type NewOutboxRow = Pick<
  OutboxMessageEntity,
  'id' | 'queue' | 'jobName' | 'payload' | 'organizationId' | 'availableAt'
>;

/**
 * The outbox: jobs written in the transaction of the change that calls for
 * them, published by the relay. A row is a message to the system's own
 * workers, not a member's record (its organization is only routing data), so
 * nothing here takes a RecordScope.
 */
@Injectable()
export class OutboxRepository {
  /** Nobody waits for the row: inside a command it is sent with the transaction's next statement. */
  async add(tx: Tx, row: NewOutboxRow): Promise<void> {
    await insertBatched(managerOf(tx), {
      into: 'outbox (id, queue, job_name, payload, organization_id, available_at)',
      values: [
        row.id,
        row.queue,
        row.jobName,
        JSON.stringify(row.payload),
        row.organizationId,
        row.availableAt,
      ],
    });
  }

  /**
   * Lease up to `take` unpublished rows due within `horizonSeconds` whose lease
   * (if any) ran out, for `leaseSeconds`, skipping rows another relay holds.
   * Oldest due first.
   */
  async claimDue(
    tx: Tx,
    take: number,
    leaseSeconds: number,
    horizonSeconds: number,
  ): Promise<ClaimedOutboxRow[]> {
    // For UPDATE ... RETURNING the driver answers [rows, affectedCount].
    const [claimed] = await managerOf(tx).query<[ClaimedOutboxRow[], number]>(
      `UPDATE outbox o SET claimed_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
         FROM (SELECT id FROM outbox
                WHERE published_at IS NULL
                  AND available_at <= now() + make_interval(secs => $3)
                  AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY available_at, created_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED) due
        WHERE o.id = due.id
        RETURNING o.id, o.queue, o.job_name, o.payload,
                  GREATEST(0, (EXTRACT(EPOCH FROM (o.available_at - now())) * 1000))::int AS delay_ms`,
      [take, leaseSeconds, horizonSeconds],
    );
    return claimed;
  }

  async markPublished(tx: Tx, ids: string[]): Promise<void> {
    await managerOf(tx).query(
      `UPDATE outbox SET published_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Give claimed rows back at once (not when the lease runs out), noting why. */
  async release(tx: Tx, ids: string[], error: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE outbox SET claimed_until = NULL, last_error = $2 WHERE id = ANY($1::uuid[])`,
      [ids, error],
    );
  }

  /**
   * Delete rows published more than `days` ago, and the processed marks of
   * notification events as old (an event is processed after its row was
   * written, so no row still looked at has lost its mark); how many rows.
   */
  async purgePublished(tx: Tx, days: number): Promise<number> {
    const m = managerOf(tx);
    const [, outbox] = await m.query<[unknown, number]>(
      `DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`,
      [days],
    );
    await m.query(
      `DELETE FROM notification_events WHERE processed_at < now() - make_interval(days => $1)`,
      [days],
    );
    return outbox;
  }
}
