import { MAX_PAGE_SIZE } from '@app/common';
import {
  CASE_STATUSES,
  DISPATCH_STATUSES,
  HOLD_SCOPES,
  HOLD_STATUSES,
  MAX_MATCHING_KEY_LENGTH,
  PRIORITIES,
  REFERRAL_CATEGORIES,
  REFERRAL_STATUSES,
  ROLES,
  TLP_MARKINGS,
} from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { DISPATCH_OUTCOMES } from '../../dispatches/dispatch-outcomes';
import { DISPATCH_LIMITS } from '../../dispatches/dto/dispatch.dto';
import { HOLD_LIMITS } from '../../holds/dto/hold.dto';
import { MemberActionResponse } from '../../member-actions/dto/member-action.dto';
import { MERCHANT_LIMITS } from '../../referrals/dto/merchant.dto';
import { CASE_TEXT_MAX } from './case-commands.dto';
import {
  AGENCY_NAME_MAX,
  AUDIT_ACTION_MAX,
  AUDIT_TARGET_ID_MAX,
  AUDIT_TARGET_TYPE_MAX,
  CURSOR_MAX,
  DISPATCH_ERROR_MAX,
  DISPLAY_NAME_MAX,
  ORGANIZATION_NAME_MAX,
  REFERENCE_MAX,
  SYSTEM_PHRASE_MAX,
  TIMELINE_MAX,
  UUID_LENGTH,
  count,
} from './response-limits';
import { CaseAlertResponse } from './alert-responses.dto';
import { CaseRoutingResponse } from './case-routing-responses.dto';
import { CaseInfoRequestResponse } from './info-request-responses.dto';
import {
  countryCode,
  nullableString,
  nullableTime,
  PersonRef,
  reference,
  time,
  UNCAPPED,
} from './response-fields';

export * from './alert-responses.dto';
export * from './case-routing-responses.dto';
export * from './info-request-responses.dto';
export { PersonRef } from './response-fields';

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(reference('CASE-2026-000012')) reference!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ enum: PRIORITIES, description: 'The most urgent priority among its referrals.' })
  priority!: string;
  @ApiProperty({ type: () => PersonRef, nullable: true, description: 'Null while unassigned.' })
  assignee!: PersonRef | null;
  @ApiProperty({ enum: TLP_MARKINGS, nullable: true, description: 'Set when routing is proposed.' })
  tlp!: string | null;
  @ApiProperty({ description: 'A service-level clock of this case has been breached.' })
  overdue!: boolean;
  @ApiProperty({
    ...nullableTime,
    description: 'The earliest running SLA deadline; null when no clock is running.',
  })
  slaDueAt!: string | null;
  @ApiProperty({
    ...count,
    description: 'Referrals on the case (drafts and withdrawn ones left out).',
  })
  referralCount!: number;
  @ApiProperty({
    ...count,
    description:
      'How many distinct member organizations have referrals on the case (drafts and withdrawn ones left out): several members flagging the same merchant is a strong signal.',
  })
  filingMembers!: number;
  @ApiProperty({
    type: [String],
    maxLength: MERCHANT_LIMITS.legalName,
    description: `The distinct merchant legal names its referrals report, in alphabetical order. ${UNCAPPED}`,
  })
  merchantNames!: string[];
  @ApiProperty(time) createdAt!: string;
  @ApiProperty(time) updatedAt!: string;
}

export class CasePageResponse {
  @ApiProperty({ type: () => [CaseSummaryResponse], maxItems: MAX_PAGE_SIZE })
  items!: CaseSummaryResponse[];
  @ApiProperty({
    ...nullableString,
    maxLength: CURSOR_MAX,
    description: 'Pass back as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

class FilerRef {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({
    maxLength: ORGANIZATION_NAME_MAX,
    description: 'Coordinators see who filed; members and agencies never do.',
  })
  legalName!: string;
}

class MerchantSummary {
  @ApiProperty({
    ...nullableString,
    maxLength: MERCHANT_LIMITS.legalName,
    description: 'Null when not reported.',
  })
  legalName!: string | null;
  @ApiProperty({
    ...nullableString,
    ...countryCode,
    description: 'ISO 3166-1 alpha-2; null when not reported.',
  })
  country!: string | null;
  @ApiProperty({
    type: [String],
    maxItems: MERCHANT_LIMITS.websites,
    maxLength: MERCHANT_LIMITS.website,
  })
  websites!: string[];
}

export class CaseReferralResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(reference('FCR-2026-000123')) reference!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty({ type: () => FilerRef }) filer!: FilerRef;
  @ApiProperty({ enum: REFERRAL_CATEGORIES, nullable: true, description: 'Null when not given.' })
  category!: string | null;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: string;
  @ApiProperty({ type: () => MerchantSummary }) merchant!: MerchantSummary;
  @ApiProperty({ ...nullableTime, description: 'Null while a draft.' })
  submittedAt!: string | null;
  @ApiProperty({
    type: () => [MemberActionResponse],
    description: `What the filing member recorded doing about the merchant (terminated it, listed it, …), newest first. ${UNCAPPED}`,
  })
  memberActions!: MemberActionResponse[];
}

class ReferralRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    maxLength: UUID_LENGTH,
    description: 'The referral reference (its id if the referral is no longer on the case).',
  })
  reference!: string;
}

