import { AuditChainRepository } from './audit-chain.repository';
import { AuditCheckpointsRepository } from './audit-checkpoints.repository';
import { AuditEventsRepository } from './audit-events.repository';

export * from './chain-columns';
export * from './audit-events.repository';
export * from './audit-chain.repository';
export * from './audit-checkpoints.repository';
export * from './sql-client-tx';
export * from './in-memory-audit';
/** Registered by PersistenceModule. */
export const AUDIT_REPOSITORIES = [
  AuditEventsRepository,
  AuditChainRepository,
  AuditCheckpointsRepository,
];
