import { CasesRepository } from './cases.repository';

export { CasesRepository };
/** Registered by PersistenceModule. */
export const CASE_REPOSITORIES = [CasesRepository];
