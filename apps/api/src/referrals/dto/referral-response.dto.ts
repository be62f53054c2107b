import {
  HASH_ALGORITHMS,
  INDICATOR_CODES,
  IP_EVENTS,
  OBSERVABLE_TYPES,
  PRIORITIES,
  REFERRAL_CATEGORIES,
  REFERRAL_STATUSES,
  TLP_MARKINGS,
  TRANSACTION_DIRECTIONS,
  TRANSACTION_RAILS,
  type HashAlgorithm,
  type IndicatorCode,
  type IpEvent,
  type ObservableType,
  type Priority,
  type ReferralCategory,
  type ReferralStatus,
  type TlpMarking,
  type TransactionDirection,
  type TransactionRail,
} from '@app/domain';
import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';
import { COUNTRY_LENGTH, MERCHANT_LIMITS } from './merchant.dto';
import {
  ReferralAgencyOutcomeResponse,
  ReferralHoldResponse,
} from './referral-agency-response.dto';
import { MAX_OBSERVABLE_VALUE_LENGTH } from './observable.dto';
import {
  AMOUNT_LENGTH,
  BIN_MAX_LENGTH,
  CURRENCY_LENGTH,
  ICA_MAX_LENGTH,
  MCC_LENGTH,
  REFERENCE_MAX_LENGTH,
  REFERRAL_LIMITS,
} from './referral-limits';
import { MAX_COUNTERPARTY_LENGTH } from './transaction.dto';

/**
 * What a referral looks like in responses. Every field is always present,
 * null when not known (or, for a draft, not filled in yet); lists are never
 * null. Need to know (hard rule 2): no case id and no other organisation's
 * identity ever appears here; the only trace of other members is the blinded
 * count `otherMembersFlagging`.
 */

/** How masked identifiers look (the masking itself is done when the response is built). */
const MASK = '••••';

const MASKED_DOC = (maxLength: number) =>
  ({
    type: String,
    nullable: true,
    maxLength,
    description: `Masked: \`${MASK} 1234\` (a hint of the last characters) or \`${MASK}\` alone for a short value; never the value itself. Null when none is stored. Only GET /referrals/{id}?reveal=sensitive answers it in clear (coordinators; audited).`,
    example: `${MASK} 1234`,
  }) as const;

/** A list of strings of at most `maxLength` characters each, at most `maxItems` of them. */
const STRING_LIST = (maxItems: number, maxLength: number, description?: string) =>
  ({
    type: 'array',
    items: { type: 'string', maxLength },
    maxItems,
    ...(description ? { description } : {}),
  }) as const;

const COUNTRY_DOC = {
  minLength: COUNTRY_LENGTH,
  maxLength: COUNTRY_LENGTH,
  pattern: '^[A-Z]{2}$',
} as const;
const CURRENCY_DOC = {
  description: 'ISO 4217',
  example: 'EUR',
  minLength: CURRENCY_LENGTH,
  maxLength: CURRENCY_LENGTH,
  pattern: '^[A-Z]{3}$',
} as const;
/** The canonical form of an amount: digits, `.`, two decimals. */
const AMOUNT_DOC = {
  description: 'Decimal string with 2 decimals.',
  maxLength: AMOUNT_LENGTH,
  pattern: '^[0-9]+\\.[0-9]{2}$',
} as const;

export class ReferralAmountResponse {
  @ApiProperty({ ...AMOUNT_DOC, example: '1250.00' })
  value!: string;

  @ApiProperty(CURRENCY_DOC)
  currency!: string;
}

export class ReferralAcquirerResponse {
  @ApiProperty({ type: String, nullable: true, maxLength: MERCHANT_LIMITS.acquirerName })
  name!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO 3166-1 alpha-2',
    ...COUNTRY_DOC,
  })
  country!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: BIN_MAX_LENGTH,
    pattern: '^[0-9]{6,8}$',
  })
  bin!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: ICA_MAX_LENGTH,
    pattern: '^[0-9]{1,11}$',
  })
  ica!: string | null;
}

