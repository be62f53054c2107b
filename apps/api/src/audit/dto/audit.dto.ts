import { PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const TIME_DESCRIPTION = 'ISO 8601 date-time (UTC unless an offset is given).';

export class ListAuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 64, example: 'case' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetType?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The acting user.' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'dispatch.accept' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z0-9_.-]+$/, { message: 'action must be a dotted verb such as case.approve' })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Inclusive. ${TIME_DESCRIPTION}` })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Exclusive. ${TIME_DESCRIPTION}` })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

export class ExportAuditQueryDto {
  @ApiProperty({ format: 'date-time', description: `Inclusive. ${TIME_DESCRIPTION}` })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: `Exclusive. ${TIME_DESCRIPTION}` })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to!: string;
}

const nullableString = { type: String, nullable: true } as const;

export class AuditEventResponse {
  @ApiProperty({ description: 'Insertion id (a decimal string).' }) id!: string;
  @ApiProperty({ description: 'UTC, microseconds: exactly the text the chain hash covers.' })
  occurredAt!: string;
  @ApiProperty(nullableString) actorUserId!: string | null;
  @ApiProperty(nullableString) actorOrganizationId!: string | null;
  @ApiProperty(nullableString) actorRole!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty(nullableString) targetType!: string | null;
  @ApiProperty(nullableString) targetId!: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: string;
  @ApiProperty(nullableString) requestId!: string | null;
  @ApiProperty(nullableString) ip!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What happened, without sensitive values.',
  })
  details!: Record<string, unknown>;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical JSON of details.' })
  detailsDigest!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Chain position; null until sealed.' })
  chainSeq!: number | null;
  @ApiProperty(nullableString) prevHash!: string | null;
  @ApiProperty(nullableString) hash!: string | null;
}

/** An event as the trail lists it: the event, and who its ids name today. */
export class AuditEventListItemResponse extends AuditEventResponse {
  @ApiProperty({
    ...nullableString,
    description:
      "Who acted, by name: the API key's name when a member system acted with a key (`details.apiKeyId`), " +
      "else the user's display name (as it is now, not part of the hashed event); null for the system.",
  })
  actorName!: string | null;
  @ApiProperty({
    ...nullableString,
    description:
      "The acting organization's legal name (as it is now, not part of the hashed event); null for the system.",
  })
  organizationName!: string | null;
}

export class AuditEventPageResponse {
  @ApiProperty({ type: () => [AuditEventListItemResponse] }) items!: AuditEventListItemResponse[];
  @ApiProperty(nullableString) nextCursor!: string | null;
}

export class AuditCheckpointResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Chain position signed.' }) seq!: number;
  @ApiProperty({ description: 'Chain hash at that position (hex).' }) hash!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'Ed25519 signature of signedMessage, base64.' }) signature!: string;
  @ApiProperty({
    description: 'The exact UTF-8 text signed: canonical JSON of {hash, seq, signedAt}.',
  })
  signedMessage!: string;
  @ApiProperty({ description: 'The signing public key, SubjectPublicKeyInfo PEM.' })
  publicKeyPem!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the DER public key.' })
  publicKeyFingerprint!: string;
}

export class AuditCheckpointPageResponse {
  @ApiProperty({ type: () => [AuditCheckpointResponse] }) items!: AuditCheckpointResponse[];
  @ApiProperty(nullableString) nextCursor!: string | null;
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
  @ApiProperty() checked!: number;
  @ApiProperty() valid!: boolean;
  @ApiPropertyOptional({ format: 'uuid' }) firstInvalidId?: string;
  @ApiPropertyOptional() reason?: string;
}

export class AuditVerificationResponse {
  @ApiProperty({ description: 'Chain intact and every checkpoint holds.' }) valid!: boolean;
  @ApiProperty({ description: 'Sealed events recomputed.' }) checked!: number;
  @ApiProperty({ description: 'Events written but not chained yet.' }) pending!: number;
  @ApiProperty() headSeq!: number;
  @ApiProperty() headHash!: string;
  @ApiPropertyOptional({ description: 'First position where the chain breaks.' })
  firstBrokenSeq?: number;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: () => CheckpointVerificationResponse })
  checkpoints!: CheckpointVerificationResponse;
  @ApiProperty({ type: [String], description: 'Keys that signed the checkpoints.' })
  publicKeyFingerprints!: string[];
}
