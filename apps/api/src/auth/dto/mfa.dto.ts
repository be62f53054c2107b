import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_EMAIL_LENGTH } from '../../shared/validation';
import {
  MFA_SECRET_LENGTH,
  OTP_OR_RECOVERY_PATTERN,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  RECOVERY_CODE_SHOWN_PATTERN,
  TOTP_CODE_LENGTH,
  TOTP_CODE_PATTERN,
} from '../second-factor';

/** MFA_ISSUER is at most this long (see the environment's settings). */
const MFA_ISSUER_MAX_LENGTH = 64;
/** Percent-encoding turns one UTF-16 code unit into at most 9 characters (3 UTF-8 bytes). */
const PERCENT_ENCODED = 9;
/**
 * `otpauth://totp/<issuer>:<address>?secret=<secret>&period=30&digits=6&algorithm=SHA1&issuer=<issuer>`,
 * with the issuer and the address percent-encoded.
 */
const OTPAUTH_URI_MAX_LENGTH =
  'otpauth://totp/:?secret=&period=30&digits=6&algorithm=SHA1&issuer='.length +
  2 * MFA_ISSUER_MAX_LENGTH * PERCENT_ENCODED +
  MAX_EMAIL_LENGTH * PERCENT_ENCODED +
  MFA_SECRET_LENGTH;

export class MfaCodeDto {
  @ApiProperty({
    description: 'The current 6-digit code from the authenticator app.',
    example: '123456',
  })
  @IsString()
  @MaxLength(TOTP_CODE_LENGTH)
  @Matches(TOTP_CODE_PATTERN, { message: 'otp must be a 6-digit code' })
  otp!: string;
}

export class MfaCodeOrRecoveryCodeDto {
  @ApiProperty({
    description:
      'The current 6-digit code from the authenticator app, or one unused recovery code ' +
      '(`xxxx-xxxx-xxxx-xxxx`; a recovery code is spent by this call).',
    example: '123456',
  })
  @IsString()
  @MaxLength(RECOVERY_CODE_LENGTH)
  @Matches(OTP_OR_RECOVERY_PATTERN, {
    message: 'otp must be a 6-digit code or a recovery code (xxxx-xxxx-xxxx-xxxx)',
  })
  otp!: string;
}

export class MfaEnrolmentResponse {
  @ApiProperty({
    description:
      'otpauth:// URI for an authenticator app (show it as a QR code). Shown only by this call.',
    example:
      'otpauth://totp/Coalition%20Referral%20Hub:officer%40northbank.example?secret=…&period=30&digits=6&algorithm=SHA1&issuer=Coalition%20Referral%20Hub',
    maxLength: OTPAUTH_URI_MAX_LENGTH,
    pattern: '^otpauth://totp/',
  })
  otpauthUri!: string;

  @ApiProperty({
    description: 'The same secret in base-32, for typing into an app by hand.',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    minLength: MFA_SECRET_LENGTH,
    maxLength: MFA_SECRET_LENGTH,
    pattern: '^[A-Z2-7]+$',
  })
  secret!: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({
    description:
      'Ten single-use recovery codes. Shown once: only their digests are kept. Each one ' +
      'stands in for a TOTP code at sign-in (`otp`) when the authenticator is lost.',
    type: String,
    isArray: true,
    minItems: RECOVERY_CODE_COUNT,
    maxItems: RECOVERY_CODE_COUNT,
    items: {
      type: 'string',
      minLength: RECOVERY_CODE_LENGTH,
      maxLength: RECOVERY_CODE_LENGTH,
      pattern: RECOVERY_CODE_SHOWN_PATTERN,
    },
    example: [
      'rfax-jpcq-vpfr-5xm6',
      'bzqh-0as2-9k1p-x2fh',
      'pbem-ey6c-zrg8-csty',
      'z8yp-r0a0-yjbf-nqn4',
      '79e2-j34n-r6rs-v709',
      'syyn-f8a6-7t0q-csxq',
      'zmn0-07bq-myzn-6dde',
      'kwsr-ndrw-2c6z-s6st',
      '3g6y-2dyv-ck2x-5x6g',
      'ken7-re2z-saph-rcaa',
    ],
  })
  recoveryCodes!: string[];
}
