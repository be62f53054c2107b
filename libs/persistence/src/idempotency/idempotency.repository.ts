import { Injectable } from '@nestjs/common';
import { IdempotencyRecordEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { updateBatched } from '../unit-of-work/batched-writes';

/** Which stored answer: one caller's key for one kind of command. */
export interface IdempotencyKeyRef {
  readonly userId: string;
  readonly scope: string;
  readonly key: string;
}

/** What an earlier request with the same key asked and was answered. */
export interface StoredIdempotentAnswer {
  readonly requestHash: string;
  readonly responseStatus: number;
  readonly responseBody: Record<string, unknown>;
}

/**
 * Stored answers to commands sent with an Idempotency-Key. Every row belongs to
 * the user who sent the key and is only ever looked up by that same caller's id,
 * so the methods take no RecordScope: nobody reads another caller's keys.
 */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claim the key for this request. False when the key is already claimed; a
   * concurrent claim waits on the unique index until the first one's
   * transaction ends.
   */
  async claim(tx: Tx, ref: IdempotencyKeyRef, requestHash: string): Promise<boolean> {
    const claimed: unknown[] = await managerOf(tx).query(
      `INSERT INTO idempotency_records (user_id, scope, key, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, 0, '{}'::jsonb)
       ON CONFLICT DO NOTHING RETURNING key`,
      [ref.userId, ref.scope, ref.key, requestHash],
    );
    return claimed.length > 0;
  }

  /** The claimed key's row; it exists once claim() returned false. */
  async claimed(tx: Tx, ref: IdempotencyKeyRef): Promise<StoredIdempotentAnswer> {
    return managerOf(tx).findOneByOrFail(IdempotencyRecordEntity, {
      userId: ref.userId,
      scope: ref.scope,
      key: ref.key,
    });
  }

  /**
   * Store the answer of the work done under a key claimed in the same
   * transaction. Nobody waits for it: it is sent with the transaction's next
   * statement, usually together with the command's audit event before COMMIT.
   */
  async storeAnswer<T extends object>(
    tx: Tx,
    ref: IdempotencyKeyRef,
    status: number,
    body: T,
  ): Promise<void> {
    await updateBatched(managerOf(tx), {
      sql: `UPDATE idempotency_records SET response_status = $4, response_body = $5
             WHERE user_id = $1 AND scope = $2 AND key = $3`,
      params: [ref.userId, ref.scope, ref.key, status, JSON.stringify(body)],
    });
  }
}
