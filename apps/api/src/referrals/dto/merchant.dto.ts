import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO31661Alpha2,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  EachString,
  emailProblem,
  IsAbsentNullOrValid,
  IsAbsentOrValid,
  IsReferralDate,
  NoListItems,
  phoneProblem,
  trim,
  toWebsites,
  trimEach,
  upperEach,
  upper,
  websiteProblem,
} from '../../shared/validation';
import { MERCHANT_LIMITS } from './referral-limits';

export { MERCHANT_LIMITS };

const COUNTRY_MESSAGE = (property: string) =>
  `${property} must be a two-letter country code, such as GB`;

/** ISO 3166-1 alpha-2: two letters. */
export const COUNTRY_LENGTH = 2;
const COUNTRY_TOO_LONG = `$property must be at most ${COUNTRY_LENGTH} characters`;

/**
 * ISO 3166-1 alpha-2, trimmed and upper-cased before the check; its length is
 * also a MaxLength, which the OpenAPI document reads.
 */
export const CountryCode = (property: string) =>
  applyDecorators(
    Transform(upper),
    IsISO31661Alpha2({ message: COUNTRY_MESSAGE(property) }),
    MaxLength(COUNTRY_LENGTH, { message: COUNTRY_TOO_LONG }),
  );

/**
 * May be left out or sent as null (both checked by nothing else); any other
 * value must pass the rules. For sealed fields, where null means "clear it".
 */
const IsAbsentOrNull = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

/** A trimmed string of `min`..`max` characters. */
export const BoundedText = (min: number, max: number) =>
  applyDecorators(Transform(trim), IsString(), MinLength(min), MaxLength(max));

/** A list of at most `maxItems` trimmed strings, each 1..`maxLength` characters. */
const TextList = (maxItems: number, maxLength: number) =>
  applyDecorators(
    IsAbsentOrValid(),
    Transform(trimEach),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(maxLength, { each: true }),
  );

const LIST_DEFAULT = 'Left out: an empty list.';

/**
 * A code of digits: its pattern states the digits and their number; its
 * longest length is also a MaxLength (which the OpenAPI document reads), and a
 * value over it is told so besides.
 */
const DigitCode = (property: string, pattern: RegExp, expected: string, maxLength: number) =>
  applyDecorators(
    Transform(trim),
    Matches(pattern, { message: `${property} must be ${expected}` }),
    MaxLength(maxLength, { message: `${property} must be at most ${maxLength} characters` }),
    IsString(),
  );

/**
 * The length bound of every item of a list of strings checked by EachString
 * (whose message names the bad items by index), stated as a MaxLength.
 */
const EachAtMost = (maxLength: number, list: string) =>
  MaxLength(maxLength, {
    each: true,
    message: `each ${list} entry must be at most ${maxLength} characters`,
  });

export class ReferralAcquirerDto {
  @ApiPropertyOptional({
    nullable: true,
    example: 'Example Acquiring Ltd',
    maxLength: MERCHANT_LIMITS.acquirerName,
  })
  @IsAbsentNullOrValid()
  @BoundedText(1, MERCHANT_LIMITS.acquirerName)
  name?: string;

  @ApiPropertyOptional({
    description: 'ISO 3166-1 alpha-2 (upper-cased)',
    example: 'NL',
    nullable: true,
  })
  @IsAbsentNullOrValid()
  @CountryCode('country')
  country?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: "Acquirer's bank identification number: 6 to 8 digits.",
    example: '412345',
    pattern: '^[0-9]{6,8}$',
  })
  @IsAbsentNullOrValid()
  @DigitCode('bin', /^[0-9]{6,8}$/, '6 to 8 digits', 8)
  bin?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Interbank card association number (ICA): 1 to 11 digits.',
    example: '12345',
    pattern: '^[0-9]{1,11}$',
  })
  @IsAbsentNullOrValid()
  @DigitCode('ica', /^[0-9]{1,11}$/, '1 to 11 digits', 11)
  ica?: string;
}

