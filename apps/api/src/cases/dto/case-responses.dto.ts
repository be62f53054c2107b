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
  ROUTING_SOURCES,
  TLP_MARKINGS,
} from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { DISPATCH_OUTCOMES } from '../../dispatches/dispatch-outcomes';
import { DISPATCH_LIMITS } from '../../dispatches/dto/dispatch.dto';
import { HOLD_LIMITS } from '../../holds/dto/hold.dto';
import { MemberActionResponse } from '../../member-actions/dto/member-action.dto';
import { MERCHANT_LIMITS } from '../../referrals/dto/merchant.dto';
import { CASE_TEXT_MAX, PROPOSED_AGENCIES_MAX } from './case-commands.dto';
import {
  AGENCY_NAME_MAX,
  ALERT_MESSAGE_MAX,
  AUDIT_ACTION_MAX,
  AUDIT_TARGET_ID_MAX,
  AUDIT_TARGET_TYPE_MAX,
  COUNTRY_CODE_LENGTH,
  COUNTRY_CODE_PATTERN,
  CURSOR_MAX,
  DISPATCH_ERROR_MAX,
  DISPLAY_NAME_MAX,
  JURISDICTION_CODES_MAX,
  ORGANIZATION_NAME_MAX,
  REFERENCE_MAX,
  ROUTING_BASIS_EXPLANATION_MAX,
  SYSTEM_PHRASE_MAX,
  TIMELINE_MAX,
  UUID_LENGTH,
  count,
} from './response-limits';

const nullableString = { type: String, nullable: true } as const;
const nullableTime = { type: String, format: 'date-time', nullable: true } as const;
const time = { type: String, format: 'date-time' } as const;
const reference = (example: string) => ({ maxLength: REFERENCE_MAX, example }) as const;
const countryCode = {
  minLength: COUNTRY_CODE_LENGTH,
  maxLength: COUNTRY_CODE_LENGTH,
  pattern: COUNTRY_CODE_PATTERN,
} as const;

/**
 * Lists of a case that grow with the work done on it and that the API does not
 * cap; they are read whole with the case.
 */
const UNCAPPED = 'Not paged: every entry of the case.';

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    maxLength: DISPLAY_NAME_MAX,
    description: 'Empty when the account can no longer be read.',
  })
  displayName!: string;
}

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

/** What every reader of an information request sees. */
class InfoRequestFields {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty(reference('FCR-2026-000123')) referralReference!: string;
  @ApiProperty({ maxLength: CASE_TEXT_MAX }) question!: string;
  @ApiProperty({ enum: ['open', 'answered', 'cancelled'] }) status!: string;
  @ApiProperty({
    ...nullableString,
    maxLength: CASE_TEXT_MAX,
    description: 'Null until answered.',
  })
  answer!: string | null;
  @ApiProperty(time) askedAt!: string;
  @ApiProperty({ ...nullableTime, description: 'Null until answered.' }) answeredAt!: string | null;
}

const FILER_LEAVES_OUT =
  'Coordinators only: left out of what a filer reads, since filers never see the case nor who asked or answered.';

/**
 * An information request on the routes filers and coordinators share
 * (`/referrals/{id}/info-requests`, `/info-requests/{id}/answer`): a filer's
 * answer leaves out the case and the people, a coordinator's carries them.
 */
export class InfoRequestResponse extends InfoRequestFields {
  @ApiProperty({ format: 'uuid', required: false, description: FILER_LEAVES_OUT })
  caseId?: string;
  @ApiProperty({ type: () => PersonRef, required: false, description: FILER_LEAVES_OUT })
  askedBy?: PersonRef;
  @ApiProperty({
    type: () => PersonRef,
    nullable: true,
    required: false,
    description: `${FILER_LEAVES_OUT} Null until answered.`,
  })
  answeredBy?: PersonRef | null;
}

export class InfoRequestListResponse {
  @ApiProperty({
    type: () => [InfoRequestResponse],
    description: `Every request about the referral, oldest first. ${UNCAPPED}`,
  })
  items!: InfoRequestResponse[];
}

