import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
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
