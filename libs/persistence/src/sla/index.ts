import { AlertsRepository } from './alerts.repository';
import { SlaClocksRepository } from './sla-clocks.repository';
import { SlaSubjectsRepository } from './sla-subjects.repository';

export * from './sla-clocks.repository';
export * from './alerts.repository';
export * from './sla-subjects.repository';
export * from './in-memory-sla';
/** Registered by PersistenceModule. */
export const SLA_REPOSITORIES = [SlaClocksRepository, AlertsRepository, SlaSubjectsRepository];