export class ReferralMerchantIdDto {
  @ApiProperty({
    description: 'Identifier of the acquirer that issued the merchant id (e.g. its BIN or ICA).',
    example: '412345',
    minLength: 1,
    maxLength: MERCHANT_LIMITS.merchantIdPart,
  })
  @BoundedText(1, MERCHANT_LIMITS.merchantIdPart)
  acquirerId!: string;

  @ApiProperty({
    description: 'Merchant id (MID), or a sub-merchant / payment-facilitator id.',
    example: '000123456789',
    minLength: 1,
    maxLength: MERCHANT_LIMITS.merchantIdPart,
  })
  @BoundedText(1, MERCHANT_LIMITS.merchantIdPart)
  mid!: string;
}

export class ReferralPrincipalDto {
  @ApiProperty({ example: 'A. Person', minLength: 1, maxLength: MERCHANT_LIMITS.principalName })
  @BoundedText(1, MERCHANT_LIMITS.principalName)
  name!: string;

  @ApiPropertyOptional({
    description: 'ISO 3166-1 alpha-2 (upper-cased)',
    example: 'GB',
    nullable: true,
  })
  @IsAbsentNullOrValid()
  @CountryCode('countryOfResidence')
  countryOfResidence?: string;

  @ApiPropertyOptional({
    nullable: true,
    format: 'date',
    description: 'YYYY-MM-DD, in the past, from 1900-01-01.',
    example: '1980-04-30',
  })
  @IsAbsentNullOrValid()
  @Transform(trim)
  @IsReferralDate('past')
  dateOfBirth?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Encrypted at rest; responses show it masked. On PATCH, left out keeps the national id stored for the principal of the same name (responses never carry it in clear, so a client editing other fields cannot send it back); `null` clears it.',
    maxLength: MERCHANT_LIMITS.nationalId,
  })
  @IsAbsentOrNull()
  @BoundedText(1, MERCHANT_LIMITS.nationalId)
  nationalId?: string | null;
}

/** The merchant fields whose rules are the same in a draft and in a complete referral. */
abstract class ReferralMerchantFields {
  @ApiPropertyOptional({
    type: [String],
    description: `Trading (DBA) names. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.tradingNames,
    example: ['Example Shop'],
  })
  @TextList(MERCHANT_LIMITS.tradingNames, MERCHANT_LIMITS.tradingName)
  tradingNames?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: `Billing descriptors as they appear on statements. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.descriptors,
    example: ['EXSHOP*DIGITAL 555-0100'],
  })
  @TextList(MERCHANT_LIMITS.descriptors, MERCHANT_LIMITS.descriptor)
  descriptors?: string[];

  @ApiPropertyOptional({
    nullable: true,
    description: 'Merchant category code: 4 digits.',
    example: '5815',
    pattern: '^[0-9]{4}$',
  })
  @IsAbsentNullOrValid()
  @DigitCode('mcc', /^[0-9]{4}$/, '4 digits', 4)
  mcc?: string;

