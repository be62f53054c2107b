import {
  MAX_EMAIL_DOMAINS,
  MEMBER_TYPES,
  ORGANIZATION_KINDS,
  ORGANIZATION_STATUSES,
  type MemberType,
  type OrganizationKind,
  type OrganizationStatus,
} from '@app/domain';
import { PageQueryDto } from '@app/common';
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
    MaxLength(253, { each: true }),
  );

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind!: OrganizationKind;

  @ApiProperty({ example: 'Northbank plc', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  legalName!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'GB' })
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as GB' })
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
    maxItems: MAX_EMAIL_DOMAINS,
    example: ['northbank.example'],
    default: [],
    description: `${EMAIL_DOMAINS_DESCRIPTION} Without any, no account can be created in the organization.`,
  })
  @IsEmailDomainList()
  emailDomains?: string[];
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  legalName?: string;

  @ApiPropertyOptional({ example: 'GB' })
  @IsAbsentOrValid()
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as GB' })
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

  @ApiPropertyOptional()
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
    maxItems: MAX_EMAIL_DOMAINS,
    example: ['northbank.example', 'uk.northbank.example'],
    description: `${EMAIL_DOMAINS_DESCRIPTION} When sent, replaces the whole list; existing accounts keep their addresses.`,
  })
  @IsEmailDomainList()
  emailDomains?: string[];
}

export class ListOrganizationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @ApiPropertyOptional({ enum: ORGANIZATION_STATUSES })
  @IsOptional()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;
}

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
  @ApiProperty() legalName!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ enum: ORGANIZATION_STATUSES }) status!: OrganizationStatus;
  @ApiProperty({ enum: MEMBER_TYPES, nullable: true, type: String }) memberType!: MemberType | null;
  @ApiProperty({ nullable: true, type: Boolean }) sharingRegistrationCurrent!: boolean | null;
  @ApiProperty({ description: 'Named in law-enforcement packages (else "coalition member").' })
  namedInDispatches!: boolean;
  @ApiProperty({
    type: [String],
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
  @ApiProperty({ type: [OrganizationResponse] }) items!: OrganizationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
