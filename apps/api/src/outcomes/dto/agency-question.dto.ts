import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_LIMITS } from '../../reference-data/dto/agency.dto';
import { LEGAL_NAME_MAX_LENGTH } from '../../organizations/dto/organization.dto';
import { REFERENCE_MAX_LENGTH } from '../../referrals/dto/referral-limits';
import { trim } from '../../shared/validation';

export const AGENCY_QUESTION_LIMITS = {
  bodyMax: 4000,
  answerMax: 4000,
  /** The most questions one list answers (about one referral or one dispatch), the first asked. */
  listMax: 1000,
} as const;
export const AGENCY_QUESTION_STATUSES = ['open', 'answered'] as const;
export type AgencyQuestionStatus = (typeof AGENCY_QUESTION_STATUSES)[number];

export class AskAgencyQuestionDto {
  @ApiProperty({
    example: 'FCR-2026-000123',
    maxLength: REFERENCE_MAX_LENGTH,
    description:
      "The reference of the referral whose filer is asked, as the dispatch's package lists it.",
  })
  @Transform(trim)
  @IsString()
  @MaxLength(REFERENCE_MAX_LENGTH)
  @Matches(/^FCR-[0-9]{4}-[0-9]{6,10}$/, {
    message: 'referralReference must be a referral reference such as FCR-2026-000123',
  })
  referralReference!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: AGENCY_QUESTION_LIMITS.bodyMax,
    description: 'The question, as the filing member will read it.',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(AGENCY_QUESTION_LIMITS.bodyMax)
  body!: string;
}

export class AnswerAgencyQuestionDto {
  @ApiProperty({ minLength: 1, maxLength: AGENCY_QUESTION_LIMITS.answerMax })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(AGENCY_QUESTION_LIMITS.answerMax)
  answer!: string;
}

export class ListAgencyQuestionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGENCY_QUESTION_STATUSES })
  @IsOptional()
  @IsIn(AGENCY_QUESTION_STATUSES, {
    message: `status must be one of: ${AGENCY_QUESTION_STATUSES.join(', ')}`,
  })
  status?: AgencyQuestionStatus;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this dispatch's questions." })
  @IsOptional()
  @IsUUID('all', { message: 'dispatchId must be a UUID' })
  dispatchId?: string;
}

/** What every audience sees of a question. */
class AgencyQuestionBase {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: REFERENCE_MAX_LENGTH, example: 'FCR-2026-000123' })
  referralReference!: string;
  @ApiProperty({ maxLength: AGENCY_QUESTION_LIMITS.bodyMax }) body!: string;
  @ApiProperty({ format: 'date-time' }) askedAt!: string;
  @ApiProperty({ enum: AGENCY_QUESTION_STATUSES }) status!: AgencyQuestionStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: AGENCY_QUESTION_LIMITS.answerMax,
    description: 'Null until answered.',
  })
  answer!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt!: string | null;
}

/** A question as the filing member sees it: which agency asks, never which dispatch or liaison. */
export class MemberAgencyQuestionResponse extends AgencyQuestionBase {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ maxLength: AGENCY_LIMITS.name, description: 'The agency that asks.' })
  agency!: string;
}

export class MemberAgencyQuestionListResponse {
  @ApiProperty({
    type: [MemberAgencyQuestionResponse],
    maxItems: AGENCY_QUESTION_LIMITS.listMax,
    description: 'Oldest first, at most 1,000.',
  })
  items!: MemberAgencyQuestionResponse[];
}

/**
 * A question as the asking agency sees it: the answer is attributed to
 * "coalition member" unless the filing member opted in to be named. No
 * organization id, ever.
 */
export class LiaisonAgencyQuestionResponse extends AgencyQuestionBase {
  @ApiProperty({ format: 'uuid' }) dispatchId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: LEGAL_NAME_MAX_LENGTH,
    description:
      'Who answered: "coalition member", or the member\'s name if it opted in to be named in dispatches; null until answered.',
  })
  answeredBy!: string | null;
}

export class LiaisonAgencyQuestionListResponse {
  @ApiProperty({
    type: [LiaisonAgencyQuestionResponse],
    maxItems: AGENCY_QUESTION_LIMITS.listMax,
    description: 'Oldest first, at most 1,000.',
  })
  items!: LiaisonAgencyQuestionResponse[];
}

/** A question as coordinators see it: both sides, named. */
export class CoordinatorAgencyQuestionResponse extends AgencyQuestionBase {
  @ApiProperty({ format: 'uuid' }) dispatchId!: string;
  @ApiProperty({ example: 'DSP-2026-000042', maxLength: REFERENCE_MAX_LENGTH })
  dispatchReference!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ maxLength: AGENCY_LIMITS.name }) agency!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid', description: 'The filing organization.' })
  organizationId!: string;
  @ApiProperty({ maxLength: LEGAL_NAME_MAX_LENGTH }) organizationName!: string;
  @ApiProperty({
    description: 'Whether the filing organization opted in to be named to agencies.',
  })
  namedInDispatches!: boolean;
  @ApiProperty({ format: 'uuid', description: 'The liaison who asked.' }) askedBy!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The member user who answered.',
  })
  answeredBy!: string | null;
}

export class CoordinatorAgencyQuestionPageResponse {
  @ApiProperty({
    type: [CoordinatorAgencyQuestionResponse],
    maxItems: MAX_PAGE_SIZE,
    description: 'Oldest first, at most `limit`.',
  })
  items!: CoordinatorAgencyQuestionResponse[];
  @ApiProperty({ type: String, nullable: true, maxLength: MAX_CURSOR_LENGTH })
  nextCursor!: string | null;
}
