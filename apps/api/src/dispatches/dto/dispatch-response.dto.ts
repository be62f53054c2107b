import { DISPATCH_STATUSES, PRIORITIES, TLP_MARKINGS, type DispatchStatus } from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { HoldResponse } from './hold-response.dto';
import { DISPATCH_OUTCOMES, type DispatchOutcome } from '../dispatch-outcomes';

export class DispatchAgencyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Metro Cyber Unit' }) name!: string;
}

/** A dispatch in a list: where it stands, never its package. */
export class DispatchSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'DSP-2026-000042' }) reference!: string;
  @ApiProperty({ format: 'uuid', description: 'The case it belongs to (also in the package).' })
  caseId!: string;
  @ApiProperty({ example: 'CASE-2026-000017' }) caseReference!: string;
  @ApiProperty({ type: () => DispatchAgencyResponse }) agency!: DispatchAgencyResponse;
  @ApiProperty({
    enum: DISPATCH_STATUSES,
    description:
      '`pending` (being delivered) → `delivered` → `acknowledged` → `accepted` | `declined`; `failed` when delivery gave up.',
  })
  status!: DispatchStatus;
  @ApiProperty({
    enum: TLP_MARKINGS,
    description: 'Traffic Light Protocol marking of the package.',
  })
  tlp!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) declinedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The agency's own case number." })
  leCaseNumber!: string | null;
  @ApiProperty({ enum: DISPATCH_OUTCOMES, type: String, nullable: true })
  outcome!: DispatchOutcome | null;
  @ApiProperty({
    enum: PRIORITIES,
    description:
      "The case's priority when the routing was approved, as the package states it (P1 most urgent).",
  })
  priority!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Digital Goods Ltd',
    description:
      "The main merchant's name as the package shows it: the first referral's legal name, else its first trading name; null when no referral names one.",
  })
  merchantName!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the agency is due to acknowledge (or decide on) the dispatch: the due time of its LE-acknowledgement clock while that clock is unmet (running, or already breached, so it lies in the past). Null once acknowledged or decided, or when no clock runs (not delivered yet).',
  })
  acknowledgeBy!: string | null;
}

export class DispatchPageResponse {
  @ApiProperty({ type: [DispatchSummaryResponse] }) items!: DispatchSummaryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RoutingBasisResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO 3166-1 alpha-2; null for the fallback channel.',
  })
  jurisdiction!: string | null;
  @ApiProperty({
    type: [String],
    description:
      'Why this jurisdiction: merchant_country, acquirer_country, hosting_country, principal_residence, fallback or coordinator_choice.',
  })
  sources!: string[];
  @ApiProperty({ example: 'Merchant registered in GB; Metro Cyber Unit covers GB.' })
  explanation!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty({ minimum: 1 }) attempt!: number;
  @ApiProperty({ enum: ['portal', 'webhook'] }) channel!: string;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: string;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status." })
  httpStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ minimum: 0 }) durationMs!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DeliverySummaryResponse {
  @ApiProperty({ minimum: 0, description: 'Delivery attempts so far, across retries.' })
  attemptCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last failure, if any.' })
  lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt!: string | null;
  @ApiProperty({ type: [DeliveryAttemptResponse], description: 'Oldest first.' })
  attempts!: DeliveryAttemptResponse[];
}

/**
 * One dispatch opened: its package exactly as approved and delivered (see
 * libs/domain cases/case-package: filers appear as "coalition member" unless
 * they opted in to be named), the routing basis, where it stands, and the
 * agency's holds.
 */
export class DispatchResponse extends DispatchSummaryResponse {
  @ApiProperty({
    type: [String],
    enum: ['portal', 'webhook'],
    description: 'How it is delivered to the agency.',
  })
  channels!: string[];
  @ApiProperty({ type: [RoutingBasisResponse], description: 'Why this agency was chosen.' })
  basis!: RoutingBasisResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The case package (`schema: crh.case-package/v1`): tlp, dispatch, case, agency, routing {basis, rationale}, approvedAt, summary {merchantNames, countries, referralCount}, and referrals[] each with filer, category, indicators, priority, observed dates, totalAmount, narrative, merchant (sensitive ids masked), observables, transactions, submittedAt.',
  })
  package!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) declineReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcomeNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) outcomeAt!: string | null;
  @ApiProperty({ type: [HoldResponse], description: 'Every hold placed on it, newest first.' })
  holds!: HoldResponse[];
  @ApiProperty({
    type: () => DeliverySummaryResponse,
    nullable: true,
    description: 'Coordinators only (null for liaisons): how delivery went.',
  })
  delivery!: DeliverySummaryResponse | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
