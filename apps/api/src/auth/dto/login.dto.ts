import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_EMAIL_LENGTH } from '../../shared/validation';
import { OTP_OR_RECOVERY_PATTERN, RECOVERY_CODE_LENGTH } from '../second-factor';

/** A refresh token as the API issues it: 32 random bytes in base64url. */
export const REFRESH_TOKEN_LENGTH = 43;
/** What POST /auth/refresh takes: tolerant of tokens of another length, refused as invalid. */
export const REFRESH_TOKEN_MIN_LENGTH = 20;
export const REFRESH_TOKEN_MAX_LENGTH = 200;

export class LoginDto {
  @ApiProperty({ example: 'officer@northbank.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({
    description:
      'Current TOTP code, required once the account has enrolled a second factor; or one ' +
      'unused recovery code (`xxxx-xxxx-xxxx-xxxx`), which this sign-in spends.',
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

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last login or refresh; usable once.' })
  @IsString()
  @MinLength(REFRESH_TOKEN_MIN_LENGTH)
  @MaxLength(REFRESH_TOKEN_MAX_LENGTH)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    description:
      'The new password: 12 to 128 characters, not containing the part of the e-mail address ' +
      'before @, not one repeated character, not a commonly leaked password.',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}
