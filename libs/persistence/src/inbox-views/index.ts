import { InboxViewsRepository } from './inbox-views.repository';

export * from './inbox-views.repository';
/** Registered by PersistenceModule. */
export const INBOX_VIEW_REPOSITORIES = [InboxViewsRepository];
