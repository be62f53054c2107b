import { ConflictProblem, ValidationProblem } from '@app/common';
import { canonicalJson } from '@app/domain';
import { IdempotencyRecordEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface Outcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

const KEY_FORMAT = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * `Idempotency-Key` on create and submit calls: the first request with a key
 * does the work and stores its answer in the same transaction; a retry (even a
 * concurrent one, which waits on the key's unique index) gets that answer back
 * and changes nothing. The same key with a different body is refused.
 */
@Injectable()
export class IdempotencyService {
  async run<T extends object>(
    manager: EntityManager,
    caller: { userId: string },
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<Outcome<T>> {
    if (key === undefined) return { ...(await work()), replayed: false };
    if (!KEY_FORMAT.test(key)) {
      throw ValidationProblem.field(
        'Idempotency-Key',
        'must be 1-128 characters of A-Z a-z 0-9 . _ : -',
      );
    }
    const requestHash = createHash('sha256')
      .update(canonicalJson({ scope, request }))
      .digest('hex');
    const claimed: unknown[] = await manager.query(
      `INSERT INTO idempotency_records (user_id, scope, key, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, 0, '{}'::jsonb)
       ON CONFLICT DO NOTHING RETURNING key`,
      [caller.userId, scope, key, requestHash],
    );
    if (claimed.length === 0) {
      const previous = await manager.findOneByOrFail(IdempotencyRecordEntity, {
        userId: caller.userId,
        scope,
        key,
      });
      if (previous.requestHash !== requestHash) {
        throw new ConflictProblem(
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
        );
      }
      return { status: previous.responseStatus, body: previous.responseBody as T, replayed: true };
    }
    const result = await work();
    await manager.update(
      IdempotencyRecordEntity,
      { userId: caller.userId, scope, key },
      {
        responseStatus: result.status,
        responseBody: result.body,
      },
    );
    return { ...result, replayed: false };
  }
}
