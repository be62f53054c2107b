import { applyDecorators } from '@nestjs/common';
import { PageQueryDto } from '@app/common';
import {
  CASE_STATUSES,
  DEFAULT_PAP,
  NAMED_LIAISONS_MAX,
  PAP_MARKINGS,
  PRIORITIES,
  TLP_MARKINGS,
} from '@app/domain';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../shared/validation';

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    : value;

/** Longest free text a coordinator writes in one go (notes, questions, reasons). */
export const CASE_TEXT_MAX = 4000;

/** Most agencies one routing proposal may name. */
export const PROPOSED_AGENCIES_MAX = 20;

/** `me`, `none` or a user id (a UUID, 36 characters). */
const ASSIGNEE_FILTER_MAX = 36;

/** A written reason, comment or outcome: trimmed, 3 to 4000 characters. */
const Reason = () =>
  applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(3, { message: '$property must be at least 3 characters long' }),
    MaxLength(CASE_TEXT_MAX),
  );

export class ListCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'One status or a comma-separated list (e.g. `triage,in_review`).',
    enum: CASE_STATUSES,
    isArray: true,
    maxItems: CASE_STATUSES.length,
    // Comma-separated in one parameter: `status=triage,in_review`.
    style: 'form',
    explode: false,
    example: ['triage', 'in_review'],
  } as ApiPropertyOptions)
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(CASE_STATUSES.length)
  @IsIn(CASE_STATUSES, { each: true, message: `status must be among ${CASE_STATUSES.join(', ')}` })
  status?: string[];

  @ApiPropertyOptional({
    description: 'A coordinator id, `me` for your own cases, or `none` for unassigned ones.',
    example: 'me',
  })
  @IsOptional()
  @MaxLength(ASSIGNEE_FILTER_MAX)
  // `me` and `none` in lower case only: anything else must be a user id.
  @Matches(
    /^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
    {
      message: 'assignee must be a user id, "me" or "none"',
    },
  )
  assignee?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, description: 'Only cases of this priority.' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string;

  @ApiPropertyOptional({
    description: 'true: only cases with a breached SLA clock; false: only cases without.',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';
}

export class AssignCaseDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The coordinator or lead to assign; left out, the case is assigned to you.',
  })
  @ValidateIf((_o: object, v: unknown) => v !== undefined)
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;
}

export class AddNoteDto {
  @ApiProperty({ minLength: 1, maxLength: CASE_TEXT_MAX, description: 'Coordinator-internal.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(CASE_TEXT_MAX)
  body!: string;
}

export class CreateInfoRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A referral of this case; its filer is asked.' })
  @IsUUID('all', { message: 'referralId must be a UUID' })
  referralId!: string;

  @ApiProperty({ minLength: 3, maxLength: CASE_TEXT_MAX })
  @Reason()
  question!: string;
}

export class LinkReferralDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A referral suggested for this case (or on another open case) to move here.',
  })
  @IsUUID('all', { message: 'referralId must be a UUID' })
  referralId!: string;
}

export class MergeCaseDto {
  @ApiProperty({ format: 'uuid', description: 'The open case that takes over the referrals.' })
  @IsUUID('all', { message: 'intoCaseId must be a UUID' })
  intoCaseId!: string;
}

export class NamedLiaisonsDto {
  @ApiProperty({ format: 'uuid', description: 'One of the proposed `agencyIds`.' })
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: NAMED_LIAISONS_MAX,
    description:
      'Active liaisons of that agency (GET /agencies/{id}/liaisons): the only people of the agency who will read the dispatch.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'liaisonIds must name at least one liaison' })
  @ArrayMaxSize(NAMED_LIAISONS_MAX)
  @IsUUID('all', { each: true, message: 'each liaisonIds entry must be a UUID' })
  liaisonIds!: string[];
}

export class ProposeRoutingDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: `The agencies to route to (at least one, at most ${PROPOSED_AGENCIES_MAX}, no repeats).`,
  })
  @IsArray()
  @ArrayMaxSize(PROPOSED_AGENCIES_MAX)
  @IsUUID('all', { each: true, message: 'each agencyIds entry must be a UUID' })
  agencyIds!: string[];

  @ApiProperty({
    enum: TLP_MARKINGS,
    description:
      "Marking of the package sent to agencies (TLP 2.0). At least as strict as the strictest of the case's " +
      'referrals, unless `tlpDowngradeReason` says why a weaker one is needed.',
  })
  @IsIn(TLP_MARKINGS)
  tlp!: string;

  @ApiPropertyOptional({
    minLength: 3,
    maxLength: CASE_TEXT_MAX,
    description:
      "Only with a `tlp` weaker than the strictest marking of the case's referrals, and then required: why the " +
      'agencies may share more than a filer allowed. The approving lead sees it; the proposal and the approval ' +
      'record it in the audit trail.',
  })
  @IsOptional()
  @Reason()
  tlpDowngradeReason?: string;

  @ApiPropertyOptional({
    enum: PAP_MARKINGS,
    default: DEFAULT_PAP,
    description:
      'Permissible Actions Protocol: what the agencies may do with the package (CLEAR anything, GREEN active ' +
      'actions such as blocking, AMBER passive checks only, RED nothing the merchant could detect). ' +
      `${DEFAULT_PAP} when left out.`,
  })
  @IsOptional()
  @IsIn(PAP_MARKINGS)
  pap?: string;

  @ApiPropertyOptional({
    type: () => [NamedLiaisonsDto],
    maxItems: PROPOSED_AGENCIES_MAX,
    description:
      'Required with a RED or AMBER+STRICT `tlp`, and only then: for every proposed agency, the liaisons its ' +
      'dispatch goes to. Only they (and coalition staff) can list, read or act on it; webhooks carry a notice ' +
      'without the package. Each must be an active liaison of that agency.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PROPOSED_AGENCIES_MAX)
  @ValidateNested({ each: true })
  @Type(() => NamedLiaisonsDto)
  namedLiaisons?: NamedLiaisonsDto[];

  @ApiProperty({ minLength: 3, maxLength: CASE_TEXT_MAX, description: 'Why this routing.' })
  @Reason()
  rationale!: string;
}

export class SendBackDto {
  @ApiProperty({ minLength: 3, maxLength: CASE_TEXT_MAX })
  @Reason()
  comment!: string;
}

export class RejectCaseDto {
  @ApiProperty({
    minLength: 3,
    maxLength: CASE_TEXT_MAX,
    description: 'Filers are told "declined".',
  })
  @Reason()
  reason!: string;
}

export class CloseCaseDto {
  @ApiProperty({ minLength: 3, maxLength: CASE_TEXT_MAX, description: 'What came of the case.' })
  @Reason()
  outcome!: string;
}

export class ReopenCaseDto {
  @ApiProperty({ minLength: 3, maxLength: CASE_TEXT_MAX })
  @Reason()
  reason!: string;
}

export class ListAlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true (default): alerts nobody has acknowledged yet; false: all.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'uuid', description: 'Only alerts about this case.' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;
}

export class AnswerInfoRequestDto {
  @ApiProperty({ minLength: 1, maxLength: CASE_TEXT_MAX })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'answer must not be empty' })
  @MaxLength(CASE_TEXT_MAX)
  answer!: string;
}
