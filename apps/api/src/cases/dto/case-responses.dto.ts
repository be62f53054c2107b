import { CASE_STATUSES, PRIORITIES, TLP_MARKINGS } from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { MemberActionResponse } from '../../member-actions/dto/member-action.dto';

const nullableString = { type: String, nullable: true } as const;
const nullableTime = { type: String, format: 'date-time', nullable: true } as const;
const time = { type: String, format: 'date-time' } as const;

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CASE-2026-000012' }) reference!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ enum: PRIORITIES, description: 'The most urgent priority among its referrals.' })
  priority!: string;
  @ApiProperty({ type: () => PersonRef, nullable: true }) assignee!: PersonRef | null;
  @ApiProperty({ enum: TLP_MARKINGS, nullable: true, description: 'Set when routing is proposed.' })
  tlp!: string | null;
  @ApiProperty({ description: 'A service-level clock of this case has been breached.' })
  overdue!: boolean;
  @ApiProperty({ ...nullableTime, description: 'The earliest running SLA deadline.' })
  slaDueAt!: string | null;
  @ApiProperty({ description: 'Referrals on the case (drafts and withdrawn ones left out).' })
  referralCount!: number;
  @ApiProperty({
    minimum: 0,
    description:
      'How many distinct member organizations have referrals on the case (drafts and withdrawn ones left out): several members flagging the same merchant is a strong signal.',
  })
  filingMembers!: number;
  @ApiProperty({ type: [String] }) merchantNames!: string[];
  @ApiProperty(time) createdAt!: string;
  @ApiProperty(time) updatedAt!: string;
}

export class CasePageResponse {
  @ApiProperty({ type: () => [CaseSummaryResponse] }) items!: CaseSummaryResponse[];
  @ApiProperty(nullableString) nextCursor!: string | null;
}

class FilerRef {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ description: 'Coordinators see who filed; members and agencies never do.' })
  legalName!: string;
}

class MerchantSummary {
  @ApiProperty(nullableString) legalName!: string | null;
  @ApiProperty(nullableString) country!: string | null;
  @ApiProperty({ type: [String] }) websites!: string[];
}

export class CaseReferralResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: () => FilerRef }) filer!: FilerRef;
  @ApiProperty(nullableString) category!: string | null;
  @ApiProperty() priority!: string;
  @ApiProperty() tlp!: string;
  @ApiProperty({ type: () => MerchantSummary }) merchant!: MerchantSummary;
  @ApiProperty(nullableTime) submittedAt!: string | null;
  @ApiProperty({
    type: () => [MemberActionResponse],
    description:
      'What the filing member recorded doing about the merchant (terminated it, listed it, …), newest first.',
  })
  memberActions!: MemberActionResponse[];
}

class ReferralRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
}

export class CaseMatchResponse {
  @ApiProperty({ enum: ['domain', 'merchant_id', 'wallet', 'email', 'phone', 'name_country'] })
  kind!: string;
  @ApiProperty({ description: 'The normalised identifier the referrals share.' }) value!: string;
  @ApiProperty({ description: 'Why sharing it links the referrals.' }) why!: string;
  @ApiProperty({ type: () => [ReferralRef] }) referrals!: ReferralRef[];
}

export class CaseSuggestionResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty() referralReference!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The case the referral is on now.',
  })
  currentCaseId!: string | null;
  @ApiProperty(nullableString) currentCaseReference!: string | null;
  @ApiProperty({ description: 'Trigram similarity of the names (1 for an exact key).' })
  similarity!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['open', 'linked', 'dismissed'] }) status!: string;
  @ApiProperty(time) createdAt!: string;
}

export class CaseNoteResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: () => PersonRef }) author!: PersonRef;
  @ApiProperty(time) createdAt!: string;
}

export class InfoRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty() referralReference!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ['open', 'answered', 'cancelled'] }) status!: string;
  @ApiProperty(nullableString) answer!: string | null;
  @ApiProperty(time) askedAt!: string;
  @ApiProperty(nullableTime) answeredAt!: string | null;
  @ApiProperty({ format: 'uuid', required: false, description: 'Coordinators only.' })
  caseId?: string;
  @ApiProperty({ type: () => PersonRef, required: false, description: 'Coordinators only.' })
  askedBy?: PersonRef;
  @ApiProperty({
    type: () => PersonRef,
    nullable: true,
    required: false,
    description: 'Coordinators only.',
  })
  answeredBy?: PersonRef | null;
}

export class InfoRequestListResponse {
  @ApiProperty({ type: () => [InfoRequestResponse] }) items!: InfoRequestResponse[];
}

class RoutingBasisResponse {
  @ApiProperty(nullableString) jurisdiction!: string | null;
  @ApiProperty({
    type: [String],
    example: ['merchant_country'],
    description:
      'merchant_country, acquirer_country, hosting_country, principal_residence, fallback or coordinator_choice',
  })
  sources!: string[];
  @ApiProperty() explanation!: string;
}

class PlannedAgency {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ type: () => [RoutingBasisResponse] }) basis!: RoutingBasisResponse[];
}

class RoutingPlanResponse {
  @ApiProperty({ type: () => [PlannedAgency] }) agencies!: PlannedAgency[];
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: string;
  @ApiProperty() rationale!: string;
}