  @ApiPropertyOptional({ type: () => ReferralAcquirerDto, nullable: true })
  @IsAbsentNullOrValid()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralAcquirerDto)
  acquirer?: ReferralAcquirerDto;

  @ApiPropertyOptional({
    type: () => [ReferralMerchantIdDto],
    description: `Card-network identifiers. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.merchantIds,
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMaxSize(MERCHANT_LIMITS.merchantIds)
  @NoListItems()
  @ValidateNested({ each: true })
  @Type(() => ReferralMerchantIdDto)
  merchantIds?: ReferralMerchantIdDto[];

  @ApiPropertyOptional({
    type: [String],
    description: `http or https URLs or bare domain names; other schemes (javascript:, data:...) are refused. An address without a scheme but with a path, port or query (shop.example/offer) is stored with https:// (https://shop.example/offer); a bare domain name is stored as sent. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.websites,
    example: ['https://shop.example/offer', 'mirror.example'],
  })
  @IsAbsentOrValid()
  @Transform(toWebsites)
  @IsArray()
  @ArrayMaxSize(MERCHANT_LIMITS.websites)
  @EachAtMost(MERCHANT_LIMITS.website, 'websites')
  @EachString('isWebsite', websiteProblem)
  websites?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: `Countries where the merchant's websites are hosted, as the filer found them (ISO 3166-1 alpha-2, upper-cased). Used by routing. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.hostingCountries,
    example: ['NL'],
  })
  @IsAbsentOrValid()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(MERCHANT_LIMITS.hostingCountries)
  @MaxLength(COUNTRY_LENGTH, {
    each: true,
    message: `each hostingCountries entry must be at most ${COUNTRY_LENGTH} characters`,
  })
  @IsISO31661Alpha2({ each: true, message: COUNTRY_MESSAGE('each hostingCountries entry') })
  hostingCountries?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: `E-mail addresses. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.emails,
    example: ['sales@shop.example'],
  })
  @IsAbsentOrValid()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MERCHANT_LIMITS.emails)
  @EachAtMost(MERCHANT_LIMITS.email, 'emails')
  @EachString('isEmailAddress', emailProblem)
  emails?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'Phone numbers that exist in their numbering plan (every country): international form ' +
      `(+44 20 7946 0958), or national form read in the merchant's \`country\` (020 7946 0958). No letters or extensions. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.phones,
    example: ['+44 20 7946 0000'],
  })
  @IsAbsentOrValid()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MERCHANT_LIMITS.phones)
  @EachAtMost(MERCHANT_LIMITS.phone, 'phones')
  @EachString('isPhoneNumber', (item, merchant) => phoneProblem(item, merchant.country))
  phones?: string[];

  @ApiPropertyOptional({
    nullable: true,
    description: 'Business registration number.',
    maxLength: MERCHANT_LIMITS.registrationNumber,
  })
  @IsAbsentNullOrValid()
  @BoundedText(1, MERCHANT_LIMITS.registrationNumber)
  registrationNumber?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Tax id. Encrypted at rest; responses show it masked. On PATCH, left out keeps the stored tax id (responses never carry it in clear, so a client editing other merchant fields cannot send it back); `null` clears it.',
    maxLength: MERCHANT_LIMITS.taxId,
  })
  @IsAbsentOrNull()
  @BoundedText(1, MERCHANT_LIMITS.taxId)
  taxId?: string | null;

  @ApiPropertyOptional({
    type: () => [ReferralPrincipalDto],
    description: `Owners, directors or other principals, at most ${MERCHANT_LIMITS.principals}. ${LIST_DEFAULT}`,
    maxItems: MERCHANT_LIMITS.principals,
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMaxSize(MERCHANT_LIMITS.principals)
  @NoListItems()
  @ValidateNested({ each: true })
  @Type(() => ReferralPrincipalDto)
  principals?: ReferralPrincipalDto[];
}

const LEGAL_NAME_DOC = {
  example: 'Example Trading Ltd',
  minLength: 1,
  maxLength: MERCHANT_LIMITS.legalName,
} as const;
const COUNTRY_DOC = {
  description: 'Country of registration, ISO 3166-1 alpha-2 (upper-cased).',
  example: 'GB',
} as const;

/** The merchant of a complete referral: legal name and country are required. */
export class ReferralMerchantDto extends ReferralMerchantFields {
  @ApiProperty(LEGAL_NAME_DOC)
  @BoundedText(1, MERCHANT_LIMITS.legalName)
  legalName!: string;

  @ApiProperty(COUNTRY_DOC)
  @CountryCode('country')
  country!: string;
}

/**
 * The merchant of a draft: legal name and country may still be missing; they
 * are required before the referral is submitted (referralCompletenessProblems).
 */
export class ReferralDraftMerchantDto extends ReferralMerchantFields {
  @ApiPropertyOptional({
    ...LEGAL_NAME_DOC,
    description: 'Required before submitting.',
    nullable: true,
  })
  @IsAbsentNullOrValid()
  @BoundedText(1, MERCHANT_LIMITS.legalName)
  legalName?: string;

  @ApiPropertyOptional({
    nullable: true,
    ...COUNTRY_DOC,
    description: `${COUNTRY_DOC.description} Required before submitting.`,
  })
  @IsAbsentNullOrValid()
  @CountryCode('country')
  country?: string;
}
