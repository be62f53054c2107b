import {
  HOLD_SCOPES,
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
  type HoldScope,
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
import { ApiProperty } from '@nestjs/swagger';

/**
 * What a referral looks like in responses. Every field is always present,
 * null when not known (or, for a draft, not filled in yet); lists are never
 * null. Need to know (hard rule 2): no case id and no other organisation's
 * identity ever appears here; the only trace of other members is the blinded
 * count `otherMembersFlagging`.
 */

/** How masked identifiers look (the masking itself is done when the response is built). */
const MASK = '••••';

const MASKED_DOC = {
  type: String,
  nullable: true,
  description: `Masked: \`${MASK} 1234\` (a hint of the last characters) or \`${MASK}\` alone for a short value; never the value itself.`,
  example: `${MASK} 1234`,
} as const;

export class ReferralAmountResponse {
  @ApiProperty({ description: 'Decimal string with 2 decimals.', example: '1250.00' })
  value!: string;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  currency!: string;
}

export class ReferralAcquirerResponse {
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2' })
  country!: string | null;
  @ApiProperty({ type: String, nullable: true }) bin!: string | null;
  @ApiProperty({ type: String, nullable: true }) ica!: string | null;
}

export class ReferralMerchantIdResponse {
  @ApiProperty() acquirerId!: string;
  @ApiProperty() mid!: string;
}

export class ReferralPrincipalResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2' })
  countryOfResidence!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty(MASKED_DOC) nationalId!: string | null;
}

export class ReferralMerchantResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Null in a draft not filled in yet.' })
  legalName!: string | null;
  @ApiProperty({ type: [String] }) tradingNames!: string[];
  @ApiProperty({ type: [String] }) descriptors!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO 3166-1 alpha-2; null in a draft not filled in yet.',
  })
  country!: string | null;
  @ApiProperty({ type: String, nullable: true }) mcc!: string | null;
  @ApiProperty({ type: () => ReferralAcquirerResponse, nullable: true })
  acquirer!: ReferralAcquirerResponse | null;
  @ApiProperty({ type: () => [ReferralMerchantIdResponse] })
  merchantIds!: ReferralMerchantIdResponse[];
  @ApiProperty({ type: [String] }) websites!: string[];
  @ApiProperty({ type: [String] }) hostingCountries!: string[];
  @ApiProperty({ type: [String] }) emails!: string[];
  @ApiProperty({ type: [String] }) phones!: string[];
  @ApiProperty({ type: String, nullable: true }) registrationNumber!: string | null;
  @ApiProperty(MASKED_DOC) taxId!: string | null;
  @ApiProperty({ type: () => [ReferralPrincipalResponse] })
  principals!: ReferralPrincipalResponse[];
}

export class ReferralObservableResponse {
  @ApiProperty({ enum: OBSERVABLE_TYPES }) type!: ObservableType;
  @ApiProperty({ description: 'For `card`, the masked number as filed.' }) value!: string;
  @ApiProperty({ enum: HASH_ALGORITHMS, nullable: true, type: String })
  algorithm!: HashAlgorithm | null;
  @ApiProperty({ enum: IP_EVENTS, nullable: true, type: String }) event!: IpEvent | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) seenAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when the filer did not say.' })
  viewedByReporter!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when the filer did not say.' })
  publiclyAvailable!: boolean | null;
}

export class ReferralTransactionResponse {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ description: 'Decimal string with 2 decimals.', example: '49.99' })
  amount!: string;
  @ApiProperty({ description: 'ISO 4217', example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: TRANSACTION_RAILS }) rail!: TransactionRail;
  @ApiProperty({ enum: TRANSACTION_DIRECTIONS }) direction!: TransactionDirection;
  @ApiProperty({ type: String, nullable: true }) counterparty!: string | null;
}

export class ReferralHoldResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: HOLD_SCOPES,
    description:
      '`do_not_terminate`: keep the merchant’s account open; `do_not_contact`: do not alert the merchant; `do_not_share`: do not pass the case on.',
  })
  scope!: HoldScope;
  @ApiProperty({ description: 'The agency’s reason, written for the filing members.' })
  reason!: string;
  @ApiProperty({ format: 'date-time', description: 'When the hold lapses unless renewed.' })
  expiresAt!: string;
  @ApiProperty({
    enum: ['active', 'expired'],
    description: 'Released holds are not shown; an expired one is kept so members know it lapsed.',
  })
  status!: 'active' | 'expired';
  @ApiProperty({ description: 'The name of the agency that placed the hold.' }) agency!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReferralResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'FCR-2026-000123' }) reference!: string;
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
  @ApiProperty({ enum: INDICATOR_CODES, isArray: true }) indicators!: IndicatorCode[];
  @ApiProperty({ enum: PRIORITIES }) priority!: Priority;
  @ApiProperty({ type: String, nullable: true }) escalationReason!: string | null;
  @ApiProperty({ enum: TLP_MARKINGS }) tlp!: TlpMarking;
  @ApiProperty({ type: String, format: 'date', nullable: true }) observedFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) observedTo!: string | null;
  @ApiProperty({
    type: () => ReferralAmountResponse,
    nullable: true,
    description: 'Null means unknown.',
  })
  totalAmount!: ReferralAmountResponse | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null in a draft not filled in yet.' })
  narrative!: string | null;
  @ApiProperty({
    type: () => ReferralMerchantResponse,
    nullable: true,
    description: 'Null in a draft not filled in yet. taxId and principal national ids are masked.',
  })
  merchant!: ReferralMerchantResponse | null;
  @ApiProperty({ type: () => [ReferralObservableResponse] })
  observables!: ReferralObservableResponse[];
  @ApiProperty({ type: () => [ReferralTransactionResponse] })
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
      'Holds law enforcement placed on the merchant of this referral’s case, newest first: active and expired ones (released ones are omitted). Always empty for a draft.',
  })
  holds!: ReferralHoldResponse[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReferralPageResponse {
  @ApiProperty({ type: [ReferralResponse] }) items!: ReferralResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