class CaseRoutingResponse {
  @ApiProperty({ type: () => RoutingPlanResponse, nullable: true })
  plan!: RoutingPlanResponse | null;
  @ApiProperty({ type: () => PersonRef, nullable: true }) proposedBy!: PersonRef | null;
  @ApiProperty(nullableTime) proposedAt!: string | null;
  @ApiProperty({ type: () => PersonRef, nullable: true }) approvedBy!: PersonRef | null;
  @ApiProperty(nullableTime) approvedAt!: string | null;
}

class AgencyRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class CaseDispatchResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'DSP-2026-000003' }) reference!: string;
  @ApiProperty({ type: () => AgencyRef }) agency!: AgencyRef;
  @ApiProperty({ enum: ['pending', 'delivered', 'acknowledged', 'accepted', 'declined', 'failed'] })
  status!: string;
  @ApiProperty() tlp!: string;
  @ApiProperty({ description: 'Which approval created it (a reopened case is routed again).' })
  routingRound!: number;
  @ApiProperty() deliveryAttempts!: number;
  @ApiProperty(nullableString) lastError!: string | null;
  @ApiProperty(nullableString) leCaseNumber!: string | null;
  @ApiProperty(nullableString) outcome!: string | null;
  @ApiProperty(nullableString) declineReason!: string | null;
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
  @ApiProperty({ description: 'The agency that placed it.' }) agency!: string;
  @ApiProperty({ enum: ['do_not_terminate', 'do_not_contact', 'do_not_share'] }) scope!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() documentRef!: string;
  @ApiProperty(time) expiresAt!: string;
  @ApiProperty({ enum: ['active', 'released', 'expired'] }) status!: string;
  @ApiProperty(time) createdAt!: string;
}

export class CaseClockResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['triage', 'le_acknowledgement', 'info_request', 'hold_expiry'] })
  clock!: string;
  @ApiProperty({ enum: ['running', 'met', 'breached', 'met_late', 'cancelled'] }) status!: string;
  @ApiProperty(time) startedAt!: string;
  @ApiProperty(time) dueAt!: string;
  @ApiProperty(nullableTime) breachedAt!: string | null;
  @ApiProperty(nullableTime) stoppedAt!: string | null;
}

export class CaseAlertResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['sla_breach', 'delivery_failed', 'hold_expired', 'terminated_despite_hold'],
    description:
      '`terminated_despite_hold`: a filing member recorded terminating the merchant while a do_not_terminate hold was active.',
  })
  kind!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) dispatchId!: string | null;
  @ApiProperty(time) createdAt!: string;
  @ApiProperty(nullableTime) acknowledgedAt!: string | null;
}

export class TimelineActorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ ...nullableString, description: 'Their role when they acted.' })
  role!: string | null;
  @ApiProperty() displayName!: string;
}

export class TimelineEntryResponse {
  @ApiProperty(time) at!: string;
  @ApiProperty({ example: 'case.assign' }) action!: string;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: string;
  @ApiProperty({
    type: () => TimelineActorResponse,
    nullable: true,
    description: 'Null for the system (intake, delivery, clocks).',
  })
  actor!: TimelineActorResponse | null;
  @ApiProperty(nullableString) targetType!: string | null;
  @ApiProperty(nullableString) targetId!: string | null;
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
    description: 'Latest rejection, send-back or reopening reason.',
  })
  statusReason!: string | null;
  @ApiProperty(nullableString) outcome!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The case it was merged into (status `merged`).',
  })
  mergedIntoId!: string | null;
  @ApiProperty(nullableTime) closedAt!: string | null;
  @ApiProperty({ type: () => [CaseReferralResponse] }) referrals!: CaseReferralResponse[];
  @ApiProperty({ type: () => [CaseMatchResponse] }) matches!: CaseMatchResponse[];
  @ApiProperty({ type: () => [CaseSuggestionResponse] }) suggestions!: CaseSuggestionResponse[];
  @ApiProperty({ type: () => [CaseNoteResponse] }) notes!: CaseNoteResponse[];
  @ApiProperty({ type: () => [InfoRequestResponse] }) infoRequests!: InfoRequestResponse[];
  @ApiProperty({ type: () => CaseRoutingResponse }) routing!: CaseRoutingResponse;
  @ApiProperty({ type: () => [CaseDispatchResponse] }) dispatches!: CaseDispatchResponse[];
  @ApiProperty({ type: () => [CaseHoldResponse] }) holds!: CaseHoldResponse[];
  @ApiProperty({ type: () => [CaseClockResponse] }) clocks!: CaseClockResponse[];
  @ApiProperty({ type: () => [CaseAlertResponse] }) alerts!: CaseAlertResponse[];
  @ApiProperty({ type: () => [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
}

export class AlertResponse extends CaseAlertResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty({ type: () => PersonRef, nullable: true }) acknowledgedBy!: PersonRef | null;
}

export class AlertPageResponse {
  @ApiProperty({ type: () => [AlertResponse] }) items!: AlertResponse[];
  @ApiProperty(nullableString) nextCursor!: string | null;
}

export type CaseSummaryView = CaseSummaryResponse;
export type CaseDetailView = CaseDetailResponse;
export type InfoRequestView = InfoRequestResponse;
export type TimelineEntryView = TimelineEntryResponse;
