import { AUDIT_REPOSITORIES } from './audit';
import { CASE_REPOSITORIES } from './cases';
import { DISPATCH_REPOSITORIES } from './dispatches';
import { ORGANIZATION_REPOSITORIES } from './organizations';
import { OUTBOX_REPOSITORIES } from './outbox';
import { REFERRAL_REPOSITORIES } from './referrals';
import { SLA_REPOSITORIES } from './sla';
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
  ...AUDIT_REPOSITORIES,
  ...OUTBOX_REPOSITORIES,
  ...SLA_REPOSITORIES,
];
