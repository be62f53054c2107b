import { ConflictProblem, ValidationProblem } from '@app/common';
import { canonicalJson } from '@app/domain';
import { IdempotencyRepository, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_FORMAT } from './idempotency-key';

export interface Outcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/**
 * `Idempotency-Key` on create and submit calls: the first request with a key
 * does the work and stores its answer in the same transaction; a retry (even a
 * concurrent one, which waits on the key's unique index) gets that answer back
 * and changes nothing. The same key with a different body is refused.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly records: IdempotencyRepository) {}

  /** Run on the command's own transaction: the key's answer commits with its work or not at all. */
  async run<T extends object>(
    tx: Tx,
    caller: { userId: string },
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<Outcome<T>> {
    if (key === undefined) return { ...(await work()), replayed: false };
    if (!IDEMPOTENCY_KEY_FORMAT.test(key)) {
      throw ValidationProblem.field(
        'Idempotency-Key',
        'must be 1-128 characters of A-Z a-z 0-9 . _ : -',
      );
    }
    const requestHash = createHash('sha256')
      .update(canonicalJson({ scope, request }))
      .digest('hex');
    const ref = { userId: caller.userId, scope, key };
    if (!(await this.records.claim(tx, ref, requestHash))) {
      const previous = await this.records.claimed(tx, ref);
      if (previous.requestHash !== requestHash) {
        throw new ConflictProblem(
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
        );
      }
      return { status: previous.responseStatus, body: previous.responseBody as T, replayed: true };
    }
    const result = await work();
    await this.records.storeAnswer(tx, ref, result.status, result.body);
    return { ...result, replayed: false };
  }
}
