import { Public } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Redirect } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { TokenPairResponse } from '../dto/session.response';
import { SsoCallbackQueryDto, SsoSessionDto, StartSsoDto, StartSsoResponse } from './dto/sso.dto';
import { SsoLoginService } from './sso-login.service';

@ApiTags('auth')
@Controller('auth/sso')
export class SsoLoginController {
  constructor(private readonly sso: SsoLoginService) {}

  @Public()
  @Post('start')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start signing in through your organization',
    description:
      "Public. The address's domain names the organization (one of its registered e-mail " +
      'domains); the answer is the authorization URL of its OpenID Connect provider, with ' +
      'a state, a nonce and a PKCE challenge kept (for ten minutes, usable once) by the API.',
  })
  @ApiOkResponse({ type: StartSsoResponse })
  @ApiBadRequestResponse({
    description:
      'Invalid `email`, or its domain is not that of an organization with single sign-on ' +
      '(the refusal is audited as auth.sso_refused, reason not_configured).',
  })
  @ApiUnauthorizedResponse({
    description:
      "The organization's provider cannot be reached or discovered (`sso_provider_error`).",
  })
  start(@Body() dto: StartSsoDto, @ReqMeta() meta: RequestMeta): Promise<StartSsoResponse> {
    return this.sso.start(dto.email, meta);
  }

  @Public()
  @Get('callback')
  @Redirect(undefined, HttpStatus.SEE_OTHER)
  @ApiOperation({
    summary: "The provider's answer (redirect URI)",
    description:
      'Public: the redirect URI registered at every provider. Verifies the answer (single-use ' +
      "state, PKCE, the ID token's issuer, audience, signature and nonce), requires a " +
      "verified e-mail at one of the organization's registered domains, finds or links the " +
      'account by (issuer, subject), or creates it awaiting a role, and redirects the browser ' +
      'to the console: `/sign-in#sso_code=…` (exchanged at POST /auth/sso/session) or ' +
      '`/sign-in?sso_error=<reason>` (every refusal audited as auth.sso_refused).',
  })
  @ApiResponse({
    status: HttpStatus.SEE_OTHER,
    description: "To the console's sign-in page, with a one-time code or an error code.",
  })
  @ApiBadRequestResponse({ description: 'Malformed query parameters.' })
  async callback(
    @Query() query: SsoCallbackQueryDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<{ url: string }> {
    return { url: await this.sso.callback(query, meta) };
  }

  @Public()
  @Post('session')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Finish signing in through your organization',
    description:
      "Public: the one-time code is the credential. Answers a session like POST /auth/login's. " +
      'An account with a second factor sends its code as `otp` unless the provider asserted ' +
      'one (amr mfa, otp, hwk or sc, or an acr the organization accepts).',
  })
  @ApiOkResponse({ type: TokenPairResponse, description: 'Signed in: a new session.' })
  @ApiUnauthorizedResponse({
    description:
      'Unknown, expired or spent code, or the account is no longer active ' +
      '(`sso_code_invalid`); a second factor is needed (`mfa_required`, the code stays ' +
      'usable); the second-factor code was wrong (`mfa_invalid`, the code is spent).',
  })
  session(@Body() dto: SsoSessionDto, @ReqMeta() meta: RequestMeta): Promise<TokenPairResponse> {
    return this.sso.session(dto, meta);
  }
}
