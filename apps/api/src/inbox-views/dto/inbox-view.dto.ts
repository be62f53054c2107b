import { CASE_STATUSES } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** The most views one person keeps. */
export const INBOX_VIEWS_MAX = 50;
export const INBOX_VIEW_NAME_MAX = 80;
const STATUS_FILTERS = [...CASE_STATUSES, 'all'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const ASSIGNEE =
  /^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The inbox's filter set, as its address carries it. Absent fields: no filter. */
export class InboxViewFiltersDto {
  @ApiPropertyOptional({
    enum: STATUS_FILTERS,
    description: 'One case status, or `all`; left out: every open status.',
  })
  @IsOptional()
  @IsIn(STATUS_FILTERS, { message: 'status must be a case status or all' })
  status?: string;

  @ApiPropertyOptional({
    maxLength: 36,
    pattern: ASSIGNEE.source,
    description: '`me`, `none` (unassigned) or a coordinator’s user id; left out: anyone.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Matches(ASSIGNEE, { message: 'assignee must be a user id, "me" or "none"' })
  assignee?: string;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES, { message: 'priority must be P1, P2, P3 or P4' })
  priority?: string;

  @ApiPropertyOptional({ description: 'Only cases with a breached SLA clock.' })
  @IsOptional()
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}

export class CreateInboxViewDto {
  @ApiProperty({ minLength: 1, maxLength: INBOX_VIEW_NAME_MAX, example: 'My overdue P1s' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(INBOX_VIEW_NAME_MAX, {
    message: `name must be at most ${INBOX_VIEW_NAME_MAX} characters`,
  })
  name!: string;

  @ApiProperty({ type: () => InboxViewFiltersDto })
  @IsObject({ message: 'filters must be an object' })
  @ValidateNested()
  @Type(() => InboxViewFiltersDto)
  filters!: InboxViewFiltersDto;
}

export class UpdateInboxViewDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: INBOX_VIEW_NAME_MAX })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(INBOX_VIEW_NAME_MAX, {
    message: `name must be at most ${INBOX_VIEW_NAME_MAX} characters`,
  })
  name?: string;

  @ApiPropertyOptional({ type: () => InboxViewFiltersDto })
  @IsOptional()
  @IsObject({ message: 'filters must be an object' })
  @ValidateNested()
  @Type(() => InboxViewFiltersDto)
  filters?: InboxViewFiltersDto;
}

export class InboxViewFiltersResponse {
  @ApiProperty({ enum: STATUS_FILTERS, nullable: true, type: String }) status!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 36, pattern: ASSIGNEE.source })
  assignee!: string | null;
  @ApiProperty({ enum: PRIORITIES, nullable: true, type: String }) priority!: string | null;
  @ApiProperty() overdue!: boolean;
}

export class InboxViewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: INBOX_VIEW_NAME_MAX }) name!: string;
  @ApiProperty({ type: () => InboxViewFiltersResponse }) filters!: InboxViewFiltersResponse;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class InboxViewListResponse {
  @ApiProperty({ type: () => [InboxViewResponse], maxItems: INBOX_VIEWS_MAX })
  items!: InboxViewResponse[];
}
