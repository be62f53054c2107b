import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PutSsoSettingsDto, SsoSettingsResponse } from './dto/sso.dto';
import { SsoSettingsService } from './sso-settings.service';

@ApiTags('single sign-on')
@Controller('organizations/:id/sso')
export class SsoSettingsController {
  constructor(private readonly settings: SsoSettingsService) {}

  @RequirePermission('users.manage')
  @Get()
  @ApiOperation({
    summary: "Show an organization's single sign-on settings",
    description:
      'Platform administrators, and member administrators for their own organization. The ' +
      'client secret is never returned; the redirect URI to register at the provider is.',
  })
  @ApiOkResponse({ type: SsoSettingsResponse })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
  ): Promise<SsoSettingsResponse> {
    return this.settings.get(user, organizationId);
  }

  @RequirePermission('users.manage')
  @Put()
  @ApiOperation({
    summary: "Set an organization's single sign-on provider",
    description:
      'Platform administrators, and member administrators for their own organization. ' +
      'Audited as organization.sso_update (without the secret).',
  })
  @ApiOkResponse({ type: SsoSettingsResponse })
  @ApiBadRequestResponse({
    description: 'Invalid fields: issuer (https only), clientSecret (required the first time), …',
  })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  put(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
    @Body() dto: PutSsoSettingsDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<SsoSettingsResponse> {
    return this.settings.put(user, organizationId, dto, meta);
  }

  @RequirePermission('users.manage')
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: "Remove an organization's single sign-on provider",
    description:
      'Its people sign in with passwords again (accounts created by single sign-on have none ' +
      'until an administrator sets one). Audited as organization.sso_delete.',
  })
  @ApiNoContentResponse({ description: 'Removed (or there was none).' })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.settings.remove(user, organizationId, meta);
  }
}
