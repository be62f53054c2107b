import {
  DEFAULT_TLP,
  INDICATOR_CODES,
  PRIORITIES,
  REFERRAL_CATEGORIES,
  REFERRAL_STATUSES,
  TLP_MARKINGS,
  isIndicatorCode,
  type IndicatorCode,
  type Priority,
  type ReferralCategory,
  type ReferralStatus,
  type TlpMarking,
} from '@app/domain';
import { PageQueryDto } from '@app/common';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { REPORTING_DUTY_MESSAGE } from './completeness';
import { REFERRAL_LIMITS } from './referral-limits';
import { BoundedText, ReferralDraftMerchantDto, ReferralMerchantDto } from './merchant.dto';
import { ReferralObservableDto } from './observable.dto';
import { ReferralAmountDto, ReferralTransactionDto } from './transaction.dto';
import {
  EachString,
  IsAbsentOrValid,
  IsNotBefore,
  NoListItems,
  IsReferralDate,
  trim,
  trimEach,
} from '../../shared/validation';

export * from './merchant.dto';
export * from './observable.dto';
export * from './transaction.dto';
export * from './referral-response.dto';
export * from './completeness';
export * from './referral-limits';

const BEFORE_SUBMIT = 'Required before the referral can be submitted.';

// ---------------------------------------------------------------------------
// Fields whose rules differ between a complete referral and a draft
// ---------------------------------------------------------------------------

/** `required`: must be present (complete referral); otherwise may be left out (draft). */
const Presence = (required: boolean, doc: Record<string, unknown>) =>
  required
    ? ApiProperty(doc)
    : applyDecorators(
        ApiPropertyOptional({
          ...doc,
          description: [doc.description, BEFORE_SUBMIT].filter(Boolean).join(' '),
        }),
        IsAbsentOrValid(),
      );

const CategoryField = (required: boolean) =>
  applyDecorators(Presence(required, { enum: REFERRAL_CATEGORIES }), IsIn(REFERRAL_CATEGORIES));

const IndicatorsField = (required: boolean) =>
  applyDecorators(
    Presence(required, {
      enum: INDICATOR_CODES,
      isArray: true,
      maxItems: REFERRAL_LIMITS.indicators,
      uniqueItems: true,
      description: `Red-flag indicator codes, each at most once. May be empty in a draft; at least one is required before submitting.${required ? '' : ' Left out: an empty list.'}`,
      example: ['descriptor_mismatch', 'keyword_match'],
    }),
    Transform(trimEach),
    IsArray(),
    ArrayMaxSize(REFERRAL_LIMITS.indicators),
    ArrayUnique({ message: 'indicators must not name the same indicator twice' }),
    EachString('isIndicatorCode', (item) =>
      isIndicatorCode(item) ? null : 'is not a known red-flag indicator code',
    ),
  );

const NarrativeField = (required: boolean) =>
  applyDecorators(
    Presence(required, {
      minLength: 1,
      maxLength: REFERRAL_LIMITS.narrative,
      description:
        'What the member saw and why it is suspicious. Trimmed. Describe content, never include or link to it as an attachment.',
    }),
    BoundedText(1, REFERRAL_LIMITS.narrative),
  );

const MerchantField = (required: boolean) =>
  applyDecorators(
    Presence(required, {
      type: () => (required ? ReferralMerchantDto : ReferralDraftMerchantDto),
      description: required
        ? 'The merchant as reported.'
        : 'The merchant as reported; a draft may leave out its legalName and country.',
    }),
    IsObject(),
    ValidateNested(),
    Type(() => (required ? ReferralMerchantDto : ReferralDraftMerchantDto)),
  );

const ReportingDutyField = (required: boolean) =>
  applyDecorators(
    Presence(required, {
      type: Boolean,
      enum: [true],
      description:
        'The filer acknowledges that a referral does not replace their own legal duty to report ' +
        '(for example to a national hotline). Must be true.',
    }),
    Equals(true, { message: REPORTING_DUTY_MESSAGE }),
  );

// ---------------------------------------------------------------------------
// Fields with the same rules everywhere
// ---------------------------------------------------------------------------

/**
 * Fields whose rules are the same in a complete referral and in a draft.
 * `null` clears the optional dates and the escalation reason, and means
 * "unknown" for totalAmount.
 */
