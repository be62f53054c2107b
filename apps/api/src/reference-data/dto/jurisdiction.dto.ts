import type { CriterionValue } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Check, IsAbsentOrValid, dateProblem, trim, upper } from '../../shared/validation';

export const CRITERION_VALUES = ['yes', 'no', 'unknown'] as const;

/** The five criteria of the model-legislation review, by wire name. */
export const CRITERIA_FIELDS = [
  'csamSpecificLaw',
  'csamDefined',
  'technologyFacilitatedOffences',
  'simplePossessionCriminalised',
  'ispReportingRequired',
] as const;

const CRITERION_MESSAGE = { message: "$property must be 'yes', 'no' or 'unknown'" };
const CODE_MESSAGE = { message: 'code must be an ISO 3166-1 alpha-2 code such as GB' };

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
  @IsISO31661Alpha2(CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'United Kingdom', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
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
    maxLength: 200,
    description: 'Which edition of the legislation review the criteria come from.',
    example: 'Model legislation review, 10th edition',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  sourceEdition?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'When an administrator last checked the criteria (YYYY-MM-DD, not in the future).',
  })
  @IsOptional()
  @IsReviewDate()
  reviewedOn?: string | null;

  @ApiPropertyOptional({ default: false, description: 'A national hotline exists.' })
  @IsAbsentOrValid()
  @IsBoolean()
  hotline?: boolean;
}

/** Every field may change except the code (the key other records refer to). */
export class UpdateJurisdictionDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
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
    maxLength: 200,
    description: 'null clears it.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  sourceEdition?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'null clears it.',
  })
  @IsOptional()
  @IsReviewDate()
  reviewedOn?: string | null;

  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @IsBoolean()
  hotline?: boolean;
}

export class JurisdictionResponse {
  @ApiProperty({ example: 'GB' }) code!: string;
  @ApiProperty() name!: string;
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
  @ApiProperty({ type: String, nullable: true }) sourceEdition!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) reviewedOn!: string | null;
  @ApiProperty() hotline!: boolean;
  @ApiProperty({ description: 'Demo data from the seed: not a legal assessment.' })
  isDemo!: boolean;
  @ApiProperty({ description: 'Incremented by every change.' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class JurisdictionListResponse {
  @ApiProperty({ type: [JurisdictionResponse], description: 'Every jurisdiction, by code.' })
  items!: JurisdictionResponse[];
}