export class CaseMatchResponse {
  @ApiProperty({ enum: ['domain', 'merchant_id', 'wallet', 'email', 'phone', 'name_country'] })
  kind!: string;
  @ApiProperty({
    description: 'The normalised identifier the referrals share.',
    maxLength: MAX_MATCHING_KEY_LENGTH,
  })
  value!: string;
  @ApiProperty({ maxLength: SYSTEM_PHRASE_MAX, description: 'Why sharing it links the referrals.' })
  why!: string;
  @ApiProperty({
    type: () => [ReferralRef],
    description: `The referrals of the case that share it (two or more). ${UNCAPPED}`,
  })
  referrals!: ReferralRef[];
}

export class CaseSuggestionResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty(reference('FCR-2026-000123')) referralReference!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The case the referral is on now; null when it is on none.',
  })
  currentCaseId!: string | null;
  @ApiProperty({
    ...nullableString,
    maxLength: REFERENCE_MAX,
    description: 'The reference of that case; null when it is on none.',
  })
  currentCaseReference!: string | null;
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'Trigram similarity of the names (1 for an exact key), to three decimals.',
  })
  similarity!: number;
  @ApiProperty({
    maxLength: SYSTEM_PHRASE_MAX,
    example: 'similar merchant name in the same country',
  })
  reason!: string;
  @ApiProperty({ enum: ['open', 'linked', 'dismissed'] }) status!: string;
  @ApiProperty(time) createdAt!: string;
}

export class CaseNoteResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: CASE_TEXT_MAX }) body!: string;
  @ApiProperty({ type: () => PersonRef }) author!: PersonRef;
  @ApiProperty(time) createdAt!: string;
}

class AgencyRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: AGENCY_NAME_MAX }) name!: string;
}

export class CaseDispatchResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(reference('DSP-2026-000003')) reference!: string;
  @ApiProperty({ type: () => AgencyRef }) agency!: AgencyRef;
  @ApiProperty({ enum: DISPATCH_STATUSES }) status!: string;
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: string;
  @ApiProperty({
    ...count,
    description: 'Which approval created it (a reopened case is routed again).',
  })
  routingRound!: number;
  @ApiProperty({ ...count, description: 'Webhook deliveries tried so far.' })
  deliveryAttempts!: number;
  @ApiProperty({
    ...nullableString,
    maxLength: DISPATCH_ERROR_MAX,
    description: 'Why the last delivery failed; null when none did.',
  })
  lastError!: string | null;
  @ApiProperty({
    ...nullableString,
    maxLength: DISPATCH_LIMITS.leCaseNumberMax,
    description: "The agency's case number; null until accepted.",
  })
  leCaseNumber!: string | null;
  @ApiProperty({
    enum: DISPATCH_OUTCOMES,
    nullable: true,
    description: 'What the agency reports it did; null until it reports.',
  })
  outcome!: string | null;
  @ApiProperty({
    ...nullableString,
    maxLength: DISPATCH_LIMITS.reasonMax,
    description: 'Null unless declined.',
  })
  declineReason!: string | null;
  @ApiProperty(time) createdAt!: string;
  @ApiProperty(nullableTime) deliveredAt!: string | null;
  @ApiProperty(nullableTime) acknowledgedAt!: string | null;
  @ApiProperty(nullableTime) acceptedAt!: string | null;
  @ApiProperty(nullableTime) declinedAt!: string | null;
  @ApiProperty(nullableTime) failedAt!: string | null;
}

export class CaseHoldResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) dispatchId!: string;
  @ApiProperty({ maxLength: AGENCY_NAME_MAX, description: 'The agency that placed it.' })
  agency!: string;
  @ApiProperty({ enum: HOLD_SCOPES }) scope!: string;
  @ApiProperty({ maxLength: HOLD_LIMITS.reasonMax }) reason!: string;
  @ApiProperty({ maxLength: HOLD_LIMITS.documentRefMax }) documentRef!: string;
  @ApiProperty(time) expiresAt!: string;
  @ApiProperty({ enum: HOLD_STATUSES }) status!: string;
  @ApiProperty(time) createdAt!: string;
}

