import { PageQueryDto } from '@app/common';
import { ROLES, USER_STATUSES, type Role, type UserStatus } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsAbsentOrValid, trim } from '../../shared/validation';

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
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Sam Analyst', maxLength: 120 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({
    enum: ROLES,
    description: "Must suit the organization's kind; member admins grant member roles only.",
  })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 128,
    description:
      'Initial password, given to the person out of band; they can change it with POST /auth/password.',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
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
  @MinLength(12)
  @MaxLength(128)
  password?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: USER_STATUSES }) status!: UserStatus;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
