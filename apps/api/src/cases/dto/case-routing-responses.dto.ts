import {
  DEFAULT_PAP,
  NAMED_LIAISONS_MAX,
  PAP_MARKINGS,
  ROUTING_SOURCES,
  TLP_MARKINGS,
} from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { CASE_TEXT_MAX, PROPOSED_AGENCIES_MAX } from './case-commands.dto';
import { countryCode, nullableString, nullableTime, PersonRef } from './response-fields';
import {
  AGENCY_NAME_MAX,
  JURISDICTION_CODES_MAX,
  ROUTING_BASIS_EXPLANATION_MAX,
} from './response-limits';

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
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: NAMED_LIAISONS_MAX,
    description:
      'The liaisons a RED or AMBER+STRICT routing names: only they will read the dispatch. Empty for other markings.',
  })
  liaisonIds!: string[];
}

class TlpDowngradeResponse {
  @ApiProperty({ enum: TLP_MARKINGS, description: "The referrals' strictest marking, loosened." })
  from!: string;
  @ApiProperty({ maxLength: CASE_TEXT_MAX }) reason!: string;
}

class RoutingPlanResponse {
  @ApiProperty({
    type: () => [PlannedAgency],
    maxItems: PROPOSED_AGENCIES_MAX,
    description: 'In the order proposed.',
  })
  agencies!: PlannedAgency[];
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: string;
  @ApiProperty({
    enum: PAP_MARKINGS,
    description: `Permissible Actions Protocol (${DEFAULT_PAP} for plans proposed before it was recorded).`,
  })
  pap!: string;
  @ApiProperty({
    type: () => TlpDowngradeResponse,
    nullable: true,
    description:
      "A marking weaker than the strictest of the case's referrals, and why; approving the plan approves it.",
  })
  tlpDowngrade!: TlpDowngradeResponse | null;
  @ApiProperty({ maxLength: CASE_TEXT_MAX }) rationale!: string;
}

export class CaseRoutingResponse {
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
