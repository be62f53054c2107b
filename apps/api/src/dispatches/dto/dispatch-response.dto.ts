import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE } from '@app/common';
import {
  DELIVERY_ERROR_MAX_LENGTH,
  DISPATCH_STATUSES,
  NAMED_LIAISONS_MAX,
  PRIORITIES,
  ROUTING_SOURCES,
  TLP_MARKINGS,
  type DispatchStatus,
} from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { HoldResponse } from './hold-response.dto';
import { DISPATCH_LIMITS } from './dispatch.dto';
import { MERCHANT_LIMITS } from '../../referrals/dto/merchant.dto';
import { AGENCY_CHANNELS, AGENCY_LIMITS } from '../../reference-data/dto/agency.dto';
import {
  JURISDICTION_LIMITS,
  STORED_CODE_PATTERN,
} from '../../reference-data/dto/jurisdiction.dto';
import { DISPATCH_OUTCOMES, type DispatchOutcome } from '../dispatch-outcomes';

/**
 * A human reference (`DSP-2026-000042`, `CASE-2026-000017`): kind, year and a
 * counter of at least six digits (a PostgreSQL integer has at most ten).
 */
const REFERENCE_MAX_LENGTH = 20;
/** Why a jurisdiction was chosen: the routing sources, the fallback, or the coordinator's choice. */
const BASIS_SOURCES = [...ROUTING_SOURCES, 'fallback', 'coordinator_choice'] as const;
/**
 * A routing explanation is written by the routing engine: at most four reasons
 * for one country and one agency name (AGENCY_LIMITS.name), a few hundred
 * characters in all.
 */
const ROUTING_EXPLANATION_MAX_LENGTH = 1000;

/** A PostgreSQL integer column. */
const STORED_INTEGER = { type: 'integer', format: 'int32', maximum: 2_147_483_647 } as const;

export class DispatchAgencyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Metro Cyber Unit', maxLength: AGENCY_LIMITS.name }) name!: string;
}

/** A dispatch in a list: where it stands, never its package. */
export class DispatchSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'DSP-2026-000042',
    maxLength: REFERENCE_MAX_LENGTH,
    pattern: '^DSP-[0-9]{4}-[0-9]{6,}$',
  })
  reference!: string;
  @ApiProperty({ format: 'uuid', description: 'The case it belongs to (also in the package).' })
  caseId!: string;
  @ApiProperty({
    example: 'CASE-2026-000017',
    maxLength: REFERENCE_MAX_LENGTH,
    pattern: '^CASE-[0-9]{4}-[0-9]{6,}$',
  })
  caseReference!: string;
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
  @ApiProperty({
    type: [String],
    format: 'uuid',
    nullable: true,
    maxItems: NAMED_LIAISONS_MAX,
    description:
      'RED and AMBER+STRICT: the only liaisons of the agency who may read and work this dispatch (named by the ' +
      'routing); null when the whole agency may.',
  })
  namedLiaisonIds!: string[] | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until delivered.',
  })
  deliveredAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until acknowledged.',
  })
  acknowledgedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until accepted.',
  })
  acceptedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null unless declined.',
  })
  declinedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: DISPATCH_LIMITS.leCaseNumberMax,
    description: "The agency's own case number; null until it gives one on accepting.",
  })
  leCaseNumber!: string | null;
  @ApiProperty({
    enum: DISPATCH_OUTCOMES,
    type: String,
    nullable: true,
    description: 'What came of it, as the agency last reported; null until reported.',
  })
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
    maxLength: Math.max(MERCHANT_LIMITS.legalName, MERCHANT_LIMITS.tradingName),
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
  @ApiProperty({
    type: [DispatchSummaryResponse],
    maxItems: MAX_PAGE_SIZE,
    description: 'At most `limit` dispatches, oldest first.',
  })
  items!: DispatchSummaryResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    description: 'Pass it back as `cursor` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}

