import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyPageResponse,
  CreateApiKeyDto,
  CreatedApiKeyResponse,
  ListApiKeysQueryDto,
} from './dto/api-key.dto';

@ApiTags('api-keys')
@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('api_keys.manage')
  @Get('organizations/:id/api-keys')
  @ApiOperation({
    summary: "List an organization's API keys",
    description:
      'Member admins, for their own organization. Every key in creation order (active, ' +
      'expired and revoked), a page at a time, by its public prefix: never the key itself.',
  })
  @ApiOkResponse({ type: ApiKeyPageResponse, description: 'Never includes the keys themselves.' })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
    @Query() query: ListApiKeysQueryDto,
  ): Promise<ApiKeyPageResponse> {
    return this.keys.list(user, organizationId, query);
  }

  @RequirePermission('api_keys.manage')
  @Post('organizations/:id/api-keys')
  @ApiOperation({
    summary: 'Create an API key',
    description:
      "Member admins, for their own organization's member systems. The key acts as its " +
      'creator within its scopes (referrals only) and is answered once; only its hash is ' +
      'kept. Audited.',
  })
  @ApiCreatedResponse({
    type: CreatedApiKeyResponse,
    description: 'The only answer that shows the key: store it now.',
  })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
    @Body() dto: CreateApiKeyDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CreatedApiKeyResponse> {
    return this.keys.create(user, organizationId, dto, meta);
  }

  @RequirePermission('api_keys.manage')
  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      "Member admins, for their own organization's keys. The key is refused from the next " +
      'request on; revoking a revoked key changes nothing. Audited.',
  })
  @ApiNoContentResponse({ description: 'Revoked; the key is refused from the next request on.' })
  @ApiNotFoundResponse({ description: 'No such key, or not your organization’s.' })
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.keys.revoke(user, id, meta);
  }
}
