import { ROUTING_SOURCES } from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import {
  AGENCY_NAME_MAX,
  COUNTRY_CODE_LENGTH,
  COUNTRY_CODE_PATTERN,
  JURISDICTION_CODES_MAX,
  JURISDICTION_NAME_MAX,
  ROUTING_BASIS_EXPLANATION_MAX,
} from './response-limits';

const TRISTATE = { enum: ['yes', 'no', 'unknown'] } as const;
const SOURCES = ROUTING_SOURCES;
const BASIS_SOURCES = [...ROUTING_SOURCES, 'fallback'] as const;
const countryCode = {
  minLength: COUNTRY_CODE_LENGTH,
  maxLength: COUNTRY_CODE_LENGTH,
  pattern: COUNTRY_CODE_PATTERN,
} as const;

/** Lists that grow with the coalition's active agencies, which the API does not cap. */
const UNCAPPED_AGENCIES = 'Not capped: it grows with the active agencies.';

/**
 * Texts that name every agency covering a jurisdiction, or every jurisdiction
 * an agency is proposed for: their length grows with those lists.
 */
const UNCAPPED_TEXT = 'Its length grows with the agencies or jurisdictions it names.';

class JurisdictionCriteriaResponse {
  @ApiProperty(TRISTATE) csamSpecificLaw!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) csamDefined!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) technologyFacilitatedOffences!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) simplePossessionCriminalised!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) ispReportingRequired!: 'yes' | 'no' | 'unknown';
}

class JurisdictionSuggestionResponse {
  @ApiProperty({ ...countryCode, example: 'GB' }) code!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: JURISDICTION_NAME_MAX,
    description: 'Null when not recorded.',
  })
  name!: string | null;
  @ApiProperty({ description: 'Whether administrators have recorded this jurisdiction.' })
  recorded!: boolean;
  @ApiProperty({ enum: SOURCES, isArray: true, maxItems: SOURCES.length })
  sources!: ('merchant_country' | 'acquirer_country' | 'hosting_country' | 'principal_residence')[];
  @ApiProperty({
    type: () => JurisdictionCriteriaResponse,
    nullable: true,
    description: 'Null when not recorded.',
  })
  criteria!: JurisdictionCriteriaResponse | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when not recorded.' })
  hotline!: boolean | null;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: `Active agencies covering it. ${UNCAPPED_AGENCIES}`,
  })
  agencyIds!: string[];
  @ApiProperty({
    example: 'merchant registered in GB; Metro Cyber Unit covers GB',
    description: UNCAPPED_TEXT,
  })
  explanation!: string;
}

class CandidateBasisResponse {
  @ApiProperty({ ...countryCode }) jurisdiction!: string;
  @ApiProperty({ enum: BASIS_SOURCES, isArray: true, maxItems: BASIS_SOURCES.length })
  sources!: (
    'merchant_country' | 'acquirer_country' | 'hosting_country' | 'principal_residence' | 'fallback'
  )[];
  @ApiProperty({ maxLength: ROUTING_BASIS_EXPLANATION_MAX }) explanation!: string;
}

class RoutingCandidateResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ maxLength: AGENCY_NAME_MAX }) agencyName!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    ...countryCode,
    description: 'The jurisdiction with the strongest support (the first basis entry).',
  })
  jurisdiction!: string | null;
  @ApiProperty({
    type: () => [CandidateBasisResponse],
    maxItems: JURISDICTION_CODES_MAX,
    description: 'Why: one entry per jurisdiction.',
  })
  basis!: CandidateBasisResponse[];
  @ApiProperty({ description: UNCAPPED_TEXT }) explanation!: string;
  @ApiProperty({ description: "Proposed as the coalition's fallback channel." }) fallback!: boolean;
}

export class RoutingSuggestionResponse {
  @ApiProperty({
    type: () => [JurisdictionSuggestionResponse],
    maxItems: JURISDICTION_CODES_MAX,
    description: 'Every jurisdiction the live referrals point to, best supported first.',
  })
  jurisdictions!: JurisdictionSuggestionResponse[];
  @ApiProperty({
    type: () => [RoutingCandidateResponse],
    description: `Agencies to propose, best supported first. ${UNCAPPED_AGENCIES}`,
  })
  candidates!: RoutingCandidateResponse[];
}
