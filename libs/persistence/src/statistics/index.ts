import { OperationsFiguresRepository } from './operations-figures.repository';
import { StatisticsRepository } from './statistics.repository';

export * from './statistics.repository';
export * from './operations-figures.repository';
/** Registered by PersistenceModule. */
export const STATISTICS_REPOSITORIES = [StatisticsRepository, OperationsFiguresRepository];
