import { CaseNotesRepository } from './case-notes.repository';
import { CaseReadsRepository } from './case-reads.repository';
import { CaseReferralsRepository } from './case-referrals.repository';
import { CasesRepository } from './cases.repository';
import { InfoRequestsRepository } from './info-requests.repository';
import { MatchSuggestionsRepository } from './match-suggestions.repository';

export { CasesRepository };
export { type AssignableUser } from './cases.repository';
export { CaseNotesRepository, type CaseNoteWithAuthor } from './case-notes.repository';
export { CaseReferralsRepository, type PackageFiler } from './case-referrals.repository';
export { InfoRequestsRepository } from './info-requests.repository';
export { MatchSuggestionsRepository } from './match-suggestions.repository';
export { CaseReadsRepository };
export type * from './case-read-rows';
/** Registered by PersistenceModule. */
export const CASE_REPOSITORIES = [
  CasesRepository,
  CaseNotesRepository,
  CaseReferralsRepository,
  InfoRequestsRepository,
  MatchSuggestionsRepository,
  CaseReadsRepository,
];
export {
  InMemoryCaseNotesRepository,
  InMemoryCaseReferralsRepository,
  InMemoryCaseStore,
  InMemoryCasesRepository,
  InMemoryInfoRequestsRepository,
  InMemoryMatchSuggestionsRepository,
  type StoredSuggestion,
} from './in-memory-cases';
export { InMemoryCaseReadsRepository } from './in-memory-case-reads.repository';
