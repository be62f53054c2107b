import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  OrganizationPageResponse,
  OrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @RequirePermission('organizations.read')
  @Get()
  @ApiOkResponse({ type: OrganizationPageResponse })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrganizationsQueryDto,
  ): Promise<OrganizationPageResponse> {
    return this.organizations.list(user, query);
  }

  @RequirePermission('organizations.manage')
  @Post()
  @ApiCreatedResponse({ type: OrganizationResponse })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateOrganizationDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    return this.organizations.create(user, dto, meta);
  }

  @RequirePermission('organizations.read')
  @Get(':id')
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiNotFoundResponse()
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<OrganizationResponse> {
    return this.organizations.get(user, id);
  }

  @RequirePermission('organizations.manage')
  @Patch(':id')
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiNotFoundResponse()
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    return this.organizations.update(user, id, dto, meta);
  }
}
