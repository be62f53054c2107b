import { CurrentUser, Public, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthService } from './auth.service';
import { AllowedDuringMfaEnrolment } from './mfa-enrolment.interceptor';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { MeResponse, TokenPairResponse } from './dto/session.response';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiUnauthorizedResponse({
    description:
      'Wrong e-mail or password (`invalid_credentials`, no hint which), the account is ' +
      'inactive, the account uses a second factor and no `otp` was sent (`mfa_required`), ' +
      'or the code was wrong or already used (`mfa_invalid`, counted as a failed sign-in).',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many failures for this account name; see Retry-After.',
  })
  login(@Body() dto: LoginDto, @ReqMeta() meta: RequestMeta): Promise<TokenPairResponse> {
    return this.auth.login(dto, meta);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: TokenPairResponse,
    description: 'A new pair; the presented refresh token is spent.',
  })
  @ApiUnauthorizedResponse({
    description: 'Unknown, expired or reused token (reuse ends the session).',
  })
  refresh(@Body() dto: RefreshDto, @ReqMeta() meta: RequestMeta): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken, meta);
  }

  @RequirePermission('session.self')
  @AllowedDuringMfaEnrolment()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session (all its refresh tokens) is ended.' })
  logout(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta): Promise<void> {
    return this.auth.logout(user, meta);
  }

  @RequirePermission('session.self')
  @AllowedDuringMfaEnrolment()
  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }

  @RequirePermission('session.self')
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: "Password changed; the account's other sessions are ended.",
  })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.auth.changePassword(user, dto, meta);
  }
}