/** Why a dispatch's agency was chosen, for one jurisdiction (as the routing plan stored it). */
export class DispatchRoutingBasisResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    minLength: JURISDICTION_LIMITS.code,
    maxLength: JURISDICTION_LIMITS.code,
    pattern: STORED_CODE_PATTERN,
    description: "ISO 3166-1 alpha-2; null when the agency is the coordinator's own choice.",
  })
  jurisdiction!: string | null;
  @ApiProperty({
    enum: BASIS_SOURCES,
    isArray: true,
    maxItems: BASIS_SOURCES.length,
    description:
      'Why this jurisdiction: merchant_country, acquirer_country, hosting_country, principal_residence, fallback or coordinator_choice.',
  })
  sources!: string[];
  @ApiProperty({
    example: 'Merchant registered in GB; Metro Cyber Unit covers GB.',
    maxLength: ROUTING_EXPLANATION_MAX_LENGTH,
  })
  explanation!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty({ ...STORED_INTEGER, minimum: 1 }) attempt!: number;
  @ApiProperty({ enum: AGENCY_CHANNELS }) channel!: string;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: string;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 100,
    maximum: 599,
    nullable: true,
    description: "The receiver's HTTP status; null for the portal or when no answer came.",
  })
  httpStatus!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: DELIVERY_ERROR_MAX_LENGTH,
    description: 'Why the attempt failed; null when it did not.',
  })
  error!: string | null;
  @ApiProperty({ ...STORED_INTEGER, minimum: 0 }) durationMs!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DeliverySummaryResponse {
  @ApiProperty({
    ...STORED_INTEGER,
    minimum: 0,
    description: 'Delivery attempts so far, across retries.',
  })
  attemptCount!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: DELIVERY_ERROR_MAX_LENGTH,
    description: 'The last failure; null when none.',
  })
  lastError!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When delivery gave up; null unless the dispatch is failed.',
  })
  failedAt!: string | null;
  @ApiProperty({
    type: [DeliveryAttemptResponse],
    description:
      'Every attempt, oldest first. Not capped: each retry by a coordinator allows another round of attempts.',
  })
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
    enum: AGENCY_CHANNELS,
    isArray: true,
    maxItems: AGENCY_CHANNELS.length,
    description: 'How it is delivered to the agency.',
  })
  channels!: string[];
  @ApiProperty({
    type: [DispatchRoutingBasisResponse],
    maxItems: JURISDICTION_LIMITS.count,
    description:
      "Why this agency was chosen: one entry per jurisdiction, or the coordinator's choice.",
  })
  basis!: DispatchRoutingBasisResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The case package (`schema: crh.case-package/v2`; v1 for packages approved before it): tlp, pap (Permissible Actions Protocol; absent from packages approved before it was recorded), dispatch, case, agency, routing {basis, rationale}, approvedAt, summary {merchantNames, countries, referralCount}, referrals[] each with filer, category, indicators, priority, observed dates, totalAmount, narrative, merchant (sensitive ids masked), observables (with viewedByReporter), transactions, submittedAt and documents[] {id, filename, mediaType, sizeBytes, sha256}; informationRequests[] (answered questions) and approval {proposedBy, proposedAt, approvedBy, approvedAt} (v2). See docs/webhooks.md.',
  })
  package!: Record<string, unknown>;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: DISPATCH_LIMITS.reasonMax,
    description: 'Why the agency declined; null unless declined.',
  })
  declineReason!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: DISPATCH_LIMITS.outcomeNoteMax,
    description: "The agency's note on the outcome; null when it gave none.",
  })
  outcomeNote!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the outcome was last reported; null until reported.',
  })
  outcomeAt!: string | null;
  @ApiProperty({
    description:
      "Whether the latest outcome report lets the filing members see the agency's case number (false until an outcome says so).",
  })
  shareCaseNumberWithFilers!: boolean;
  @ApiProperty({
    type: [HoldResponse],
    description:
      'Every hold placed on it, newest first (not capped: the agency may place any number).',
  })
  holds!: HoldResponse[];
  @ApiProperty({
    type: () => DeliverySummaryResponse,
    nullable: true,
    description: 'Coordinators only (null for liaisons): how delivery went.',
  })
  delivery!: DeliverySummaryResponse | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
