import { ApiProperty } from '@nestjs/swagger';
import {
  ORGANIZATION_KINDS,
  PERMISSIONS,
  ROLES,
  type OrganizationKind,
  type Permission,
  type Role,
} from '@app/domain';
import { MAX_EMAIL_LENGTH } from '../../shared/validation';
import { LEGAL_NAME_MAX_LENGTH } from '../../organizations/dto/organization.dto';
import { DISPLAY_NAME_MAX_LENGTH } from '../../users/dto/user.dto';
import { REFRESH_TOKEN_LENGTH } from './login.dto';

/**
 * An access token is an HS256 JWT of fixed claims (three UUIDs, the role, the
 * token type, issue and expiry times, a UUID token id): about 350 characters.
 */
const ACCESS_TOKEN_MAX_LENGTH = 512;

export class SessionOrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
  @ApiProperty({ maxLength: LEGAL_NAME_MAX_LENGTH }) legalName!: string;
  @ApiProperty({
    description: 'ISO 3166-1 alpha-2.',
    example: 'GB',
    minLength: 2,
    maxLength: 2,
    pattern: '^[A-Z]{2}$',
  })
  country!: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: MAX_EMAIL_LENGTH }) email!: string;
  @ApiProperty({ maxLength: DISPLAY_NAME_MAX_LENGTH }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'A second factor (TOTP) is enrolled and confirmed.' })
  mfaEnabled!: boolean;
  @ApiProperty({
    description:
      'The role must use a second factor (MFA_REQUIRED_ROLES). When this is true and ' +
      '`mfaEnabled` is false the session may only enrol (other routes answer 403 ' +
      '`mfa_enrolment_required`).',
  })
  mfaRequired!: boolean;
  @ApiProperty({ type: SessionOrganizationResponse }) organization!: SessionOrganizationResponse;
  @ApiProperty({
    description: 'Permissions this role holds (see the permission table), each once.',
    enum: PERMISSIONS,
    isArray: true,
    maxItems: PERMISSIONS.length,
    uniqueItems: true,
  })
  permissions!: Permission[];
}

export class TokenPairResponse {
  @ApiProperty({
    description: 'Bearer token (a signed JWT) for the Authorization header.',
    maxLength: ACCESS_TOKEN_MAX_LENGTH,
    pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
  })
  accessToken!: string;
  @ApiProperty({
    description: 'Single-use opaque token for POST /auth/refresh.',
    minLength: REFRESH_TOKEN_LENGTH,
    maxLength: REFRESH_TOKEN_LENGTH,
    pattern: '^[A-Za-z0-9_-]+$',
  })
  refreshToken!: string;
  @ApiProperty({
    description: 'Seconds until the access token expires (ACCESS_TOKEN_TTL_SECONDS, 60 to 3600).',
    example: 900,
    type: 'integer',
    format: 'int32',
    minimum: 60,
    maximum: 3600,
  })
  expiresIn!: number;
  @ApiProperty({ type: MeResponse }) user!: MeResponse;
}