abstract class ReferralCommonFields {
  @ApiPropertyOptional({
    enum: PRIORITIES,
    description:
      'P1 is the most urgent and needs an escalationReason. Left out: the default priority.',
  })
  @IsAbsentOrValid()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: REFERRAL_LIMITS.escalationReason,
    description:
      'Why the referral is urgent. Required when priority is P1 (in the same request that sets P1).',
  })
  @ValidateIf(
    (referral: Record<string, unknown>, value: unknown) =>
      referral.priority === 'P1' || (value !== undefined && value !== null),
  )
  @BoundedText(1, REFERRAL_LIMITS.escalationReason)
  escalationReason?: string | null;

  @ApiPropertyOptional({
    enum: TLP_MARKINGS,
    default: DEFAULT_TLP,
    description: `Traffic Light Protocol marking. Left out: ${DEFAULT_TLP}.`,
  })
  @IsAbsentOrValid()
  @IsIn(TLP_MARKINGS)
  tlp?: TlpMarking;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'First day the activity was observed: YYYY-MM-DD, not in the future.',
    example: '2025-11-03',
  })
  @IsOptional()
  @Transform(trim)
  @IsReferralDate()
  observedFrom?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'Last day the activity was observed: YYYY-MM-DD, not in the future, not before observedFrom.',
    example: '2026-01-20',
  })
  @IsOptional()
  @Transform(trim)
  @IsReferralDate()
  @IsNotBefore('observedFrom')
  observedTo?: string | null;

  @ApiPropertyOptional({
    type: () => ReferralAmountDto,
    nullable: true,
    description: 'Total amount involved; null means unknown.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralAmountDto)
  totalAmount?: ReferralAmountDto | null;

  @ApiPropertyOptional({
    type: () => [ReferralObservableDto],
    maxItems: REFERRAL_LIMITS.observables,
    description:
      'Metadata only (URLs, hashes, masked cards...), never content. Left out: an empty list.',
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMaxSize(REFERRAL_LIMITS.observables)
  @NoListItems()
  @ValidateNested({ each: true })
  @Type(() => ReferralObservableDto)
  observables?: ReferralObservableDto[];

  @ApiPropertyOptional({
    type: () => [ReferralTransactionDto],
    maxItems: REFERRAL_LIMITS.transactions,
    description: 'Left out: an empty list.',
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMaxSize(REFERRAL_LIMITS.transactions)
  @NoListItems()
  @ValidateNested({ each: true })
  @Type(() => ReferralTransactionDto)
  transactions?: ReferralTransactionDto[];
}

// ---------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------

/**
 * A complete referral (api.md, "Body of a referral"): what a referral holds
 * once it can be submitted. Conversions done by the validation pipe:
 * strings are trimmed; country and currency codes are upper-cased; amounts
 * become canonical decimal strings with 2 decimals (`1250` → `'1250.00'`);
 * dates stay `YYYY-MM-DD` strings (no time zone shift); `seenAt` becomes UTC
 * ISO 8601 (`2026-01-31T14:05:00.000Z`); md5/sha1/sha256/pdq hashes are
 * lower-cased. Left-out lists are left out (the service stores them empty).
 */
@ApiSchema({
  description:
    'A complete referral, as it must be at submission. Optional fields inside merchant, observables and ' +
    'transactions may be sent as null, which means the same as leaving them out (responses send null ' +
    'for what is not known).',
})
export class ReferralBodyDto extends ReferralCommonFields {
  @CategoryField(true)
  category!: ReferralCategory;

  @IndicatorsField(true)
  indicators!: IndicatorCode[];

  @NarrativeField(true)
  narrative!: string;

  @MerchantField(true)
  merchant!: ReferralMerchantDto;

  @ReportingDutyField(true)
  acknowledgeReportingDuty!: true;
}

/**
 * POST /referrals: creates a draft. Every field of ReferralBodyDto, with the
 * same rules and conversions, but a draft may be incomplete: category,
 * indicators, narrative, merchant (and its legalName and country) and
 * acknowledgeReportingDuty may be left out; when sent they must be valid
 * (acknowledgeReportingDuty, when sent, must be true). Completeness is
 * checked at submit (referralCompletenessProblems).
 */
@ApiSchema({
  description:
    'A draft referral. Fields may be left out; category, at least one indicator, narrative, ' +
    'merchant (legalName, country) and acknowledgeReportingDuty: true are required before submitting. ' +
    'Optional fields inside merchant, observables and transactions may be sent as null, which means the ' +
    'same as leaving them out (responses send null for what is not known).',
})
export class CreateReferralDto extends ReferralCommonFields {
  @CategoryField(false)
  category?: ReferralCategory;

  @IndicatorsField(false)
  indicators?: IndicatorCode[];

  @NarrativeField(false)
  narrative?: string;

  @MerchantField(false)
  merchant?: ReferralDraftMerchantDto;

  @ReportingDutyField(false)
  acknowledgeReportingDuty?: true;
}

/**
 * PATCH /referrals/:id (drafts only): the fields of CreateReferralDto, all
 * optional. Each top-level field that is present REPLACES the stored value
 * as a whole (`merchant`, `observables`, `transactions` included: send the
 * full object or list); fields left out are unchanged; `null` clears
 * escalationReason, observedFrom and observedTo and sets totalAmount to
 * unknown. Rules between fields apply to the fields of the request:
 * setting priority P1 needs escalationReason in the same request, and
 * observedTo is compared with observedFrom when both are sent (the service
 * checks the merged draft with referralConsistencyProblems).
 */
@ApiSchema({
  description:
    'Changes to a draft. Each top-level field that is present replaces the stored value as a whole ' +
    '(merchant, observables and transactions included); fields left out are unchanged; null clears ' +
    'escalationReason, observedFrom and observedTo and sets totalAmount to unknown. Setting priority ' +
    'P1 needs escalationReason in the same request. Optional fields inside merchant, observables and ' +
    'transactions may be sent as null, which means the same as leaving them out.',
})
export class UpdateReferralDto extends CreateReferralDto {}

/** GET /referrals?status=&cursor=&limit= */
export class ListReferralsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: REFERRAL_STATUSES,
    description: 'Only referrals in this status; left out, every status.',
  })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}
