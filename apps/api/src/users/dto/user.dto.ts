import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  ROLES,
  USER_STATUSES,
  type Role,
  type UserStatus,
} from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsAbsentOrValid, MAX_EMAIL_LENGTH, trim } from '../../shared/validation';

export const DISPLAY_NAME_MAX_LENGTH = 120;

export class CreateUserDto {
  @ApiProperty({
    example: 'analyst@northbank.example',
    description:
      "Must be at exactly one of the organization's registered e-mail domains (emailDomains; " +
      'a subdomain is not covered); otherwise 400 naming the allowed domains, whether or not ' +
      'an account elsewhere holds the address. 409 email_taken when an account holds it.',
  })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @ApiProperty({ example: 'Sam Analyst' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName!: string;

  @ApiProperty({
    enum: ROLES,
    description: "Must suit the organization's kind; member admins grant member roles only.",
  })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({
    format: 'password',
    description:
      'Initial password, given to the person out of band; they can change it with POST /auth/password.',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsAbsentOrValid()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    enum: USER_STATUSES,
    description: 'Suspending ends every session of the user at once.',
  })
  @IsAbsentOrValid()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({
    format: 'password',
    description:
      "Reset another user's password; ends every session of that user. Not for one's own " +
      'password (400): change it with POST /auth/password, which asks for the current one.',
  })
  @IsAbsentOrValid()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES, description: 'Only users with this role.' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES, description: 'Only users in this status.' })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ maxLength: MAX_EMAIL_LENGTH }) email!: string;
  @ApiProperty({ maxLength: DISPLAY_NAME_MAX_LENGTH }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: USER_STATUSES }) status!: UserStatus;
  @ApiProperty({ description: 'A second factor (TOTP) is enrolled and confirmed.' })
  mfaEnabled!: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Last successful sign-in; null when the user has never signed in.',
  })
  lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse], maxItems: MAX_PAGE_SIZE, description: 'At most `limit`.' })
  items!: UserResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
