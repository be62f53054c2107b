import { DirectorySearchRepository } from './directory-search.repository';
import { SearchRepository } from './search.repository';

export * from './directory-search.repository';
export * from './search.repository';
/** Registered by PersistenceModule. */
export const SEARCH_REPOSITORIES = [SearchRepository, DirectorySearchRepository];
