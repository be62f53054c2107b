import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
import { ROLES, type Role } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { API_KEY_NAME_MAX_LENGTH } from '../../api-keys/dto/api-key.dto';
import { LEGAL_NAME_MAX_LENGTH } from '../../organizations/dto/organization.dto';
import { DISPLAY_NAME_MAX_LENGTH } from '../../users/dto/user.dto';

const TIME_DESCRIPTION = 'ISO 8601 date-time (UTC unless an offset is given).';
/** The filters' bounds; every recorded value fits them (actions and types are the code's own). */
export const AUDIT_TARGET_TYPE_MAX_LENGTH = 64;
export const AUDIT_TARGET_ID_MAX_LENGTH = 200;
export const AUDIT_ACTION_MAX_LENGTH = 100;
/** A dotted verb, e.g. `case.approve`: what the filter takes and every recorded action is. */
const AUDIT_ACTION_PATTERN = /^[a-z0-9_.-]+$/;
/** An event's time as the chain hashes it: 2026-12-07T02:41:07.123456Z */
const OCCURRED_AT_LENGTH = 27;
/** The longest time a filter takes (a date-time with nanoseconds and an offset is 35). */
const TIME_MAX_LENGTH = 40;
/** An IPv6 address in its longest spelling (45) with a zone id (`%` and an interface name). */
const IP_MAX_LENGTH = 64;
/** A chain position or a count of events: a bigint in the database, a safe integer here. */
export const INT64 = {
  type: 'integer',
  format: 'int64',
  maximum: Number.MAX_SAFE_INTEGER,
} as const;
/** A SHA-256 in hex. */
export const SHA256_HEX = { minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' } as const;

export class ListAuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'case',
    description: 'Only events about records of this type (`case`, `user`, `route`…).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(AUDIT_TARGET_TYPE_MAX_LENGTH)
  targetType?: string;

  @ApiPropertyOptional({
    description: 'Only events about this record (its id, or the route of a refusal).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(AUDIT_TARGET_ID_MAX_LENGTH)
  targetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of this acting user.' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'dispatch.accept', description: 'Only events of this action.' })
  @IsOptional()
  @IsString()
  @MaxLength(AUDIT_ACTION_MAX_LENGTH)
  @Matches(AUDIT_ACTION_PATTERN, { message: 'action must be a dotted verb such as case.approve' })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Inclusive. ${TIME_DESCRIPTION}` })
  @IsOptional()
  @MaxLength(TIME_MAX_LENGTH)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Exclusive. ${TIME_DESCRIPTION}` })
  @IsOptional()
  @MaxLength(TIME_MAX_LENGTH)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

export class ExportAuditQueryDto {
  @ApiProperty({ format: 'date-time', description: `Inclusive. ${TIME_DESCRIPTION}` })
  @MaxLength(TIME_MAX_LENGTH)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: `Exclusive. ${TIME_DESCRIPTION}` })
  @MaxLength(TIME_MAX_LENGTH)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to!: string;
}

export const nullableUuid = { type: String, format: 'uuid', nullable: true } as const;

export class AuditEventResponse {
  @ApiProperty({
    description: 'Insertion id (a decimal string).',
    maxLength: 19,
    pattern: '^[0-9]{1,19}$',
  })
  id!: string;
  @ApiProperty({
    description: 'UTC, microseconds: exactly the text the chain hash covers.',
    format: 'date-time',
    maxLength: OCCURRED_AT_LENGTH,
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$',
    example: '2026-12-07T02:41:07.123456Z',
  })
  occurredAt!: string;
  @ApiProperty({ ...nullableUuid, description: 'The acting user; null for the system.' })
  actorUserId!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description: "The acting user's organization; null for the system.",
  })
  actorOrganizationId!: string | null;
  @ApiProperty({
    enum: ROLES,
    type: String,
    nullable: true,
    description: "The acting user's role then; null for the system.",
  })
  actorRole!: Role | null;
  @ApiProperty({
    maxLength: AUDIT_ACTION_MAX_LENGTH,
    pattern: AUDIT_ACTION_PATTERN.source,
    example: 'case.approve',
  })
  action!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: AUDIT_TARGET_TYPE_MAX_LENGTH,
    description: 'The kind of record acted on; null when the event concerns none.',
  })
  targetType!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: AUDIT_TARGET_ID_MAX_LENGTH,
    description: 'The record acted on (an id, or the route of a refusal); null when none.',
  })
  targetId!: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: string;
  @ApiProperty({
    ...nullableUuid,
    description: "The API's own id of the request; null for work outside a request.",
  })
  requestId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: IP_MAX_LENGTH,
    description: 'The client address as the API saw it; null outside a request.',
  })
  ip!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What happened, without sensitive values.',
  })
  details!: Record<string, unknown>;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical JSON of details.', ...SHA256_HEX })
  detailsDigest!: string;
  @ApiProperty({
    ...INT64,
    nullable: true,
    minimum: 1,
    description: 'Chain position; null until sealed.',
  })
  chainSeq!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    ...SHA256_HEX,
    description: 'The chain hash before this event (hex); null until sealed.',
  })
  prevHash!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    ...SHA256_HEX,
    description: 'The chain hash at this event (hex); null until sealed.',
  })
  hash!: string | null;
  @ApiProperty({
    enum: [1, 2],
    description:
      'How the event is linked: 1 hashes the projection, 2 its SHA-256 (docs/audit.md, "Chain format 2").',
  })
  chainFormat!: 1 | 2;
}

/** An event as the trail lists it: the event, and who its ids name today. */
export class AuditEventListItemResponse extends AuditEventResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: Math.max(DISPLAY_NAME_MAX_LENGTH, API_KEY_NAME_MAX_LENGTH),
    description:
      "Who acted, by name: the API key's name when a member system acted with a key (`details.apiKeyId`), " +
      "else the user's display name (as it is now, not part of the hashed event); null for the system.",
  })
  actorName!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: LEGAL_NAME_MAX_LENGTH,
    description:
      "The acting organization's legal name (as it is now, not part of the hashed event); null for the system.",
  })
  organizationName!: string | null;
}

export const nextCursor = {
  type: String,
  nullable: true,
  maxLength: MAX_CURSOR_LENGTH,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Pass as `cursor` for the next page; null on the last page.',
} as const;

export class AuditEventPageResponse {
  @ApiProperty({
    type: () => [AuditEventListItemResponse],
    maxItems: MAX_PAGE_SIZE,
    description: 'At most `limit`.',
  })
  items!: AuditEventListItemResponse[];
  @ApiProperty(nextCursor) nextCursor!: string | null;
}
