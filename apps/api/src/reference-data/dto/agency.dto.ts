import type { AgencyChannel } from '@app/persistence';
import { DISPLAY_NAME_MAX_LENGTH } from '../../users/dto/user.dto';
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
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  Check,
  IsAbsentOrValid,
  MAX_EMAIL_LENGTH,
  MAX_URL_LENGTH,
  emailProblem,
  phoneProblem,
  trim,
  upper,
  upperEach,
} from '../../shared/validation';
import { JURISDICTION_LIMITS, STORED_CODE_PATTERN } from './jurisdiction.dto';

export const AGENCY_CHANNELS: readonly AgencyChannel[] = ['portal', 'webhook'];

/** The shortest webhook secret accepted: 32 characters (e.g. 24 random bytes in base64). */
export const WEBHOOK_SECRET_MIN_LENGTH = 32;
const WEBHOOK_SECRET_MAX_LENGTH = 256;

/** A PostgreSQL integer column. */
const STORED_INTEGER = { type: 'integer', format: 'int32', maximum: 2_147_483_647 } as const;

/** Size limits of an agency (requests and responses). */
export const AGENCY_LIMITS = {
  name: 200,
  /** Every ISO 3166-1 country at most. */
  coverage: JURISDICTION_LIMITS.count,
  webhookUrl: MAX_URL_LENGTH,
  contactEmail: MAX_EMAIL_LENGTH,
  /** phoneProblem's own upper bound. */
  contactPhone: 32,
} as const;

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

