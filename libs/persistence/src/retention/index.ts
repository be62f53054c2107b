import { AuditArchivesRepository } from './audit-archives.repository';
import { RetentionRepository } from './retention.repository';

export * from './retention.repository';
export * from './audit-archives.repository';
/** Registered by PersistenceModule. */
export const RETENTION_REPOSITORIES = [RetentionRepository, AuditArchivesRepository];
export * from './retention-report';
