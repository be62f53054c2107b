// Just over 400 lines: the audit routes' request and response shapes together,
// as the OpenAPI document groups them.
import { VERIFY_MODES, checkpointMessage, type VerifyMode } from '@app/audit';
import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
import { ROLES, type Role } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
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
const INT64 = { type: 'integer', format: 'int64', maximum: Number.MAX_SAFE_INTEGER } as const;
/** A SHA-256 in hex. */
const SHA256_HEX = { minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' } as const;
/** Why verification failed: one sentence of the verifier's own, naming positions. */
const REASON_MAX_LENGTH = 200;
/** The longest text a checkpoint signs: the largest position the API answers, in full. */
const SIGNED_MESSAGE_MAX_LENGTH = checkpointMessage({
  seq: Number.MAX_SAFE_INTEGER,
  hash: '0'.repeat(64),
  signedAt: '0000-00-00T00:00:00.000Z',
}).length;
/** An Ed25519 SubjectPublicKeyInfo in PEM: two armour lines around 60 base-64 characters. */
const ED25519_PEM_LENGTH = 113;
/** An Ed25519 signature (64 bytes) in base-64. */
const ED25519_SIGNATURE_LENGTH = 88;

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

const nullableUuid = { type: String, format: 'uuid', nullable: true } as const;

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

const nextCursor = {
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

export class AuditCheckpointResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ ...INT64, minimum: 1, description: 'Chain position signed.' })
  seq!: number;
  @ApiProperty({ description: 'Chain hash at that position (hex).', ...SHA256_HEX }) hash!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({
    description: 'Ed25519 signature of signedMessage, base64.',
    minLength: ED25519_SIGNATURE_LENGTH,
    maxLength: ED25519_SIGNATURE_LENGTH,
    pattern: '^[A-Za-z0-9+/]+={0,2}$',
  })
  signature!: string;
  @ApiProperty({
    description: 'The exact UTF-8 text signed: canonical JSON of {hash, seq, signedAt}.',
    maxLength: SIGNED_MESSAGE_MAX_LENGTH,
    pattern: '^\\{"hash":"[0-9a-f]{64}","seq":[0-9]+,"signedAt":"[^"]+"\\}$',
  })
  signedMessage!: string;
  @ApiProperty({
    description: 'The signing public key, SubjectPublicKeyInfo PEM.',
    maxLength: ED25519_PEM_LENGTH,
    pattern: '^-----BEGIN PUBLIC KEY-----\\n',
  })
  publicKeyPem!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the DER public key.', ...SHA256_HEX })
  publicKeyFingerprint!: string;
}

export class AuditCheckpointPageResponse {
  @ApiProperty({
    type: () => [AuditCheckpointResponse],
    maxItems: MAX_PAGE_SIZE,
    description: 'At most `limit`.',
  })
  items!: AuditCheckpointResponse[];
  @ApiProperty(nextCursor) nextCursor!: string | null;
}

export class CheckpointRequestResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({
    enum: ['pending'],
    description: 'The worker signs the head within seconds; it then appears in the list.',
  })
  status!: 'pending';
}

export class CheckpointVerificationResponse {
  @ApiProperty({ ...INT64, minimum: 0, description: 'Checkpoints examined.' })
  checked!: number;
  @ApiProperty({
    description:
      "True when every checkpoint's signature holds over the hash recomputed at its position.",
  })
  valid!: boolean;
  @ApiProperty({
    ...nullableUuid,
    description: 'The first failing checkpoint, in chain order; null when all hold.',
  })
  firstInvalidId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REASON_MAX_LENGTH,
    description: 'Why that checkpoint fails; null when all hold.',
  })
  reason!: string | null;
}

export class VerifyAuditQueryDto {
  @ApiPropertyOptional({
    enum: VERIFY_MODES,
    default: 'incremental',
    description:
      '`incremental` (the default) recomputes only the events after the last checkpoint a ' +
      'verification reached, once that checkpoint still holds; `full` recomputes the whole ' +
      'chain from its first event.',
  })
  @IsOptional()
  @IsIn(VERIFY_MODES, { message: 'mode must be full or incremental' })
  mode?: VerifyMode;
}

export class VerificationStartResponse {
  @ApiProperty({
    enum: ['genesis', 'anchor', 'checkpoint'],
    description:
      "Where recomputing started: the chain's first event (`genesis`), a trusted archive " +
      'anchor (`anchor`), or the last verified checkpoint (`checkpoint`).',
  })
  kind!: 'genesis' | 'anchor' | 'checkpoint';
  @ApiProperty({
    ...INT64,
    minimum: 0,
    description: 'The position trusted without recomputing it (0: before the first event).',
  })
  seq!: number;
  @ApiProperty({ ...SHA256_HEX, description: 'The hash at that position.' })
  hash!: string;
  @ApiProperty({
    ...nullableUuid,
    description: 'The verified checkpoint started from; null unless `kind` is `checkpoint`.',
  })
  checkpointId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REASON_MAX_LENGTH,
    description:
      'Why the last verified checkpoint could not be started from (its signature, or the ' +
      'stored hash at its position, no longer holds): the whole chain was recomputed and the ' +
      'verdict is `valid: false`. Null otherwise.',
  })
  rejected!: string | null;
}

export class AuditVerificationResponse {
  @ApiProperty({ enum: VERIFY_MODES, description: 'The mode asked for.' })
  mode!: VerifyMode;
  @ApiProperty({ type: () => VerificationStartResponse })
  start!: VerificationStartResponse;
  @ApiProperty({ description: 'Chain intact and every checkpoint holds.' }) valid!: boolean;
  @ApiProperty({ ...INT64, minimum: 0, description: 'Sealed events recomputed by this run.' })
  checked!: number;
  @ApiProperty({ ...INT64, minimum: 0, description: 'Events written but not chained yet.' })
  pending!: number;
  @ApiProperty({
    ...INT64,
    minimum: 0,
    description: 'The last position read (0 for an empty chain).',
  })
  headSeq!: number;
  @ApiProperty({
    description: 'The stored hash at that position (hex; 64 zeros for an empty chain).',
    maxLength: 64,
    pattern: '^[0-9a-f]*$',
  })
  headHash!: string;
  @ApiProperty({
    ...INT64,
    nullable: true,
    minimum: 1,
    description: 'First position where the chain breaks; null when it is intact.',
  })
  firstBrokenSeq!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REASON_MAX_LENGTH,
    description: 'Why the chain breaks there; null when it is intact.',
  })
  reason!: string | null;
  @ApiProperty({ type: () => CheckpointVerificationResponse })
  checkpoints!: CheckpointVerificationResponse;
  @ApiProperty({
    type: String,
    isArray: true,
    items: { type: 'string', ...SHA256_HEX },
    uniqueItems: true,
    description:
      'Fingerprints (SHA-256 hex) of the keys that signed the checkpoints, each once: one per ' +
      'signing key the trail has had, so the list grows only when the key is rotated.',
  })
  publicKeyFingerprints!: string[];
}
