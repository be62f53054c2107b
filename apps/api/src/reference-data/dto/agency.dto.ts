import type { AgencyChannel } from '@app/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  Check,
  IsAbsentOrValid,
  emailProblem,
  phoneProblem,
  trim,
  upper,
  upperEach,
} from '../../shared/validation';

export const AGENCY_CHANNELS: readonly AgencyChannel[] = ['portal', 'webhook'];

/** The shortest webhook secret accepted: 32 characters (e.g. 24 random bytes in base64). */
export const WEBHOOK_SECRET_MIN_LENGTH = 32;
const WEBHOOK_SECRET_MAX_LENGTH = 256;
/** Every ISO 3166-1 country at most. */
const MAX_COVERAGE = 250;

const IsContactEmail = () =>
  Check('isContactEmail', (value) =>
    typeof value === 'string' ? emailProblem(value) : 'must be a string',
  );
const IsContactPhone = () =>
  Check('isContactPhone', (value) =>
    typeof value === 'string' ? phoneProblem(value) : 'must be a string',
  );

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

const CHANNELS_DOC =
  '`portal`: liaisons read dispatches here; `webhook`: each dispatch is also POSTed, signed, to webhookUrl (needs webhookUrl and webhookSecret).';
const WEBHOOK_URL_DOC =
  'https only (http only where WEBHOOK_ALLOW_HTTP or in development); the host must resolve to public addresses only unless WEBHOOK_ALLOW_PRIVATE_NETWORKS. See docs/routing.md.';
const WEBHOOK_SECRET_DOC = `HMAC-SHA256 key of webhook signatures, at least ${WEBHOOK_SECRET_MIN_LENGTH} characters. Write-only: encrypted at rest and never returned (responses show webhookSecretSet).`;

export class CreateAgencyDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'An active law-enforcement organization; its liaisons work this agency’s dispatches. One agency per organization.',
  })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId!: string;

  @ApiProperty({ example: 'Metro Cyber Unit', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    type: [String],
    default: [],
    example: ['GB'],
    description: 'Codes of recorded jurisdictions the agency covers.',
  })
  @IsAbsentOrValid()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(MAX_COVERAGE)
  @IsString({ each: true })
  coverage?: string[];

  @ApiPropertyOptional({
    enum: AGENCY_CHANNELS,
    isArray: true,
    default: ['portal'],
    description: CHANNELS_DOC,
  })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMinSize(1, { message: 'channels must name at least one channel' })
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsIn(AGENCY_CHANNELS, { each: true, message: "each of channels must be 'portal' or 'webhook'" })
  channels?: AgencyChannel[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
    description: WEBHOOK_URL_DOC,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    writeOnly: true,
    minLength: WEBHOOK_SECRET_MIN_LENGTH,
    maxLength: WEBHOOK_SECRET_MAX_LENGTH,
    description: WEBHOOK_SECRET_DOC,
  })
  @IsOptional()
  @IsString()
  @MinLength(WEBHOOK_SECRET_MIN_LENGTH, {
    message: `webhookSecret must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters long`,
  })
  @MaxLength(WEBHOOK_SECRET_MAX_LENGTH)
  webhookSecret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'duty@metrocyber.example' })
  @IsOptional()
  @Transform(trim)
  @IsContactEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0000' })
  @IsOptional()
  @Transform(trim)
  @IsContactPhone()
  contactPhone?: string | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'The coalition’s fallback channel, proposed for jurisdictions no agency covers. At most one active fallback.',
  })
  @IsAbsentOrValid()
  @IsBoolean()
  isFallback?: boolean;

  @ApiPropertyOptional({
    default: true,
    description: 'Inactive agencies are never proposed or dispatched to.',
  })
  @IsAbsentOrValid()
  @IsBoolean()
  active?: boolean;
}

/** Every field may change except the organization. */
export class UpdateAgencyDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the whole list.' })
  @IsAbsentOrValid()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(MAX_COVERAGE)
  @IsString({ each: true })
  coverage?: string[];

  @ApiPropertyOptional({ enum: AGENCY_CHANNELS, isArray: true, description: CHANNELS_DOC })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMinSize(1, { message: 'channels must name at least one channel' })
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsIn(AGENCY_CHANNELS, { each: true, message: "each of channels must be 'portal' or 'webhook'" })
  channels?: AgencyChannel[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
    description: `${WEBHOOK_URL_DOC} null removes it (not while the webhook channel is on).`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    writeOnly: true,
    minLength: WEBHOOK_SECRET_MIN_LENGTH,
    maxLength: WEBHOOK_SECRET_MAX_LENGTH,
    description: `${WEBHOOK_SECRET_DOC} Sending a new one rotates it; null removes it (not while the webhook channel is on).`,
  })
  @IsOptional()
  @IsString()
  @MinLength(WEBHOOK_SECRET_MIN_LENGTH, {
    message: `webhookSecret must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters long`,
  })
  @MaxLength(WEBHOOK_SECRET_MAX_LENGTH)
  webhookSecret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsContactEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsContactPhone()
  contactPhone?: string | null;

  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @IsBoolean()
  isFallback?: boolean;

  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @IsBoolean()
  active?: boolean;
}

export class ListAgenciesQueryDto {
  @ApiPropertyOptional({
    description: 'Only agencies covering this jurisdiction code.',
    example: 'GB',
  })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'jurisdiction must be an ISO 3166-1 alpha-2 code such as GB' })
  jurisdiction?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only active (true) or inactive (false) agencies.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: "active must be 'true' or 'false'" })
  active?: boolean;
}

export class AgencyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Jurisdiction codes, sorted.' }) coverage!: string[];
  @ApiProperty({ enum: AGENCY_CHANNELS, isArray: true }) channels!: AgencyChannel[];
  @ApiProperty({ type: String, nullable: true }) webhookUrl!: string | null;
  @ApiProperty({ description: 'A webhook secret is stored (it is never shown).' })
  webhookSecretSet!: boolean;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone!: string | null;
  @ApiProperty() isFallback!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Fictitious record from the demo seed.' }) isDemo!: boolean;
  @ApiProperty({ description: 'Incremented by every change.' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AgencyListResponse {
  @ApiProperty({ type: [AgencyResponse], description: 'Agencies by name.' })
  items!: AgencyResponse[];
}
