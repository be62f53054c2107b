import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { OTP_OR_RECOVERY_PATTERN, TOTP_CODE_PATTERN } from '../second-factor';

export class MfaCodeDto {
  @ApiProperty({
    description: 'The current 6-digit code from the authenticator app.',
    example: '123456',
  })
  @IsString()
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
  })
  otpauthUri!: string;

  @ApiProperty({
    description: 'The same secret in base-32, for typing into an app by hand.',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret!: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({
    description:
      'Ten single-use recovery codes. Shown once: only their digests are kept. Each one ' +
      'stands in for a TOTP code at sign-in (`otp`) when the authenticator is lost.',
    type: [String],
    example: ['7k2m-9xqd-a4vt-0hcw'],
  })
  recoveryCodes!: string[];
}
