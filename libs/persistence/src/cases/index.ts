import { CasesRepository } from './cases.repository';
import { CaseReadsRepository } from './case-reads.repository';
import { CaseWorkReadsRepository } from './case-work-reads.repository';

export { CasesRepository };
export { CaseReadsRepository, CaseWorkReadsRepository };
export type * from './case-read-rows';
export {
  InMemoryCaseReadsRepository,
  InMemoryCaseWorkReadsRepository,
} from './in-memory-case-reads.repository';
/** Registered by PersistenceModule. */
export const CASE_REPOSITORIES = [CasesRepository, CaseReadsRepository, CaseWorkReadsRepository];
