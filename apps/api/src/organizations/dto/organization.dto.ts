import {
  MAX_EMAIL_DOMAINS,
  MEMBER_TYPES,
  ORGANIZATION_KINDS,
  ORGANIZATION_STATUSES,
  type MemberType,
  type OrganizationKind,
  type OrganizationStatus,
} from '@app/domain';
import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsAbsentOrValid, trim, upper } from '../../shared/validation';

export const LEGAL_NAME_MAX_LENGTH = 200;
/** A host name's longest spelling (RFC 1035), in its ASCII (punycode) form. */
export const EMAIL_DOMAIN_MAX_LENGTH = 253;
/** ISO 3166-1 alpha-2: two letters. */
const COUNTRY_LENGTH = 2;
const COUNTRY = {
  description: 'ISO 3166-1 alpha-2 (answered in capitals)',
  example: 'GB',
  minLength: COUNTRY_LENGTH,
  pattern: '^[A-Za-z]{2}$',
};
/** A country as a request gives it: refused unless an ISO code, and never longer than one. */
const IsCountry = () =>
  applyDecorators(
    Transform(upper),
    MaxLength(COUNTRY_LENGTH),
    IsISO31661Alpha2({ message: 'country must be a two-letter country code, such as GB' }),
  );

const EMAIL_DOMAINS_DESCRIPTION =
  "The domains of this organization's account addresses. Every new account's address must be " +
  'at exactly one of them (a subdomain is not covered: register it too), so an administrator ' +
  "can only create, and only try, addresses of their own organization's domains. A domain " +
  'belongs to one organization at most, and cannot be registered while accounts of another ' +
  'organization use it. Host names, IDN allowed; stored and answered in lower-case ASCII ' +
  '(punycode). Public suffixes such as co.uk are refused.';

/** Absent, or a list of host names (checked one by one by the service). */
const IsEmailDomainList = () =>
  applyDecorators(
    IsAbsentOrValid(),
    IsArray(),
    ArrayMaxSize(MAX_EMAIL_DOMAINS),
    IsString({ each: true }),
    MaxLength(EMAIL_DOMAIN_MAX_LENGTH, { each: true }),
  );
const EMAIL_DOMAIN_ITEMS = { type: 'string', maxLength: EMAIL_DOMAIN_MAX_LENGTH } as const;

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind!: OrganizationKind;

  @ApiProperty({ example: 'Northbank plc' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(LEGAL_NAME_MAX_LENGTH)
  legalName!: string;

  @ApiProperty(COUNTRY)
  @IsCountry()
  country!: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_STATUSES, default: 'pending_vetting' })
  @IsOptional()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;

  @ApiPropertyOptional({
    enum: MEMBER_TYPES,
    description: 'Required for members; refused otherwise.',
  })
  @IsOptional()
  @IsIn(MEMBER_TYPES)
  memberType?: MemberType;

  @ApiPropertyOptional({
    description: 'Members only: information-sharing registration is current.',
  })
  @IsOptional()
  @IsBoolean()
  sharingRegistrationCurrent?: boolean;

  @ApiPropertyOptional({
    description:
      'Members only: name this organization in the case packages sent to law-enforcement agencies. Default false: it appears as "coalition member".',
  })
  @IsOptional()
  @IsBoolean()
  namedInDispatches?: boolean;

  @ApiPropertyOptional({
    type: [String],
    items: EMAIL_DOMAIN_ITEMS,
    maxItems: MAX_EMAIL_DOMAINS,
    example: ['northbank.example'],
    default: [],
    description: `${EMAIL_DOMAINS_DESCRIPTION} Without any, no account can be created in the organization.`,
  })
  @IsEmailDomainList()
  emailDomains?: string[];
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(LEGAL_NAME_MAX_LENGTH)
  legalName?: string;

  @ApiPropertyOptional(COUNTRY)
  @IsAbsentOrValid()
  @IsCountry()
  country?: string;

  @ApiPropertyOptional({
    enum: ORGANIZATION_STATUSES,
    description: 'Suspending an organization ends every session of its users.',
  })
  @IsAbsentOrValid()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;

  @ApiPropertyOptional({ enum: MEMBER_TYPES })
  @IsOptional()
  @IsIn(MEMBER_TYPES)
  memberType?: MemberType;

  @ApiPropertyOptional({
    description: 'Members only: information-sharing registration is current.',
  })
  @IsOptional()
  @IsBoolean()
  sharingRegistrationCurrent?: boolean;

  @ApiPropertyOptional({
    description:
      'Members only: name this organization in the case packages sent to law-enforcement agencies. Default false: it appears as "coalition member".',
  })
  @IsOptional()
  @IsBoolean()
  namedInDispatches?: boolean;

  @ApiPropertyOptional({
    type: [String],
    items: EMAIL_DOMAIN_ITEMS,
    maxItems: MAX_EMAIL_DOMAINS,
    example: ['northbank.example', 'uk.northbank.example'],
    description: `${EMAIL_DOMAINS_DESCRIPTION} When sent, replaces the whole list; existing accounts keep their addresses.`,
  })
  @IsEmailDomainList()
  emailDomains?: string[];
}

export class ListOrganizationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ORGANIZATION_KINDS,
    description: 'Only organizations of this kind.',
  })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @ApiPropertyOptional({
    enum: ORGANIZATION_STATUSES,
    description: 'Only organizations in this status.',
  })
  @IsOptional()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;
}

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
  @ApiProperty({ maxLength: LEGAL_NAME_MAX_LENGTH }) legalName!: string;
  @ApiProperty({ ...COUNTRY, maxLength: COUNTRY_LENGTH, pattern: '^[A-Z]{2}$' })
  country!: string;
  @ApiProperty({ enum: ORGANIZATION_STATUSES }) status!: OrganizationStatus;
  @ApiProperty({
    enum: MEMBER_TYPES,
    nullable: true,
    type: String,
    description: 'Members only; null for other kinds.',
  })
  memberType!: MemberType | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Members only: information-sharing registration is current; null for other kinds.',
  })
  sharingRegistrationCurrent!: boolean | null;
  @ApiProperty({ description: 'Named in law-enforcement packages (else "coalition member").' })
  namedInDispatches!: boolean;
  @ApiProperty({
    type: [String],
    items: { ...EMAIL_DOMAIN_ITEMS, pattern: '^[a-z0-9.-]+$' },
    maxItems: MAX_EMAIL_DOMAINS,
    example: ['northbank.example'],
    description:
      "Registered e-mail domains (lower-case ASCII): a new account's address must be at exactly one of them.",
  })
  emailDomains!: string[];
  @ApiProperty({ description: 'Fictitious record from the demo seed.' }) isDemo!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrganizationPageResponse {
  @ApiProperty({
    type: [OrganizationResponse],
    maxItems: MAX_PAGE_SIZE,
    description: 'At most `limit`.',
  })
  items!: OrganizationResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