export class ReferralMerchantIdResponse {
  @ApiProperty({ maxLength: MERCHANT_LIMITS.merchantIdPart }) acquirerId!: string;
  @ApiProperty({
    maxLength: MERCHANT_LIMITS.merchantIdPart,
    description: 'A merchant id shaped like a card number is shown masked, as it is stored.',
  })
  mid!: string;
}

export class ReferralPrincipalResponse {
  @ApiProperty({ maxLength: MERCHANT_LIMITS.principalName }) name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO 3166-1 alpha-2',
    ...COUNTRY_DOC,
  })
  countryOfResidence!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty(MASKED_DOC(MERCHANT_LIMITS.nationalId)) nationalId!: string | null;
}

export class ReferralMerchantResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: MERCHANT_LIMITS.legalName,
    description: 'Null in a draft not filled in yet.',
  })
  legalName!: string | null;
  @ApiProperty(STRING_LIST(MERCHANT_LIMITS.tradingNames, MERCHANT_LIMITS.tradingName))
  tradingNames!: string[];
  @ApiProperty(STRING_LIST(MERCHANT_LIMITS.descriptors, MERCHANT_LIMITS.descriptor))
  descriptors!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO 3166-1 alpha-2; null in a draft not filled in yet.',
    ...COUNTRY_DOC,
  })
  country!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    minLength: MCC_LENGTH,
    maxLength: MCC_LENGTH,
    pattern: '^[0-9]{4}$',
  })
  mcc!: string | null;
  @ApiProperty({
    type: () => ReferralAcquirerResponse,
    nullable: true,
    description: 'Null when the filer gave no acquirer.',
  })
  acquirer!: ReferralAcquirerResponse | null;
  @ApiProperty({
    type: () => [ReferralMerchantIdResponse],
    maxItems: MERCHANT_LIMITS.merchantIds,
  })
  merchantIds!: ReferralMerchantIdResponse[];
  @ApiProperty(STRING_LIST(MERCHANT_LIMITS.websites, MERCHANT_LIMITS.website))
  websites!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'string', ...COUNTRY_DOC },
    maxItems: MERCHANT_LIMITS.hostingCountries,
  })
  hostingCountries!: string[];
  @ApiProperty(STRING_LIST(MERCHANT_LIMITS.emails, MERCHANT_LIMITS.email))
  emails!: string[];
  @ApiProperty(STRING_LIST(MERCHANT_LIMITS.phones, MERCHANT_LIMITS.phone))
  phones!: string[];
  @ApiProperty({ type: String, nullable: true, maxLength: MERCHANT_LIMITS.registrationNumber })
  registrationNumber!: string | null;
  @ApiProperty(MASKED_DOC(MERCHANT_LIMITS.taxId)) taxId!: string | null;
  @ApiProperty({
    type: () => [ReferralPrincipalResponse],
    maxItems: MERCHANT_LIMITS.principals,
  })
  principals!: ReferralPrincipalResponse[];
}

export class ReferralObservableResponse {
  @ApiProperty({ enum: OBSERVABLE_TYPES }) type!: ObservableType;
  @ApiProperty({
    description: 'For `card`, the masked number as filed.',
    maxLength: MAX_OBSERVABLE_VALUE_LENGTH,
  })
  value!: string;
  @ApiProperty({
    enum: HASH_ALGORITHMS,
    nullable: true,
    type: String,
    description: 'Null unless type is file_hash.',
  })
  algorithm!: HashAlgorithm | null;
  @ApiProperty({
    enum: IP_EVENTS,
    nullable: true,
    type: String,
    description: 'Null unless the filer said (type ip only).',
  })
  event!: IpEvent | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Null when the filer did not say.',
  })
  seenAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when the filer did not say.' })
  viewedByReporter!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when the filer did not say.' })
  publiclyAvailable!: boolean | null;
}

