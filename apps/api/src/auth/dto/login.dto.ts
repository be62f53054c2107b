import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OTP_OR_RECOVERY_PATTERN } from '../second-factor';

export class LoginDto {
  @ApiProperty({ example: 'officer@northbank.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;

  @ApiPropertyOptional({
    description:
      'Current TOTP code, required once the account has enrolled a second factor; or one ' +
      'unused recovery code (`xxxx-xxxx-xxxx-xxxx`), which this sign-in spends.',
    example: '123456',
  })
  @IsOptional()
  @IsString()
  @Matches(OTP_OR_RECOVERY_PATTERN, {
    message: 'otp must be a 6-digit code or a recovery code (xxxx-xxxx-xxxx-xxxx)',
  })
  otp?: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last login or refresh; usable once.' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 128 })
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  newPassword!: string;
}
