export { type Tx } from './tx';
export { UnitOfWork } from './unit-of-work';
export { InMemoryUnitOfWork } from './in-memory-unit-of-work';
export { openStandaloneDatabase, type StandaloneDatabase } from './standalone-database';
export { hasReadReplica, replicaReads, type ReplicaReadOptions } from './replica-reads';
