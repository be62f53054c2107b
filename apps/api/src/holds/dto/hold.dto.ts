import { HOLD_SCOPES, holdExpiryProblem, type HoldScope } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Check, IsAbsentOrValid, isZonedDateTime, trim } from '../../shared/validation';

export const HOLD_LIMITS = {
  reasonMin: 3,
  reasonMax: 2000,
  documentRefMax: 200,
  /** isZonedDateTime's own bound (nine fraction digits and an offset fit). */
  expiresAtMax: 40,
} as const;

/**
 * Why a hold expiry sent by a client is refused, or null: an ISO 8601
 * date-time with a time zone (a local time would mean different instants to
 * the agency and the members), in the future and at most 6 calendar months
 * from now (holdExpiryProblem, the domain rule).
 */
export function holdExpiryInputProblem(value: unknown, now: Date = new Date()): string | null {
  if (!isZonedDateTime(value)) {
    return 'expiresAt must be an ISO 8601 date-time with a time zone, e.g. 2026-06-30T00:00:00Z';
  }
  return holdExpiryProblem(new Date(value), now);
}

const EXPIRES_AT_LENGTH_MESSAGE = `expiresAt must be an ISO 8601 date-time of at most ${HOLD_LIMITS.expiresAtMax} characters`;

const EXPIRES_AT_DOC = {
  format: 'date-time',
  maxLength: HOLD_LIMITS.expiresAtMax,
  example: '2026-06-30T00:00:00Z',
  description:
    'When the hold lapses: an ISO 8601 date-time with a time zone, in the future and at most 6 calendar months from now (same day of the month, clamped to the month’s last day). Anything else is a 400 naming expiresAt.',
} as const;

/** An agency asks the filing members to hold back (POST /dispatches/:id/holds). */
export class CreateHoldDto {
  @ApiProperty({
    enum: HOLD_SCOPES,
    description:
      '`do_not_terminate`: keep the merchant’s account open; `do_not_contact`: do not alert the merchant; `do_not_share`: do not pass the case on.',
  })
  @IsIn(HOLD_SCOPES, { message: `scope must be one of: ${HOLD_SCOPES.join(', ')}` })
  scope!: HoldScope;

  @ApiProperty({
    minLength: HOLD_LIMITS.reasonMin,
    maxLength: HOLD_LIMITS.reasonMax,
    description: 'Why the agency asks for the hold; shown to the filing members.',
  })
  @Transform(trim)
  @IsString()
  @MinLength(HOLD_LIMITS.reasonMin)
  @MaxLength(HOLD_LIMITS.reasonMax)
  reason!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: HOLD_LIMITS.documentRefMax,
    example: 'MCU/2026/0142',
    description:
      'The agency’s reference of the document authorising the hold. Seen by the agency and coordinators, not by members.',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(HOLD_LIMITS.documentRefMax)
  documentRef!: string;

  @ApiProperty(EXPIRES_AT_DOC)
  @MaxLength(HOLD_LIMITS.expiresAtMax, { message: EXPIRES_AT_LENGTH_MESSAGE })
  @Check('isHoldExpiry', (value) => holdExpiryInputProblem(value), false)
  expiresAt!: string;
}

export class RenewHoldDto {
  @ApiProperty(EXPIRES_AT_DOC)
  @MaxLength(HOLD_LIMITS.expiresAtMax, { message: EXPIRES_AT_LENGTH_MESSAGE })
  @Check('isHoldExpiry', (value) => holdExpiryInputProblem(value), false)
  expiresAt!: string;
}

export class ReleaseHoldDto {
  @ApiPropertyOptional({
    minLength: HOLD_LIMITS.reasonMin,
    maxLength: HOLD_LIMITS.reasonMax,
    description: 'Why the hold is lifted early; kept in the audit trail.',
  })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(HOLD_LIMITS.reasonMin)
  @MaxLength(HOLD_LIMITS.reasonMax)
  reason?: string;
}
