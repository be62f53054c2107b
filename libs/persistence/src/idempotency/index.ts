import { IdempotencyRepository } from './idempotency.repository';

export {
  IdempotencyRepository,
  type IdempotencyKeyRef,
  type StoredIdempotentAnswer,
} from './idempotency.repository';
export { InMemoryIdempotencyRepository } from './in-memory-idempotency.repository';
/** Registered by PersistenceModule. */
export const IDEMPOTENCY_REPOSITORIES = [IdempotencyRepository];
