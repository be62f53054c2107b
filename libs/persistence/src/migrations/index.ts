import { Foundation1764316800000 } from './1764316800000-foundation';
import { ReferralsAndCases1764403200000 } from './1764403200000-referrals-and-cases';
import { ReferralAttachments1764489600000 } from './1764489600000-referral-attachments';
import { TriageAndRouting1764576000000 } from './1764576000000-triage-and-routing';
import { AuditCheckpoints1764921600000 } from './1764921600000-audit-checkpoints';
import { Mfa1765008000000 } from './1765008000000-mfa';
import { ApiKeys1765094400000 } from './1765094400000-api-keys';
import { MemberActions1765180800000 } from './1765180800000-member-actions';
import { EmailNormalized1765353600000 } from './1765353600000-email-normalized';
import { OrganizationEmailDomains1765526400000 } from './1765526400000-organization-email-domains';
import { ReferenceSequences1765612800000 } from './1765612800000-reference-sequences';
import { CaseDetailIndexes1765699200000 } from './1765699200000-case-detail-indexes';
import { ReferralListingIndexes1765785600000 } from './1765785600000-referral-listing-indexes';
import { OutboxNotify1765872000000 } from './1765872000000-outbox-notify';
import { NameSuggestionsByCountry1765958400000 } from './1765958400000-name-suggestions-by-country';
import { EvidencePackage1766044800000 } from './1766044800000-evidence-package';
import { DispatchNamedLiaisons1766217600000 } from './1766217600000-dispatch-named-liaisons';
import { OutcomeLoop1766400000000 } from './1766400000000-outcome-loop';
import { Notifications1766500000000 } from './1766500000000-notifications';
import { NotificationReplay1766550000000 } from './1766550000000-notification-replay';
import { SavedInboxViews1766600000000 } from './1766600000000-saved-inbox-views';
import { StatisticsIndexes1767100000000 } from './1767100000000-statistics-indexes';
import { TimePartitions1767300000000 } from './1767300000000-time-partitions';
import { AuditVerifications1767300100000 } from './1767300100000-audit-verifications';
import { AttachmentBlobs1767500000000 } from './1767500000000-attachment-blobs';
import { SingleSignOn1767200000000 } from './1767200000000-single-sign-on';
import { Retention1767400000000 } from './1767400000000-retention';

/** Every migration in order. New ones are appended here (the CLI writes the file; add it). */
export const MIGRATIONS = [
  Foundation1764316800000,
  ReferralsAndCases1764403200000,
  ReferralAttachments1764489600000,
  TriageAndRouting1764576000000,
  AuditCheckpoints1764921600000,
  Mfa1765008000000,
  ApiKeys1765094400000,
  MemberActions1765180800000,
  EmailNormalized1765353600000,
  OrganizationEmailDomains1765526400000,
  ReferenceSequences1765612800000,
  CaseDetailIndexes1765699200000,
  ReferralListingIndexes1765785600000,
  OutboxNotify1765872000000,
  NameSuggestionsByCountry1765958400000,
  EvidencePackage1766044800000,
  DispatchNamedLiaisons1766217600000,
  OutcomeLoop1766400000000,
  Notifications1766500000000,
  NotificationReplay1766550000000,
  SavedInboxViews1766600000000,
  StatisticsIndexes1767100000000,
  SingleSignOn1767200000000,
  TimePartitions1767300000000,
  AuditVerifications1767300100000,
  Retention1767400000000,
  AttachmentBlobs1767500000000,
];