export class ReferralTransactionResponse {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ ...AMOUNT_DOC, example: '49.99' })
  amount!: string;
  @ApiProperty(CURRENCY_DOC)
  currency!: string;
  @ApiProperty({ enum: TRANSACTION_RAILS }) rail!: TransactionRail;
  @ApiProperty({ enum: TRANSACTION_DIRECTIONS }) direction!: TransactionDirection;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: MAX_COUNTERPARTY_LENGTH,
    description: 'Null when the filer did not give it.',
  })
  counterparty!: string | null;
}

export class ReferralResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'FCR-2026-000123',
    maxLength: REFERENCE_MAX_LENGTH,
    pattern: '^FCR-[0-9]{4}-[0-9]{6,10}$',
  })
  reference!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: ReferralStatus;
  @ApiProperty({ format: 'uuid', description: 'The filing organisation.' })
  organizationId!: string;
  @ApiProperty({ format: 'uuid', description: 'The filing user.' }) createdBy!: string;
  @ApiProperty({
    enum: REFERRAL_CATEGORIES,
    nullable: true,
    type: String,
    description: 'Null in a draft not filled in yet.',
  })
  category!: ReferralCategory | null;
  @ApiProperty({ enum: INDICATOR_CODES, isArray: true, maxItems: REFERRAL_LIMITS.indicators })
  indicators!: IndicatorCode[];
  @ApiProperty({ enum: PRIORITIES }) priority!: Priority;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REFERRAL_LIMITS.escalationReason,
    description: 'Null unless the priority is P1.',
  })
  escalationReason!: string | null;
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: TlpMarking;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Null when the filer did not say.',
  })
  observedFrom!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Null when the filer did not say.',
  })
  observedTo!: string | null;
  @ApiProperty({
    type: () => ReferralAmountResponse,
    nullable: true,
    description: 'Null means unknown.',
  })
  totalAmount!: ReferralAmountResponse | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REFERRAL_LIMITS.narrative,
    description: 'Null in a draft not filled in yet.',
  })
  narrative!: string | null;
  @ApiProperty({
    type: () => ReferralMerchantResponse,
    nullable: true,
    description:
      'Null in a draft not filled in yet. taxId and principal national ids are masked. Every field is present, null when not known.',
  })
  merchant!: ReferralMerchantResponse | null;
  @ApiProperty({
    type: () => [ReferralObservableResponse],
    maxItems: REFERRAL_LIMITS.observables,
  })
  observables!: ReferralObservableResponse[];
  @ApiProperty({
    type: () => [ReferralTransactionResponse],
    maxItems: REFERRAL_LIMITS.transactions,
  })
  transactions!: ReferralTransactionResponse[];
  @ApiProperty() acknowledgeReportingDuty!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description:
      'How many other members have flagged the same merchant (never which). Null until the referral is attached to a case, and once it is withdrawn.',
  })
  otherMembersFlagging!: number | null;
  @ApiProperty({
    type: () => [ReferralHoldResponse],
    description:
      'Holds law enforcement placed on the merchant of this referral’s case, newest first: active and expired ones (released ones are omitted). Always empty for a draft. Not capped: a case has no limit on its holds.',
  })
  holds!: ReferralHoldResponse[];
  @ApiProperty({
    type: () => [ReferralAgencyOutcomeResponse],
    maxItems: 1000,
    description:
      'What the agencies this referral’s case was routed to reported: the latest report of each agency, newest first. ' +
      'Empty until an agency reports, and always empty for a draft or a withdrawn referral.',
  })
  agencyOutcomes!: ReferralAgencyOutcomeResponse[];
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Null while it is a draft.',
  })
  submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReferralPageResponse {
  @ApiProperty({ type: [ReferralResponse], maxItems: MAX_PAGE_SIZE }) items!: ReferralResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    description: 'Pass it back as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
