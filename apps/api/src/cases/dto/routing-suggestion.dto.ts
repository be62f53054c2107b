import { ApiProperty } from '@nestjs/swagger';

const TRISTATE = { enum: ['yes', 'no', 'unknown'] } as const;
const SOURCES = ['merchant_country', 'acquirer_country', 'hosting_country', 'principal_residence'];

class JurisdictionCriteriaResponse {
  @ApiProperty(TRISTATE) csamSpecificLaw!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) csamDefined!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) technologyFacilitatedOffences!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) simplePossessionCriminalised!: 'yes' | 'no' | 'unknown';
  @ApiProperty(TRISTATE) ispReportingRequired!: 'yes' | 'no' | 'unknown';
}

class JurisdictionSuggestionResponse {
  @ApiProperty({ example: 'GB' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when not recorded.' })
  name!: string | null;
  @ApiProperty({ description: 'Whether administrators have recorded this jurisdiction.' })
  recorded!: boolean;
  @ApiProperty({ type: [String], enum: SOURCES, isArray: true })
  sources!: ('merchant_country' | 'acquirer_country' | 'hosting_country' | 'principal_residence')[];
  @ApiProperty({ type: () => JurisdictionCriteriaResponse, nullable: true })
  criteria!: JurisdictionCriteriaResponse | null;
  @ApiProperty({ type: Boolean, nullable: true }) hotline!: boolean | null;
  @ApiProperty({ type: [String], description: 'Active agencies covering it.' })
  agencyIds!: string[];
  @ApiProperty({ example: 'merchant registered in GB; Metro Cyber Unit covers GB' })
  explanation!: string;
}

class CandidateBasisResponse {
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ type: [String], enum: [...SOURCES, 'fallback'], isArray: true })
  sources!: (
    'merchant_country' | 'acquirer_country' | 'hosting_country' | 'principal_residence' | 'fallback'
  )[];
  @ApiProperty() explanation!: string;
}

class RoutingCandidateResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ type: String, nullable: true }) jurisdiction!: string | null;
  @ApiProperty({
    type: () => [CandidateBasisResponse],
    description: 'Why: one entry per jurisdiction.',
  })
  basis!: CandidateBasisResponse[];
  @ApiProperty() explanation!: string;
  @ApiProperty({ description: "Proposed as the coalition's fallback channel." }) fallback!: boolean;
}

export class RoutingSuggestionResponse {
  @ApiProperty({ type: () => [JurisdictionSuggestionResponse] })
  jurisdictions!: JurisdictionSuggestionResponse[];
  @ApiProperty({ type: () => [RoutingCandidateResponse] }) candidates!: RoutingCandidateResponse[];
}
