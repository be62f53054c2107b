import {
  TRANSACTION_DIRECTIONS,
  TRANSACTION_RAILS,
  type TransactionDirection,
  type TransactionRail,
} from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO4217CurrencyCode, MaxLength } from 'class-validator';
import { BoundedText } from './merchant.dto';
import {
  IsAbsentNullOrValid,
  IsReferralAmount,
  IsReferralDate,
  MAX_AMOUNT,
  MAX_AMOUNT_INPUT_LENGTH,
  toCanonicalAmount,
  trim,
  upper,
} from '../../shared/validation';

export const MAX_COUNTERPARTY_LENGTH = 200;

const AMOUNT_DOC: ApiPropertyOptions = {
  oneOf: [
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]{1,2})?$', maxLength: MAX_AMOUNT_INPUT_LENGTH },
    { type: 'number', exclusiveMinimum: true, minimum: 0, maximum: Number(MAX_AMOUNT) },
  ],
  description: `Greater than 0, at most ${MAX_AMOUNT.slice(0, -3)}, at most 2 decimals; a decimal string (preferred) or a JSON number. Converted to the canonical string with 2 decimals ('1250' becomes '1250.00').`,
  example: '1250.00',
};

const CURRENCY_DOC = {
  description: 'ISO 4217 alphabetic code (upper-cased).',
  example: 'EUR',
  pattern: '^[A-Z]{3}$',
} as const;

/** ISO 4217 alphabetic codes are three letters. */
const CURRENCY_LENGTH = 3;

/**
 * ISO 4217 alphabetic code, trimmed and upper-cased before the check; its
 * length is also a MaxLength, which the OpenAPI document reads.
 */
const CurrencyCode = () =>
  applyDecorators(
    Transform(upper),
    IsISO4217CurrencyCode({
      message: 'currency must be a three-letter currency code, such as EUR',
    }),
    MaxLength(CURRENCY_LENGTH, {
      message: `currency must be at most ${CURRENCY_LENGTH} characters`,
    }),
  );

/** An amount with its currency; `null` in its place means "unknown". */
export class ReferralAmountDto {
  @ApiProperty(AMOUNT_DOC)
  @Transform(toCanonicalAmount)
  @IsReferralAmount()
  value!: string;

  @ApiProperty(CURRENCY_DOC)
  @CurrencyCode()
  currency!: string;
}

export class ReferralTransactionDto {
  @ApiProperty({
    format: 'date',
    description: 'YYYY-MM-DD, not in the future, from 1900-01-01.',
    example: '2026-01-15',
  })
  @Transform(trim)
  @IsReferralDate()
  date!: string;

  @ApiProperty(AMOUNT_DOC)
  @Transform(toCanonicalAmount)
  @IsReferralAmount()
  amount!: string;

  @ApiProperty(CURRENCY_DOC)
  @CurrencyCode()
  currency!: string;

  @ApiProperty({ enum: TRANSACTION_RAILS })
  @IsIn(TRANSACTION_RAILS)
  rail!: TransactionRail;

  @ApiProperty({ enum: TRANSACTION_DIRECTIONS })
  @IsIn(TRANSACTION_DIRECTIONS)
  direction!: TransactionDirection;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Counterparty descriptor as it appears in the transaction.',
    maxLength: MAX_COUNTERPARTY_LENGTH,
  })
  @IsAbsentNullOrValid()
  @BoundedText(1, MAX_COUNTERPARTY_LENGTH)
  counterparty?: string;
}
