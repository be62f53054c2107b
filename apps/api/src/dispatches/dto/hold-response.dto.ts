import { HOLD_SCOPES, HOLD_STATUSES, type HoldScope, type HoldStatus } from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { HOLD_LIMITS } from '../../holds/dto/hold.dto';

/** A PostgreSQL integer column. */
const STORED_INTEGER = { type: 'integer', format: 'int32', maximum: 2_147_483_647 } as const;

/** A hold as its agency and coordinators see it. */
export class HoldResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) dispatchId!: string;
  @ApiProperty({ format: 'uuid', description: 'The agency that placed it.' }) agencyId!: string;
  @ApiProperty({ enum: HOLD_SCOPES }) scope!: HoldScope;
  @ApiProperty({
    maxLength: HOLD_LIMITS.reasonMax,
    description: 'Why the agency asks for the hold.',
  })
  reason!: string;
  @ApiProperty({
    maxLength: HOLD_LIMITS.documentRefMax,
    example: 'MCU/2026/0142',
    description: 'The agency’s reference of the document authorising the hold.',
  })
  documentRef!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({
    enum: HOLD_STATUSES,
    description:
      '`active` until released by the agency or until it lapses at expiresAt (`expired`, set by the SLA job).',
  })
  status!: HoldStatus;
  @ApiProperty({
    ...STORED_INTEGER,
    minimum: 0,
    description: 'How many times the expiry was renewed.',
  })
  renewals!: number;
  @ApiProperty({ format: 'uuid', description: 'The liaison who placed it.' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the agency lifted it; null unless released.',
  })
  releasedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The liaison who lifted it; null unless released.',
  })
  releasedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
