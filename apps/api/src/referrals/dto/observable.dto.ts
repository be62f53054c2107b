import {
  HASH_ALGORITHMS,
  IP_EVENTS,
  maskedCardProblem,
  MASKED_CARD_EXAMPLE,
  OBSERVABLE_TYPES,
  type HashAlgorithm,
  type IpEvent,
  type ObservableType,
} from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import {
  Check,
  IsAbsentNullOrValid,
  IsReferralDateTime,
  nullToAbsent,
  toUtcDateTime,
} from '../../shared/validation';

export const MAX_OBSERVABLE_VALUE_LENGTH = 2048;

/** Hash algorithms whose value is hexadecimal, with the number of hex digits. */
export const HEX_HASH_LENGTHS: Readonly<Partial<Record<HashAlgorithm, number>>> = {
  md5: 32,
  sha1: 40,
  sha256: 64,
  pdq: 64,
};

function hexLength(algorithm: unknown): number | undefined {
  return typeof algorithm === 'string' ? HEX_HASH_LENGTHS[algorithm as HashAlgorithm] : undefined;
}

/**
 * The rules that tie an observable's value to its type: a `card` is a masked
 * card number (never a full one), a hexadecimal `file_hash` has the length of
 * its algorithm. Other types are only bounded in length.
 */
export function observableValueProblem(
  value: unknown,
  observable: Record<string, unknown>,
): string | null {
  if (typeof value !== 'string') return null; // IsString reports it
  if (observable.type === 'card') return maskedCardProblem(value);
  if (observable.type === 'file_hash') {
    const length = hexLength(observable.algorithm);
    if (length !== undefined && !new RegExp(`^[0-9a-f]{${length}}$`, 'i').test(value)) {
      return `must be ${length} hexadecimal characters for a ${String(observable.algorithm)} hash`;
    }
  }
  return null;
}

/** The decorated field may be sent only when the observable's type is `type`. */
const OnlyForType = (type: ObservableType) =>
  Check(`onlyFor_${type}`, (value, observable) =>
    value !== undefined && value !== null && observable.type !== type
      ? `is only allowed when type is ${type}`
      : null,
  );

/** Trimmed; a hexadecimal hash is lower-cased. */
const normalizeValue = ({ value, obj }: { value: unknown; obj: Record<string, unknown> }) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return obj.type === 'file_hash' && hexLength(obj.algorithm) !== undefined
    ? text.toLowerCase()
    : text;
};

/**
 * One piece of metadata about the merchant's activity (hard rule 1: never the
 * content itself: a URL, a hash, a masked card, never an image or a file).
 */
export class ReferralObservableDto {
  @ApiProperty({ enum: OBSERVABLE_TYPES })
  @IsIn(OBSERVABLE_TYPES)
  type!: ObservableType;

  @ApiProperty({
    minLength: 1,
    maxLength: MAX_OBSERVABLE_VALUE_LENGTH,
    description:
      `Trimmed. For \`card\`: the masked number only, first 6 and last 4 digits (${MASKED_CARD_EXAMPLE}); ` +
      'a full card number is refused. For `file_hash` with md5, sha1, sha256 or pdq: 32, 40, 64 or 64 ' +
      'hexadecimal characters (stored lower case).',
    example: 'https://shop.example/offer',
  })
  @Transform(normalizeValue)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_OBSERVABLE_VALUE_LENGTH)
  @Check('observableValueFitsType', observableValueProblem)
  value!: string;

  @ApiPropertyOptional({
    enum: HASH_ALGORITHMS,
    nullable: true,
    description:
      'Required when type is file_hash; refused for any other type (null: as if left out).',
  })
  @Transform(nullToAbsent)
  @ValidateIf(
    (observable: Record<string, unknown>, value: unknown) =>
      observable.type === 'file_hash' || (value !== undefined && value !== null),
  )
  @IsIn(HASH_ALGORITHMS)
  @OnlyForType('file_hash')
  algorithm?: HashAlgorithm;

  @ApiPropertyOptional({
    nullable: true,
    enum: IP_EVENTS,
    description: 'What happened at the address; only for type ip.',
  })
  @IsAbsentNullOrValid()
  @IsIn(IP_EVENTS)
  @OnlyForType('ip')
  event?: IpEvent;

  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    description:
      'When the member saw it: ISO 8601 with a time zone, not in the future; stored and returned in UTC.',
    example: '2026-01-31T14:05:00Z',
  })
  @IsAbsentNullOrValid()
  @Transform(toUtcDateTime)
  @IsReferralDateTime()
  seenAt?: string;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'Whether anyone at the member viewed the content. Matters legally: in the US, law enforcement ' +
      'may not open a file the provider never viewed without a warrant.',
  })
  @IsAbsentNullOrValid()
  @IsBoolean()
  viewedByReporter?: boolean;

  @ApiPropertyOptional({
    description: 'Whether the content was publicly available.',
    nullable: true,
  })
  @IsAbsentNullOrValid()
  @IsBoolean()
  publiclyAvailable?: boolean;
}
