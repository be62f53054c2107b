import {
  MEMBER_TYPES,
  ORGANIZATION_KINDS,
  ORGANIZATION_STATUSES,
  type MemberType,
  type OrganizationKind,
  type OrganizationStatus,
} from '@app/domain';
import { PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

/**
 * May be left out, but when sent it must be valid. Unlike IsOptional, null is
 * not "left out": it is checked, so it cannot reach a NOT NULL column.
 */
const IsAbsentOrValid = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

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
  @ApiProperty({ description: 'Fictitious record from the demo seed.' }) isDemo!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrganizationPageResponse {
  @ApiProperty({ type: [OrganizationResponse] }) items!: OrganizationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
