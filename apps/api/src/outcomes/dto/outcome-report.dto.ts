import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, MaxLength } from 'class-validator';
import { AGENCY_LIMITS } from '../../reference-data/dto/agency.dto';
import { LEGAL_NAME_MAX_LENGTH } from '../../organizations/dto/organization.dto';

/** The longest ISO 8601 date-time accepted (with fraction and offset). */
const TIME_MAX_LENGTH = 40;

/** Rows of a report: one per member organization or agency, far above any coalition's size. */
const REPORT_ROWS_MAX = 100_000;

export class OutcomeReportQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: TIME_MAX_LENGTH,
    description: 'Outcomes reported at or after this time.',
  })
  @IsOptional()
  @MaxLength(TIME_MAX_LENGTH)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: TIME_MAX_LENGTH,
    description: 'Outcomes reported before this time (after `from`).',
  })
  @IsOptional()
  @MaxLength(TIME_MAX_LENGTH)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 } as const;

/** One count per outcome wire value (DISPATCH_OUTCOMES), zeros included. */
export class OutcomeCountsResponse {
  @ApiProperty(COUNT) investigation_opened!: number;
  @ApiProperty(COUNT) arrest!: number;
  @ApiProperty(COUNT) charges_filed!: number;
  @ApiProperty(COUNT) conviction!: number;
  @ApiProperty(COUNT) merchant_disrupted!: number;
  @ApiProperty(COUNT) referred_onward!: number;
  @ApiProperty(COUNT) no_further_action!: number;
  @ApiProperty(COUNT) other!: number;
}

export class MemberOutcomeCountsResponse {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ maxLength: LEGAL_NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ type: () => OutcomeCountsResponse }) counts!: OutcomeCountsResponse;
  @ApiProperty({ ...COUNT, description: 'Dispatches of the member’s cases with an outcome.' })
  total!: number;
}

export class AgencyOutcomeCountsResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ maxLength: AGENCY_LIMITS.name }) name!: string;
  @ApiProperty({ type: () => OutcomeCountsResponse }) counts!: OutcomeCountsResponse;
  @ApiProperty({ ...COUNT, description: 'The agency’s dispatches with an outcome.' })
  total!: number;
}

export class OutcomeReportResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) from!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) to!: string | null;
  @ApiProperty({
    type: [MemberOutcomeCountsResponse],
    maxItems: REPORT_ROWS_MAX,
    description:
      'Per filing member: dispatches of cases it has a (not withdrawn) referral on, by their latest outcome. A dispatch counts for every member on its case. Only members with at least one.',
  })
  byMember!: MemberOutcomeCountsResponse[];
  @ApiProperty({
    type: [AgencyOutcomeCountsResponse],
    maxItems: REPORT_ROWS_MAX,
    description:
      'Per agency: its dispatches by their latest outcome. Only agencies with at least one.',
  })
  byAgency!: AgencyOutcomeCountsResponse[];
}
