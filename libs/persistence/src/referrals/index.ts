import { IntakeRepository } from './intake.repository';
import { ReferralAttachmentsRepository } from './referral-attachments.repository';
import { ReferralsRepository } from './referrals.repository';

export {
  ReferralsRepository,
  type CancelledInfoRequest,
  type NewReferral,
} from './referrals.repository';
export {
  ReferralAttachmentsRepository,
  type LegacyCursor,
  type LegacyMoveBatch,
  type NewReferralAttachment,
  type ReferralAttachmentWithContent,
} from './referral-attachments.repository';
export { attachmentBlobKey } from './attachment-content';
export { type ListedReferral, type ReferralListQuery } from './referral-list.query';
export { IntakeRepository } from './intake.repository';
export { InMemoryReferralsRepository } from './in-memory-referrals.repository';
export { InMemoryReferralAttachmentsRepository } from './in-memory-referral-attachments.repository';
export { InMemoryIntakeRepository } from './in-memory-intake.repository';
/** Registered by PersistenceModule. */
export const REFERRAL_REPOSITORIES = [
  ReferralsRepository,
  ReferralAttachmentsRepository,
  IntakeRepository,
];
