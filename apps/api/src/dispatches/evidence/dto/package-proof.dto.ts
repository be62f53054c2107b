import { PACKAGE_PROOF_SCHEMA } from '@app/audit';
import { ApiProperty, OmitType, PickType } from '@nestjs/swagger';
import { AuditCheckpointResponse } from '../../../audit/dto/audit-chain.dto';
import { AuditEventResponse } from '../../../audit/dto/audit.dto';

const SHA256_HEX = { minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' } as const;
const INT64 = { type: 'integer', format: 'int64', maximum: Number.MAX_SAFE_INTEGER } as const;

/** The dispatch's audit event, every field its chain hash covers, and its details. */
export class ProofEventResponse extends PickType(AuditEventResponse, [
  'occurredAt',
  'actorUserId',
  'actorOrganizationId',
  'actorRole',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'requestId',
  'ip',
  'details',
  'detailsDigest',
] as const) {
  @ApiProperty({ ...INT64, minimum: 1, description: 'Chain position of the event.' }) seq!: number;
  @ApiProperty({ ...SHA256_HEX, description: 'The chain hash before it (hex).' }) prevHash!: string;
  @ApiProperty({ ...SHA256_HEX, description: 'The chain hash at it (hex).' }) hash!: string;
  @ApiProperty({
    enum: [2],
    description: 'Chain format 2: hash = SHA-256(prevHash ‖ SHA-256(canonical projection)).',
  })
  chainFormat!: 2;
}

class ProofDispatchResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 40, example: 'DSP-2026-000007' }) reference!: string;
}

/** The checkpoint, as GET /audit/checkpoints lists it but without the signed text (rebuilt from it). */
class ProofCheckpointResponse extends OmitType(AuditCheckpointResponse, [
  'signedMessage',
] as const) {}

export class PackageProofResponse {
  @ApiProperty({ enum: [PACKAGE_PROOF_SCHEMA] }) schema!: typeof PACKAGE_PROOF_SCHEMA;
  @ApiProperty({ type: () => ProofDispatchResponse }) dispatch!: ProofDispatchResponse;
  @ApiProperty({
    ...SHA256_HEX,
    description:
      "SHA-256 (hex) of the package's canonical JSON (RFC 8785), as recorded at approval.",
  })
  packageDigest!: string;
  @ApiProperty({ type: () => ProofEventResponse }) event!: ProofEventResponse;
  @ApiProperty({
    type: [String],
    maxItems: 1_000_000,
    items: { type: 'string', ...SHA256_HEX },
    description:
      'Projection digests of the chain positions after the event up to and including the ' +
      "checkpoint's, in order: enough to recompute the chain without seeing those events.",
  })
  path!: string[];
  @ApiProperty({ type: () => ProofCheckpointResponse }) checkpoint!: ProofCheckpointResponse;
}
