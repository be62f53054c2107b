import { ApiProperty } from '@nestjs/swagger';
import { ORGANIZATION_KINDS, ROLES, type OrganizationKind, type Role } from '@app/domain';

export class SessionOrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
  @ApiProperty() legalName!: string;
  @ApiProperty({ example: 'GB' }) country!: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
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
    description: 'Permissions this role holds (see the permission table).',
    type: [String],
  })
  permissions!: string[];
}

export class TokenPairResponse {
  @ApiProperty({ description: 'Bearer token for the Authorization header.' }) accessToken!: string;
  @ApiProperty({ description: 'Single-use token for POST /auth/refresh.' }) refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn!: number;
  @ApiProperty({ type: MeResponse }) user!: MeResponse;
}
