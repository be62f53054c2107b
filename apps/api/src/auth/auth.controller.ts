import { CurrentUser, Public, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthService } from './auth.service';
import { AllowedDuringMfaEnrolment } from './mfa-enrolment.guard';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { MeResponse, TokenPairResponse } from './dto/session.response';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Public. Exchanges an e-mail address and password (and, once the account has a second ' +
      'factor, a TOTP or recovery code as `otp`) for an access token and a single-use refresh ' +
      'token. Every failure counts toward the lockout of the account name, and every attempt ' +
      'is audited.',
  })
  @ApiOkResponse({ type: TokenPairResponse, description: 'Signed in: a new session.' })
  @ApiUnauthorizedResponse({
    description:
      'Wrong e-mail or password (`invalid_credentials`, no hint which), the account is ' +
      'inactive, the account uses a second factor and no `otp` was sent (`mfa_required`), ' +
      'or the code was wrong or already used (`mfa_invalid`, counted as a failed sign-in).',
  })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failures for this account name (`login_locked`, even with the right ' +
      'password), or too many sign-in attempts from this address (`rate_limited`); see ' +
      'Retry-After.',
  })
  login(@Body() dto: LoginDto, @ReqMeta() meta: RequestMeta): Promise<TokenPairResponse> {
    return this.auth.login(dto, meta);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Renew a session',
    description:
      'Public: the refresh token is the credential. Answers a new token pair and spends the ' +
      'presented refresh token; presenting a spent one again ends the whole session (a sign ' +
      'that it was copied).',
  })
  @ApiOkResponse({
    type: TokenPairResponse,
    description: 'A new pair; the presented refresh token is spent.',
  })
  @ApiUnauthorizedResponse({
    description:
      'Unknown or expired token, or the account or organization is no longer active ' +
      '(`invalid_refresh_token`); a spent token presented again (`refresh_token_reused`, ' +
      'which ends the session).',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many renewals from this address (`rate_limited`); see Retry-After.',
  })
  refresh(@Body() dto: RefreshDto, @ReqMeta() meta: RequestMeta): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken, meta);
  }

  @RequirePermission('session.self')
  @AllowedDuringMfaEnrolment()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign out',
    description:
      'Any signed-in user, also while a required second factor is not yet enrolled. Ends the ' +
      "current session (its access and refresh tokens); the account's other sessions stay.",
  })
  @ApiNoContentResponse({ description: 'The session (all its refresh tokens) is ended.' })
  logout(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta): Promise<void> {
    return this.auth.logout(user, meta);
  }

  @RequirePermission('session.self')
  @AllowedDuringMfaEnrolment()
  @Get('me')
  @ApiOperation({
    summary: 'Show the signed-in user',
    description:
      'Any signed-in user, also while a required second factor is not yet enrolled. The ' +
      "account, its organization, its role's permissions and its second-factor state.",
  })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }

  @RequirePermission('session.self')
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Change your password',
    description:
      "Any signed-in user, for their own password; needs the current one. The account's " +
      'other sessions end; the session that made the change carries on.',
  })
  @ApiNoContentResponse({
    description: "Password changed; the account's other sessions are ended.",
  })
  @ApiBadRequestResponse({
    description:
      'Invalid fields, `currentPassword` is not the current password, or `newPassword` ' +
      'breaks the password rules (each named in `errors`).',
  })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.auth.changePassword(user, dto, meta);
  }
}
