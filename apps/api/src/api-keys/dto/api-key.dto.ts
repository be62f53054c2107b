import { API_KEY_SCOPES, type ApiKeyScope } from '@app/auth';
import { PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Check, IsAbsentOrValid, isZonedDateTime, trim } from '../../shared/validation';

/** Why a key's expiry is refused, or null: a zoned ISO 8601 date-time in the future. */
export function apiKeyExpiryProblem(value: unknown, now: Date = new Date()): string | null {
  if (!isZonedDateTime(value)) {
    return 'must be an ISO 8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z';
  }
  return Date.parse(value) <= now.getTime() ? 'must be in the future' : null;
}

export class CreateApiKeyDto {
  @ApiProperty({
    example: 'Case management system (production)',
    minLength: 1,
    maxLength: 100,
    description: 'What the key is for, so an admin can tell keys apart (not secret).',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    enum: API_KEY_SCOPES,
    isArray: true,
    example: ['referrals:write'],
    description:
      'What the key may do: `referrals:write` files, edits and submits referrals; ' +
      "`referrals:read` reads the organization's referrals. At least one.",
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @ArrayUnique({ message: 'scopes must not name the same scope twice' })
  @IsIn(API_KEY_SCOPES, {
    each: true,
    message: `each of scopes must be one of: ${API_KEY_SCOPES.join(', ')}`,
  })
  scopes!: ApiKeyScope[];

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2027-01-31T00:00:00Z',
    description:
      'When the key stops working by itself (zoned ISO 8601, in the future). Left out: never.',
  })
  @IsAbsentOrValid()
  @Check('isApiKeyExpiry', (value) => apiKeyExpiryProblem(value))
  expiresAt?: string;
}

export class ListApiKeysQueryDto extends PageQueryDto {}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    example: 'crh_3f9a1c07b2de_…',
    description: 'The public start of the key, to recognise it; never the secret part.',
  })
  prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty({ format: 'uuid', description: 'The member admin who created it.' })
  createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Last successful use, to the minute (recorded at most once a minute).',
  })
  lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!:
    'active' | 'expired' | 'revoked';
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'crh_3f9a1c07b2de_5d1e…',
    description:
      'The key itself. Shown only in this answer and stored only as a hash: keep it in a secret store now.',
  })
  key!: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ type: [ApiKeyResponse] }) items!: ApiKeyResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
