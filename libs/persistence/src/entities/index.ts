import { AuditEventEntity } from './audit-event.entity';
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
import { OutboxMessageEntity } from './outbox-message.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export {
  AuditEventEntity,
  CaseEntity,
  IdempotencyRecordEntity,
  MatchSuggestionEntity,
  ReferralAttachmentEntity,
  ReferralEntity,
  ReferralMatchKeyEntity,
  LoginThrottleEntity,
  OrganizationEntity,
  OutboxMessageEntity,
  RefreshTokenEntity,
  UserEntity,
};
export * from './audit-event.entity';
export type * from './referral.entity';

/** Every entity, registered once in data-source.ts. */
export const ENTITIES = [
  OrganizationEntity,
  UserEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  AuditEventEntity,
  OutboxMessageEntity,
  ReferralEntity,
  CaseEntity,
  ReferralMatchKeyEntity,
  MatchSuggestionEntity,
  IdempotencyRecordEntity,
  ReferralAttachmentEntity,
];
