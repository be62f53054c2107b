import { ApiKeyEntity } from './api-key.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuditCheckpointEntity, AuditCheckpointRequestEntity } from './audit-checkpoint.entity';
import {
  CaseEntity,
  IdempotencyRecordEntity,
  MatchSuggestionEntity,
  ReferralAttachmentEntity,
  ReferralMatchKeyEntity,
} from './case.entity';
import { ReferralEntity } from './referral.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { OrganizationEntity } from './organization.entity';
import { OrganizationEmailDomainEntity } from './organization-email-domain.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';
import { MfaRecoveryCodeEntity } from './mfa.entity';
import { AgencyCoverageEntity, AgencyEntity, JurisdictionEntity } from './reference-data.entity';
import { DeliveryAttemptEntity, DispatchEntity, HoldEntity } from './dispatch.entity';
import { AlertEntity, CaseNoteEntity, InfoRequestEntity, SlaClockEntity } from './case-work.entity';
import { MemberActionEntity } from './member-action.entity';

export {
  AuditCheckpointEntity,
  AuditCheckpointRequestEntity,
  ApiKeyEntity,
  AgencyCoverageEntity,
  AgencyEntity,
  AlertEntity,
  CaseNoteEntity,
  DeliveryAttemptEntity,
  DispatchEntity,
  HoldEntity,
  InfoRequestEntity,
  JurisdictionEntity,
  MemberActionEntity,
  SlaClockEntity,
  AuditEventEntity,
  CaseEntity,
  IdempotencyRecordEntity,
  MatchSuggestionEntity,
  ReferralAttachmentEntity,
  ReferralEntity,
  ReferralMatchKeyEntity,
  LoginThrottleEntity,
  OrganizationEntity,
  OrganizationEmailDomainEntity,
  OutboxMessageEntity,
  RefreshTokenEntity,
  UserEntity,
  MfaRecoveryCodeEntity,
};
export * from './audit-event.entity';
export type * from './referral.entity';
export type * from './reference-data.entity';
export type * from './dispatch.entity';
export type * from './case-work.entity';
export type { StoredRoutingPlan } from './case.entity';

/** Every entity, registered once in data-source.ts. */
export const ENTITIES = [
  OrganizationEntity,
  OrganizationEmailDomainEntity,
  UserEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  AuditEventEntity,
  AuditCheckpointEntity,
  AuditCheckpointRequestEntity,
  OutboxMessageEntity,
  ReferralEntity,
  CaseEntity,
  ReferralMatchKeyEntity,
  MatchSuggestionEntity,
  IdempotencyRecordEntity,
  ReferralAttachmentEntity,
  JurisdictionEntity,
  AgencyEntity,
  AgencyCoverageEntity,
  DispatchEntity,
  DeliveryAttemptEntity,
  HoldEntity,
  InfoRequestEntity,
  CaseNoteEntity,
  SlaClockEntity,
  AlertEntity,
  MfaRecoveryCodeEntity,
  ApiKeyEntity,
  MemberActionEntity,
];