const COVERAGE_CODE_MESSAGE = 'each of coverage must be a two-letter country code, such as GB';

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

  @ApiProperty({ example: 'Metro Cyber Unit', maxLength: AGENCY_LIMITS.name })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(AGENCY_LIMITS.name)
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
  @ArrayMaxSize(AGENCY_LIMITS.coverage)
  @IsString({ each: true })
  @MaxLength(JURISDICTION_LIMITS.code, { each: true, message: COVERAGE_CODE_MESSAGE })
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
  @ArrayMaxSize(AGENCY_CHANNELS.length)
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsIn(AGENCY_CHANNELS, { each: true, message: "each of channels must be 'portal' or 'webhook'" })
  channels?: AgencyChannel[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: AGENCY_LIMITS.webhookUrl,
    description: WEBHOOK_URL_DOC,
  })
  @IsOptional()
  @IsString()
  @MaxLength(AGENCY_LIMITS.webhookUrl)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
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

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'duty@metrocyber.example',
    description: 'An e-mail address the coalition can reach the agency at.',
  })
  @IsOptional()
  @Transform(trim)
  @MaxLength(AGENCY_LIMITS.contactEmail)
  @IsContactEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+44 20 7946 0000',
    description:
      'A number that exists in its numbering plan, in international form (+ and the country code).',
  })
  @IsOptional()
  @Transform(trim)
  @MaxLength(AGENCY_LIMITS.contactPhone)
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
  @ApiPropertyOptional({ maxLength: AGENCY_LIMITS.name })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(AGENCY_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the whole list.' })
  @IsAbsentOrValid()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(AGENCY_LIMITS.coverage)
  @IsString({ each: true })
  @MaxLength(JURISDICTION_LIMITS.code, { each: true, message: COVERAGE_CODE_MESSAGE })
  coverage?: string[];

  @ApiPropertyOptional({ enum: AGENCY_CHANNELS, isArray: true, description: CHANNELS_DOC })
  @IsAbsentOrValid()
  @IsArray()
  @ArrayMinSize(1, { message: 'channels must name at least one channel' })
  @ArrayMaxSize(AGENCY_CHANNELS.length)
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsIn(AGENCY_CHANNELS, { each: true, message: "each of channels must be 'portal' or 'webhook'" })
  channels?: AgencyChannel[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: AGENCY_LIMITS.webhookUrl,
    description: `${WEBHOOK_URL_DOC} null removes it (not while the webhook channel is on).`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(AGENCY_LIMITS.webhookUrl)
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

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(AGENCY_LIMITS.contactEmail)
  @IsContactEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(AGENCY_LIMITS.contactPhone)
  @IsContactPhone()
  contactPhone?: string | null;

  @ApiPropertyOptional({
    description: 'The coalition’s fallback channel. At most one active fallback.',
  })
  @IsAbsentOrValid()
  @IsBoolean()
  isFallback?: boolean;

  @ApiPropertyOptional({ description: 'Inactive agencies are never proposed or dispatched to.' })
  @IsAbsentOrValid()
  @IsBoolean()
  active?: boolean;
}

export class ListAgenciesQueryDto {
  @ApiPropertyOptional({
    description: 'Only agencies covering this jurisdiction code (ISO 3166-1 alpha-2, any case).',
    example: 'GB',
  })
  @IsOptional()
  @Transform(upper)
  @Length(JURISDICTION_LIMITS.code, JURISDICTION_LIMITS.code, {
    message: 'jurisdiction must be 2 letters',
  })
  @IsISO31661Alpha2({ message: 'jurisdiction must be a two-letter country code, such as GB' })
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

/** An agency as platform admins and coordinators see it: never its webhook secret. */
export class AgencyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The law-enforcement organization it belongs to.' })
  organizationId!: string;
  @ApiProperty({ maxLength: AGENCY_LIMITS.name, example: 'Metro Cyber Unit' }) name!: string;
  @ApiProperty({
    type: String,
    isArray: true,
    maxItems: AGENCY_LIMITS.coverage,
    minLength: JURISDICTION_LIMITS.code,
    maxLength: JURISDICTION_LIMITS.code,
    pattern: STORED_CODE_PATTERN,
    description: 'Jurisdiction codes (ISO 3166-1 alpha-2), sorted.',
  })
  coverage!: string[];
  @ApiProperty({
    enum: AGENCY_CHANNELS,
    isArray: true,
    minItems: 1,
    maxItems: AGENCY_CHANNELS.length,
    description: CHANNELS_DOC,
  })
  channels!: AgencyChannel[];
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: AGENCY_LIMITS.webhookUrl,
    description: 'Where dispatches are POSTed; null when none is set.',
  })
  webhookUrl!: string | null;
  @ApiProperty({ description: 'A webhook secret is stored (it is never shown).' })
  webhookSecretSet!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: AGENCY_LIMITS.contactEmail,
    description: 'null when none is recorded.',
  })
  contactEmail!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: AGENCY_LIMITS.contactPhone,
    description: 'null when none is recorded.',
  })
  contactPhone!: string | null;
  @ApiProperty({ description: 'The coalition’s fallback channel.' }) isFallback!: boolean;
  @ApiProperty({ description: 'Inactive agencies are never proposed or dispatched to.' })
  active!: boolean;
  @ApiProperty({ description: 'Fictitious record from the demo seed.' }) isDemo!: boolean;
  @ApiProperty({ ...STORED_INTEGER, minimum: 1, description: 'Incremented by every change.' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AgencyListResponse {
  @ApiProperty({
    type: [AgencyResponse],
    description:
      'Every agency that matches, by name: at most one per law-enforcement organization (the list is not paged).',
  })
  items!: AgencyResponse[];
}

/** Most liaisons one agency lists (not paged: an agency has a handful). */
export const AGENCY_LIAISONS_MAX = 500;

/** A liaison a RED or AMBER+STRICT routing may name. */
export class AgencyLiaisonResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: DISPLAY_NAME_MAX_LENGTH }) displayName!: string;
  @ApiProperty({ format: 'email', maxLength: MAX_EMAIL_LENGTH }) email!: string;
}

export class AgencyLiaisonListResponse {
  @ApiProperty({
    type: [AgencyLiaisonResponse],
    maxItems: AGENCY_LIAISONS_MAX,
    description: `Active liaisons of the agency, by name; not paged (the first ${AGENCY_LIAISONS_MAX}).`,
  })
  items!: AgencyLiaisonResponse[];
}