/** An information request as coordinators read it on a case: always with the case and the people. */
export class CaseInfoRequestResponse extends InfoRequestFields {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: () => PersonRef, description: 'The coordinator who asked.' })
  askedBy!: PersonRef;
  @ApiProperty({
    type: () => PersonRef,
    nullable: true,
    description: 'Who answered for the filer; null until answered.',
  })
  answeredBy!: PersonRef | null;
}

/** Where a routing basis came from: the engine's sources, the fallback, or the coordinator. */
const BASIS_SOURCES = [...ROUTING_SOURCES, 'fallback', 'coordinator_choice'] as const;

class RoutingBasisResponse {
  @ApiProperty({
    ...nullableString,
    ...countryCode,
    description: "The jurisdiction's code; null for the coordinator's own choice.",
  })
  jurisdiction!: string | null;
  @ApiProperty({
    enum: BASIS_SOURCES,
    isArray: true,
    maxItems: BASIS_SOURCES.length,
    example: ['merchant_country'],
    description:
      'merchant_country, acquirer_country, hosting_country, principal_residence, fallback or coordinator_choice',
  })
  sources!: string[];
  @ApiProperty({ maxLength: ROUTING_BASIS_EXPLANATION_MAX }) explanation!: string;
}

class PlannedAgency {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({
    maxLength: AGENCY_NAME_MAX,
    description: 'Empty when the agency can no longer be read.',
  })
  agencyName!: string;
  @ApiProperty({
    type: () => [RoutingBasisResponse],
    maxItems: JURISDICTION_CODES_MAX,
    description: 'Why: one entry per jurisdiction.',
  })
  basis!: RoutingBasisResponse[];
}

class RoutingPlanResponse {
  @ApiProperty({
    type: () => [PlannedAgency],
    maxItems: PROPOSED_AGENCIES_MAX,
    description: 'In the order proposed.',
  })
  agencies!: PlannedAgency[];
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: string;
  @ApiProperty({ maxLength: CASE_TEXT_MAX }) rationale!: string;
}

class CaseRoutingResponse {
  @ApiProperty({
    type: () => RoutingPlanResponse,
    nullable: true,
    description: 'Null before the first proposal.',
  })
  plan!: RoutingPlanResponse | null;
  @ApiProperty({
    type: () => PersonRef,
    nullable: true,
    description: 'Null before the first proposal.',
  })
  proposedBy!: PersonRef | null;
  @ApiProperty({ ...nullableTime, description: 'Null before the first proposal.' })
  proposedAt!: string | null;
  @ApiProperty({ type: () => PersonRef, nullable: true, description: 'Null until approved.' })
  approvedBy!: PersonRef | null;
  @ApiProperty({ ...nullableTime, description: 'Null until approved.' }) approvedAt!: string | null;
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

export class CaseAlertResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['sla_breach', 'delivery_failed', 'hold_expired', 'terminated_despite_hold'],
    description:
      '`terminated_despite_hold`: a filing member recorded terminating the merchant while a do_not_terminate hold was active.',
  })
  kind!: string;
  @ApiProperty({ maxLength: ALERT_MESSAGE_MAX }) message!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The dispatch it is about; null when it is about the case alone.',
  })
  dispatchId!: string | null;
  @ApiProperty(time) createdAt!: string;
  @ApiProperty({ ...nullableTime, description: 'Null until acknowledged.' })
  acknowledgedAt!: string | null;
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

export class AlertResponse extends CaseAlertResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty(reference('CASE-2026-000012')) caseReference!: string;
  @ApiProperty({ type: () => PersonRef, nullable: true, description: 'Null until acknowledged.' })
  acknowledgedBy!: PersonRef | null;
}

export class AlertPageResponse {
  @ApiProperty({ type: () => [AlertResponse], maxItems: MAX_PAGE_SIZE }) items!: AlertResponse[];
  @ApiProperty({
    ...nullableString,
    maxLength: CURSOR_MAX,
    description: 'Pass back as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export type CaseSummaryView = CaseSummaryResponse;
export type CaseDetailView = CaseDetailResponse;
export type InfoRequestView = InfoRequestResponse;
export type CaseInfoRequestView = CaseInfoRequestResponse;
export type TimelineEntryView = TimelineEntryResponse;
