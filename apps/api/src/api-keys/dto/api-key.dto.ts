import { API_KEY_MARKER, API_KEY_SCOPES, type ApiKeyScope } from '@app/auth';
import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
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

export const API_KEY_NAME_MAX_LENGTH = 100;
/** The longest date-time isZonedDateTime accepts. */
const EXPIRY_MAX_LENGTH = 40;
/** `crh_` and the 12 hex digits of the public lookup prefix. */
const PREFIX_PATTERN = `^${API_KEY_MARKER}[0-9a-f]{12}$`;
const PREFIX_LENGTH = API_KEY_MARKER.length + 12;
/** `crh_<prefix>_<secret>`: the marker, 12 hex digits, an underscore, 64 hex digits. */
const KEY_PATTERN = `^${API_KEY_MARKER}[0-9a-f]{12}_[0-9a-f]{64}$`;
const KEY_LENGTH = PREFIX_LENGTH + 1 + 64;

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
    description: 'What the key is for, so an admin can tell keys apart (not secret).',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(API_KEY_NAME_MAX_LENGTH)
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
  @MaxLength(EXPIRY_MAX_LENGTH)
  @Check('isApiKeyExpiry', (value) => apiKeyExpiryProblem(value))
  expiresAt?: string;
}

export class ListApiKeysQueryDto extends PageQueryDto {}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ maxLength: API_KEY_NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({
    example: 'crh_3f9a1c07b2de',
    description: 'The public start of the key, to recognise it; never the secret part.',
    minLength: PREFIX_LENGTH,
    maxLength: PREFIX_LENGTH,
    pattern: PREFIX_PATTERN,
  })
  prefix!: string;
  @ApiProperty({
    enum: API_KEY_SCOPES,
    isArray: true,
    minItems: 1,
    maxItems: API_KEY_SCOPES.length,
    uniqueItems: true,
  })
  scopes!: ApiKeyScope[];
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
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the key stops working by itself; null: never.',
  })
  expiresAt!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the key was revoked; null while it is not.',
  })
  revokedAt!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!:
    'active' | 'expired' | 'revoked';
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'crh_3f9a1c07b2de_5d1e0c6f5b9a4e8d2c7f1a3b6e9d0c4f8a2b5e7d1c3f6a9b0e4d8c2f5a7b1e3d',
    description:
      'The key itself. Shown only in this answer and stored only as a hash: keep it in a secret store now.',
    minLength: KEY_LENGTH,
    maxLength: KEY_LENGTH,
    pattern: KEY_PATTERN,
  })
  key!: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ type: [ApiKeyResponse], maxItems: MAX_PAGE_SIZE, description: 'At most `limit`.' })
  items!: ApiKeyResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
