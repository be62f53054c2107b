import { DISPATCH_STATUSES, MEMBER_TYPES } from '@app/domain';
import { DURATION_MEASURES } from '@app/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { DISPATCH_OUTCOMES } from '../../dispatches/dispatch-outcomes';
import { AGENCY_NAME_MAX } from '../../cases/dto/response-limits';
import { LEGAL_NAME_MAX_LENGTH } from '../../organizations/dto/organization.dto';

/** The longest range the statistics page reads at once. */
export const STATISTICS_MAX_MONTHS = 36;
/** The most rows each list of the answer holds; the month range bounds it in practice. */
export const STATISTICS_MAX_ROWS = 10_000;
/** The earliest year any figure covers (nothing was filed before). */
export const STATISTICS_FIRST_YEAR = 2000;
export const TRANSPARENCY_FORMATS = ['csv', 'pdf'] as const;
export type TransparencyFormat = (typeof TRANSPARENCY_FORMATS)[number];

const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const MONTH = {
  type: String,
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  minLength: 7,
  maxLength: 7,
  example: '2026-03',
} as const;
const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 } as const;
const HOURS = { type: 'number', format: 'double', minimum: 0, maximum: 1e9 } as const;
const COUNTRY = { type: String, minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$' } as const;

export class StatisticsQueryDto {
  @ApiPropertyOptional({
    ...MONTH,
    description: 'First month (UTC), inclusive. Default: eleven months before `to`.',
  })
  @IsOptional()
  @MaxLength(7)
  @Matches(MONTH_PATTERN, { message: 'from must be a month written YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({
    ...MONTH,
    description:
      `Last month (UTC), inclusive; not before \`from\`, at most ${STATISTICS_MAX_MONTHS} ` +
      'months after it, not in the future. Default: the current month.',
  })
  @IsOptional()
  @MaxLength(7)
  @Matches(MONTH_PATTERN, { message: 'to must be a month written YYYY-MM' })
  to?: string;
}

export class TransparencyQueryDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: STATISTICS_FIRST_YEAR,
    maximum: 9999,
    description: 'The calendar year (UTC) the report covers; not a future year.',
    example: 2026,
  })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(STATISTICS_FIRST_YEAR)
  @Max(9999)
  year!: number;

  @ApiProperty({ enum: TRANSPARENCY_FORMATS, description: 'CSV or PDF.' })
  @IsIn(TRANSPARENCY_FORMATS)
  format!: TransparencyFormat;
}

export class MemberReferralsResponse {
  @ApiProperty(MONTH) month!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ maxLength: LEGAL_NAME_MAX_LENGTH }) organizationName!: string;
  @ApiProperty({ enum: MEMBER_TYPES, nullable: true }) memberType!: string | null;
  @ApiProperty({ ...COUNTRY, description: "The member's country." }) country!: string;
  @ApiProperty({ ...COUNT, description: 'Referrals the member submitted that month.' })
  count!: number;
}

export class DurationResponse {
  @ApiProperty({ ...MONTH, description: 'The month (UTC) the measured step started.' })
  month!: string;
  @ApiProperty({ enum: DURATION_MEASURES }) measure!: string;
  @ApiProperty({ ...COUNT, description: 'How many steps were measured.' }) count!: number;
  @ApiProperty({ ...HOURS, description: 'Median, in hours (one decimal).' }) medianHours!: number;
  @ApiProperty({ ...HOURS, description: '90th percentile, in hours (one decimal).' })
  p90Hours!: number;
}

export class AgencyOutcomeResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ maxLength: AGENCY_NAME_MAX }) agencyName!: string;
  @ApiProperty({ ...COUNTRY, description: "The agency's country." }) country!: string;
  @ApiProperty({ enum: DISPATCH_STATUSES }) status!: string;
  @ApiProperty({
    enum: DISPATCH_OUTCOMES,
    nullable: true,
    description: 'The outcome the agency reported; null when none.',
  })
  outcome!: string | null;
  @ApiProperty({ ...COUNT, description: 'Dispatches created in the range.' }) count!: number;
}

export class StatisticsResponse {
  @ApiProperty({ ...MONTH, description: 'First month, inclusive.' }) from!: string;
  @ApiProperty({ ...MONTH, description: 'Last month, inclusive.' }) to!: string;
  @ApiProperty({
    type: [MemberReferralsResponse],
    maxItems: STATISTICS_MAX_ROWS,
    description: 'Submitted referrals per month and member organization, by month then name.',
  })
  referrals!: MemberReferralsResponse[];
  @ApiProperty({
    type: [DurationResponse],
    maxItems: STATISTICS_MAX_MONTHS * DURATION_MEASURES.length,
    description:
      'Per month: time to triage (case opened → assigned), to approval (case opened → ' +
      'approved), to delivery (dispatch created → delivered), to acknowledgement ' +
      '(delivered → acknowledged). Months without a measured step are left out.',
  })
  times!: DurationResponse[];
  @ApiProperty({
    type: [AgencyOutcomeResponse],
    maxItems: STATISTICS_MAX_ROWS,
    description: 'Dispatches created in the range, by agency, status and reported outcome.',
  })
  outcomes!: AgencyOutcomeResponse[];
  @ApiProperty({
    description: `A list was longer than ${STATISTICS_MAX_ROWS} rows and was cut; narrow the range.`,
  })
  truncated!: boolean;
}
