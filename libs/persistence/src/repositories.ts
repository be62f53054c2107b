import { AUDIT_REPOSITORIES } from './audit';
import { CASE_REPOSITORIES } from './cases';
import { DISPATCH_REPOSITORIES } from './dispatches';
import { IDEMPOTENCY_REPOSITORIES } from './idempotency';
import { MEMBER_ACTION_REPOSITORIES } from './member-actions';
import { ORGANIZATION_REPOSITORIES } from './organizations';
import { REFERENCE_DATA_REPOSITORIES } from './reference-data';
import { OUTBOX_REPOSITORIES } from './outbox';
import { NOTIFICATION_REPOSITORIES } from './notifications';
import { OUTCOME_REPOSITORIES } from './outcomes';
import { REFERRAL_REPOSITORIES } from './referrals';
import { INBOX_VIEW_REPOSITORIES } from './inbox-views';
import { SEARCH_REPOSITORIES } from './search';
import { SLA_REPOSITORIES } from './sla';
import { STATISTICS_REPOSITORIES } from './statistics';
import { SSO_REPOSITORIES } from './sso';
import { RETENTION_REPOSITORIES } from './retention';
import { UnitOfWork } from './unit-of-work';

/**
 * Every repository, registered and exported by PersistenceModule. Each aggregate's
 * folder lists its own; add a repository there, not here.
 */
export const REPOSITORIES = [
  UnitOfWork,
  ...ORGANIZATION_REPOSITORIES,
  ...REFERRAL_REPOSITORIES,
  ...CASE_REPOSITORIES,
  ...DISPATCH_REPOSITORIES,
  ...REFERENCE_DATA_REPOSITORIES,
  ...IDEMPOTENCY_REPOSITORIES,
  ...MEMBER_ACTION_REPOSITORIES,
  ...AUDIT_REPOSITORIES,
  ...OUTBOX_REPOSITORIES,
  ...SLA_REPOSITORIES,
  ...OUTCOME_REPOSITORIES,
  ...NOTIFICATION_REPOSITORIES,
  ...SEARCH_REPOSITORIES,
  ...INBOX_VIEW_REPOSITORIES,
  ...STATISTICS_REPOSITORIES,
  ...SSO_REPOSITORIES,
  ...RETENTION_REPOSITORIES,
];
