import type { CriterionValue } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Check, IsAbsentOrValid, dateProblem, trim, upper } from '../../shared/validation';

export const CRITERION_VALUES = ['yes', 'no', 'unknown'] as const;

/** Size limits of jurisdictions (requests and responses). */
export const JURISDICTION_LIMITS = {
  /** An ISO 3166-1 alpha-2 code. */
  code: 2,
  name: 200,
  sourceEdition: 200,
  /** YYYY-MM-DD */
  reviewedOn: 10,
  /** Every ISO 3166-1 country at most: a list of jurisdictions (or of their codes) is never longer. */
  count: 250,
} as const;

/** A jurisdiction code as clients may send it (upper-cased on entry). */
export const JURISDICTION_CODE_PATTERN = '^[A-Za-z]{2}$';
/** A jurisdiction code as the API stores and answers it. */
export const STORED_CODE_PATTERN = '^[A-Z]{2}$';

/** A PostgreSQL integer column. */
const STORED_INTEGER = { type: 'integer', format: 'int32', maximum: 2_147_483_647 } as const;

/** The five criteria of the model-legislation review, by wire name. */
export const CRITERIA_FIELDS = [
  'csamSpecificLaw',
  'csamDefined',
  'technologyFacilitatedOffences',
  'simplePossessionCriminalised',
  'ispReportingRequired',
] as const;

const CRITERION_MESSAGE = { message: "$property must be 'yes', 'no' or 'unknown'" };
const CODE_MESSAGE = { message: 'code must be a two-letter country code, such as GB' };
const CODE_LENGTH_MESSAGE = { message: 'code must be 2 letters' };

const Criterion = (description: string) =>
  ApiPropertyOptional({ enum: CRITERION_VALUES, default: 'unknown', description });

const CRITERIA_DOCS = {
  csamSpecificLaw: 'The country has legislation specific to child sexual abuse material.',
  csamDefined: 'Its law defines child sexual abuse material.',
  technologyFacilitatedOffences: 'Technology-facilitated offences are criminalised.',
  simplePossessionCriminalised:
    'Simple possession is criminalised, regardless of intent to distribute.',
  ispReportingRequired: 'Internet service providers are required to report suspected material.',
};

const IsReviewDate = () => Check('isReviewDate', (value) => dateProblem(value, 'not_future'));

export class CreateJurisdictionDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 (upper-cased on entry).', example: 'GB' })
  @Transform(upper)
  @Length(JURISDICTION_LIMITS.code, JURISDICTION_LIMITS.code, CODE_LENGTH_MESSAGE)
  @IsISO31661Alpha2(CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'United Kingdom', maxLength: JURISDICTION_LIMITS.name })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(JURISDICTION_LIMITS.name)
  name!: string;

  @Criterion(CRITERIA_DOCS.csamSpecificLaw)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  csamSpecificLaw?: CriterionValue;

  @Criterion(CRITERIA_DOCS.csamDefined)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  csamDefined?: CriterionValue;

  @Criterion(CRITERIA_DOCS.technologyFacilitatedOffences)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  technologyFacilitatedOffences?: CriterionValue;

  @Criterion(CRITERIA_DOCS.simplePossessionCriminalised)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  simplePossessionCriminalised?: CriterionValue;

  @Criterion(CRITERIA_DOCS.ispReportingRequired)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  ispReportingRequired?: CriterionValue;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: JURISDICTION_LIMITS.sourceEdition,
    description: 'Which edition of the legislation review the criteria come from.',
    example: 'Model legislation review, 10th edition',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(JURISDICTION_LIMITS.sourceEdition)
  sourceEdition?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'When an administrator last checked the criteria (YYYY-MM-DD, not in the future).',
  })
  @IsOptional()
  @MaxLength(JURISDICTION_LIMITS.reviewedOn, { message: 'reviewedOn must be 10 characters long' })
  @IsReviewDate()
  reviewedOn?: string | null;

  @ApiPropertyOptional({ default: false, description: 'A national hotline exists.' })
  @IsAbsentOrValid()
  @IsBoolean()
  hotline?: boolean;
}

/** Every field may change except the code (the key other records refer to). */
export class UpdateJurisdictionDto {
  @ApiPropertyOptional({ maxLength: JURISDICTION_LIMITS.name })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(JURISDICTION_LIMITS.name)
  name?: string;

  @Criterion(CRITERIA_DOCS.csamSpecificLaw)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  csamSpecificLaw?: CriterionValue;

  @Criterion(CRITERIA_DOCS.csamDefined)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  csamDefined?: CriterionValue;

  @Criterion(CRITERIA_DOCS.technologyFacilitatedOffences)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  technologyFacilitatedOffences?: CriterionValue;

  @Criterion(CRITERIA_DOCS.simplePossessionCriminalised)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  simplePossessionCriminalised?: CriterionValue;

  @Criterion(CRITERIA_DOCS.ispReportingRequired)
  @IsAbsentOrValid()
  @IsIn(CRITERION_VALUES, CRITERION_MESSAGE)
  ispReportingRequired?: CriterionValue;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: JURISDICTION_LIMITS.sourceEdition,
    description: 'null clears it.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(JURISDICTION_LIMITS.sourceEdition)
  sourceEdition?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'null clears it.',
  })
  @IsOptional()
  @MaxLength(JURISDICTION_LIMITS.reviewedOn, { message: 'reviewedOn must be 10 characters long' })
  @IsReviewDate()
  reviewedOn?: string | null;

  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @IsBoolean()
  hotline?: boolean;
}

export class JurisdictionResponse {
  @ApiProperty({
    example: 'GB',
    description: 'ISO 3166-1 alpha-2, upper case.',
    minLength: JURISDICTION_LIMITS.code,
    maxLength: JURISDICTION_LIMITS.code,
    pattern: STORED_CODE_PATTERN,
  })
  code!: string;
  @ApiProperty({ maxLength: JURISDICTION_LIMITS.name }) name!: string;
  @ApiProperty({ enum: CRITERION_VALUES, description: CRITERIA_DOCS.csamSpecificLaw })
  csamSpecificLaw!: CriterionValue;
  @ApiProperty({ enum: CRITERION_VALUES, description: CRITERIA_DOCS.csamDefined })
  csamDefined!: CriterionValue;
  @ApiProperty({ enum: CRITERION_VALUES, description: CRITERIA_DOCS.technologyFacilitatedOffences })
  technologyFacilitatedOffences!: CriterionValue;
  @ApiProperty({ enum: CRITERION_VALUES, description: CRITERIA_DOCS.simplePossessionCriminalised })
  simplePossessionCriminalised!: CriterionValue;
  @ApiProperty({ enum: CRITERION_VALUES, description: CRITERIA_DOCS.ispReportingRequired })
  ispReportingRequired!: CriterionValue;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: JURISDICTION_LIMITS.sourceEdition,
    description:
      'Which edition of the legislation review the criteria come from; null when not recorded.',
  })
  sourceEdition!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'When an administrator last checked the criteria; null when never recorded.',
  })
  reviewedOn!: string | null;
  @ApiProperty() hotline!: boolean;
  @ApiProperty({ description: 'Demo data from the seed: not a legal assessment.' })
  isDemo!: boolean;
  @ApiProperty({ ...STORED_INTEGER, minimum: 1, description: 'Incremented by every change.' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class JurisdictionListResponse {
  @ApiProperty({
    type: [JurisdictionResponse],
    maxItems: JURISDICTION_LIMITS.count,
    description: 'Every jurisdiction, by code (one per ISO 3166-1 country at most).',
  })
  items!: JurisdictionResponse[];
}
