import { MAX_EMAIL_DOMAINS, MAX_SSO_ACR_VALUES } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MAX_EMAIL_LENGTH, trim } from '../../../shared/validation';
import { OTP_OR_RECOVERY_PATTERN, RECOVERY_CODE_LENGTH } from '../../second-factor';

export const SSO_ISSUER_MAX_LENGTH = 500;
export const SSO_CLIENT_ID_MAX_LENGTH = 500;
export const SSO_CLIENT_SECRET_MAX_LENGTH = 1000;
export const SSO_ACR_MAX_LENGTH = 200;
/** An authorization URL: the provider's endpoint and this request's parameters. */
export const SSO_AUTHORIZATION_URL_MAX_LENGTH = 4000;
/** The hub's redirect URI (SSO_CALLBACK_URL). */
export const SSO_CALLBACK_URL_MAX_LENGTH = 2000;
/** An e-mail domain name. */
const DOMAIN_MAX_LENGTH = 253;
/** The one-time code handed to the console: 32 random bytes in base64url. */
export const SSO_HANDOFF_CODE_LENGTH = 43;

export class StartSsoDto {
  @ApiProperty({
    example: 'officer@northbank.example',
    description:
      "The person's work address: its domain names the organization (a registered e-mail " +
      'domain) and the address is passed to the provider as login_hint.',
  })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;
}

export class StartSsoResponse {
  @ApiProperty({
    maxLength: SSO_AUTHORIZATION_URL_MAX_LENGTH,
    description:
      "The organization's provider's authorization endpoint with this sign-in's request " +
      '(code flow, PKCE S256, state, nonce): open it in the browser.',
  })
  authorizationUrl!: string;
}

export class SsoSessionDto {
  @ApiProperty({
    description:
      'The one-time code the callback handed to the console (in the fragment of its ' +
      'sign-in page as sso_code). Valid two minutes, usable once.',
  })
  @IsString()
  @MinLength(SSO_HANDOFF_CODE_LENGTH)
  @MaxLength(SSO_HANDOFF_CODE_LENGTH)
  code!: string;

  @ApiPropertyOptional({
    description:
      'The current TOTP code (or an unused recovery code) when the account has a second ' +
      'factor and the provider did not assert one (see docs/sso.md).',
    example: '123456',
  })
  @IsOptional()
  @IsString()
  @MaxLength(RECOVERY_CODE_LENGTH)
  @Matches(OTP_OR_RECOVERY_PATTERN, {
    message: 'otp must be a 6-digit code or a recovery code (xxxx-xxxx-xxxx-xxxx)',
  })
  otp?: string;
}

export class SsoCallbackQueryDto {
  @ApiPropertyOptional({ description: "The provider's authorization code." })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  code?: string;

  @ApiPropertyOptional({ description: 'The state this sign-in was started with.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  state?: string;

  @ApiPropertyOptional({ description: 'The issuer of the answer (RFC 9207), when sent.' })
  @IsOptional()
  @IsString()
  @MaxLength(SSO_ISSUER_MAX_LENGTH)
  iss?: string;

  @ApiPropertyOptional({ description: "The provider's error code, when it refused." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  error?: string;

  @ApiPropertyOptional({ description: "The provider's description of its error." })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error_description?: string;

  @ApiPropertyOptional({ description: "The provider's session state, when sent (ignored)." })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  session_state?: string;
}

export class PutSsoSettingsDto {
  @ApiProperty({
    example: 'https://login.northbank.example',
    description:
      "The provider's issuer identifier, exactly as its discovery document states it " +
      '(https only). ID tokens of any other issuer are refused.',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(SSO_ISSUER_MAX_LENGTH)
  issuer!: string;

  @ApiProperty({ description: 'The client id the provider registered for the hub.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(SSO_CLIENT_ID_MAX_LENGTH)
  clientId!: string;

  @ApiPropertyOptional({
    format: 'password',
    description:
      'The client secret. Write-only: encrypted at rest and never returned (responses show ' +
      'clientSecretSet). Required the first time; omitted, the stored one is kept.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(SSO_CLIENT_SECRET_MAX_LENGTH)
  clientSecret?: string;

  @ApiProperty({
    description:
      "Whether the organization's people must sign in through the provider: their " +
      'passwords are refused (`sso_required`). Platform administrators keep their password.',
  })
  @IsBoolean()
  required!: boolean;

  @ApiPropertyOptional({
    type: [String],
    description:
      '`acr` values of the ID token that count as a second factor, besides the `amr` ' +
      'values mfa, otp, hwk and sc (see docs/sso.md).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SSO_ACR_VALUES)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(SSO_ACR_MAX_LENGTH, { each: true })
  mfaAcrValues?: string[];
}

export class SsoSettingsResponse {
  @ApiProperty({ description: 'Whether the organization has a provider configured.' })
  configured!: boolean;

  @ApiProperty({ type: String, nullable: true, maxLength: SSO_ISSUER_MAX_LENGTH })
  issuer!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: SSO_CLIENT_ID_MAX_LENGTH })
  clientId!: string | null;

  @ApiProperty({ description: 'Whether a client secret is stored (it is never returned).' })
  clientSecretSet!: boolean;

  @ApiProperty() required!: boolean;

  @ApiProperty({
    type: String,
    isArray: true,
    maxItems: MAX_SSO_ACR_VALUES,
    items: { type: 'string', maxLength: SSO_ACR_MAX_LENGTH },
  })
  mfaAcrValues!: string[];

  @ApiProperty({
    type: String,
    isArray: true,
    maxItems: MAX_EMAIL_DOMAINS,
    items: { type: 'string', maxLength: DOMAIN_MAX_LENGTH },
    description:
      "The organization's registered e-mail domains: only addresses at these may sign in " +
      '(managed on the organization).',
  })
  emailDomains!: string[];

  @ApiProperty({
    maxLength: SSO_CALLBACK_URL_MAX_LENGTH,
    description: 'The redirect URI to register at the provider.',
  })
  redirectUri!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: string | null;
}