export class CaseClockResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['triage', 'le_acknowledgement', 'info_request', 'hold_expiry'] })
  clock!: string;
  @ApiProperty({ enum: ['running', 'met', 'breached', 'met_late', 'cancelled'] }) status!: string;
  @ApiProperty(time) startedAt!: string;
  @ApiProperty(time) dueAt!: string;
  @ApiProperty({ ...nullableTime, description: 'Null unless breached.' })
  breachedAt!: string | null;
  @ApiProperty({ ...nullableTime, description: 'Null while running.' })
  stoppedAt!: string | null;
}

export class TimelineActorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ROLES,
    nullable: true,
    description: 'Their role when they acted; null when not recorded.',
  })
  role!: string | null;
  @ApiProperty({
    maxLength: DISPLAY_NAME_MAX,
    description: 'Empty when the account can no longer be read.',
  })
  displayName!: string;
}

export class TimelineEntryResponse {
  @ApiProperty(time) at!: string;
  @ApiProperty({ maxLength: AUDIT_ACTION_MAX, example: 'case.assign' }) action!: string;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: string;
  @ApiProperty({
    type: () => TimelineActorResponse,
    nullable: true,
    description: 'Null for the system (intake, delivery, clocks).',
  })
  actor!: TimelineActorResponse | null;
  @ApiProperty({
    ...nullableString,
    maxLength: AUDIT_TARGET_TYPE_MAX,
    example: 'case',
    description: 'The kind of record the event is about; null when about none.',
  })
  targetType!: string | null;
  @ApiProperty({
    ...nullableString,
    maxLength: AUDIT_TARGET_ID_MAX,
    description: 'The id of the record the event is about; null when about none.',
  })
  targetId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the audit event recorded (no sensitive values).',
  })
  details!: Record<string, unknown>;
}

export class CaseDetailResponse extends CaseSummaryResponse {
  @ApiProperty({
    ...nullableString,
    maxLength: CASE_TEXT_MAX,
    description: 'Latest rejection, send-back or reopening reason; null when none was given.',
  })
  statusReason!: string | null;
  @ApiProperty({
    ...nullableString,
    maxLength: CASE_TEXT_MAX,
    description: 'What came of the case; null until closed.',
  })
  outcome!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The case it was merged into (status `merged`); null otherwise.',
  })
  mergedIntoId!: string | null;
  @ApiProperty({ ...nullableTime, description: 'Null unless closed.' }) closedAt!: string | null;
  @ApiProperty({
    type: () => [CaseReferralResponse],
    description: `In the order submitted. ${UNCAPPED}`,
  })
  referrals!: CaseReferralResponse[];
  @ApiProperty({
    type: () => [CaseMatchResponse],
    description: `Every normalised key two or more of its referrals share. ${UNCAPPED}`,
  })
  matches!: CaseMatchResponse[];
  @ApiProperty({ type: () => [CaseSuggestionResponse], description: UNCAPPED })
  suggestions!: CaseSuggestionResponse[];
  @ApiProperty({ type: () => [CaseNoteResponse], description: `Oldest first. ${UNCAPPED}` })
  notes!: CaseNoteResponse[];
  @ApiProperty({ type: () => [CaseInfoRequestResponse], description: `Oldest first. ${UNCAPPED}` })
  infoRequests!: CaseInfoRequestResponse[];
  @ApiProperty({ type: () => CaseRoutingResponse }) routing!: CaseRoutingResponse;
  @ApiProperty({
    type: () => [CaseDispatchResponse],
    description: `By routing round, then agency. ${UNCAPPED}`,
  })
  dispatches!: CaseDispatchResponse[];
  @ApiProperty({ type: () => [CaseHoldResponse], description: `Newest first. ${UNCAPPED}` })
  holds!: CaseHoldResponse[];
  @ApiProperty({
    type: () => [CaseClockResponse],
    description: `In the order they started. ${UNCAPPED}`,
  })
  clocks!: CaseClockResponse[];
  @ApiProperty({ type: () => [CaseAlertResponse], description: `Newest first. ${UNCAPPED}` })
  alerts!: CaseAlertResponse[];
  @ApiProperty({
    type: () => [TimelineEntryResponse],
    maxItems: TIMELINE_MAX,
    description: `What happened to the case and its records, oldest first, reads left out; the first ${TIMELINE_MAX} events.`,
  })
  timeline!: TimelineEntryResponse[];
}

export type CaseSummaryView = CaseSummaryResponse;
export type CaseDetailView = CaseDetailResponse;
export type TimelineEntryView = TimelineEntryResponse;
