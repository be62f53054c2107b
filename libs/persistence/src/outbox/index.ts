import { HousekeepingRepository } from './housekeeping.repository';
import { OutboxRepository } from './outbox.repository';
import { ReconcilerRepository } from './reconciler.repository';

export * from './outbox.repository';
export * from './outbox-listener';
export * from './reconciler.repository';
export * from './housekeeping.repository';
export * from './in-memory-outbox';
/** Registered by PersistenceModule. */
export const OUTBOX_REPOSITORIES = [OutboxRepository, ReconcilerRepository, HousekeepingRepository];
