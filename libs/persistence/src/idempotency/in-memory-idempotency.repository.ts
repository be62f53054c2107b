import type { Tx } from '../unit-of-work/tx';
import type {
  IdempotencyKeyRef,
  IdempotencyRepository,
  StoredIdempotentAnswer,
} from './idempotency.repository';

/** IdempotencyRepository over a Map, for unit tests. */
export class InMemoryIdempotencyRepository implements Pick<
  IdempotencyRepository,
  keyof IdempotencyRepository
> {
  readonly rows = new Map<string, StoredIdempotentAnswer>();

  private static id(ref: IdempotencyKeyRef): string {
    return JSON.stringify([ref.userId, ref.scope, ref.key]);
  }

  claim(_tx: Tx, ref: IdempotencyKeyRef, requestHash: string): Promise<boolean> {
    const id = InMemoryIdempotencyRepository.id(ref);
    if (this.rows.has(id)) return Promise.resolve(false);
    this.rows.set(id, { requestHash, responseStatus: 0, responseBody: {} });
    return Promise.resolve(true);
  }

  claimed(_tx: Tx, ref: IdempotencyKeyRef): Promise<StoredIdempotentAnswer> {
    const row = this.rows.get(InMemoryIdempotencyRepository.id(ref));
    if (!row) throw new Error('No idempotency record for this key');
    return Promise.resolve(row);
  }

  storeAnswer<T extends object>(
    _tx: Tx,
    ref: IdempotencyKeyRef,
    status: number,
    body: T,
  ): Promise<void> {
    const id = InMemoryIdempotencyRepository.id(ref);
    const row = this.rows.get(id);
    if (!row) return Promise.resolve();
    this.rows.set(id, {
      ...row,
      responseStatus: status,
      responseBody: body as Record<string, unknown>,
    });
    return Promise.resolve();
  }
}
