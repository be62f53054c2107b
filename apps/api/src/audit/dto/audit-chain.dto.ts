import { VERIFY_MODES, checkpointMessage, type VerifyMode } from '@app/audit';
import { MAX_PAGE_SIZE } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { INT64, SHA256_HEX, nextCursor, nullableUuid } from './audit.dto';

/** The chain's shapes: signed checkpoints and verification reports. */
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
