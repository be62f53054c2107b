import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'List organizations',
    description:
      'Platform admins. Every organization in creation order, a page at a time, optionally ' +
      'filtered by kind and status, each with its registered e-mail domains.',
  })
  @ApiOkResponse({ type: OrganizationPageResponse })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrganizationsQueryDto,
  ): Promise<OrganizationPageResponse> {
    return this.organizations.list(user, query);
  }

  @RequirePermission('organizations.manage')
  @Post()
  @ApiOperation({
    summary: 'Create an organization',
    description:
      'Platform admins. A member bank, the coalition or a law-enforcement agency, with its ' +
      'registered e-mail domains; members need a member type and their sharing registration. ' +
      'Starts pending vetting unless a status is given. Audited.',
  })
  @ApiCreatedResponse({ type: OrganizationResponse })
  @ApiBadRequestResponse({
    description:
      'Invalid fields: member-only fields on another kind or missing on a member, an e-mail ' +
      'domain that is not a registrable host name (each named in `errors`).',
  })
  @ApiConflictResponse({
    description:
      'An organization of this legal name exists in this country (`organization_exists`), or ' +
      'an e-mail domain belongs to, or is used by accounts of, another organization ' +
      '(`email_domain_taken`, naming the domains in `errors`).',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateOrganizationDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    return this.organizations.create(user, dto, meta);
  }

  @RequirePermission('organizations.read')
  @Get(':id')
  @ApiOperation({
    summary: 'Show an organization',
    description: 'Platform admins. The organization and its registered e-mail domains.',
  })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiNotFoundResponse({ description: 'No such organization.' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<OrganizationResponse> {
    return this.organizations.get(user, id);
  }

  @RequirePermission('organizations.manage')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change an organization',
    description:
      'Platform admins. Changes the sent fields only; `emailDomains`, when sent, replaces the ' +
      "whole list. Suspending an organization ends every session of its users; one's own " +
      'organization must stay active. Audited.',
  })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiBadRequestResponse({
    description:
      "Invalid fields, member-only fields on another kind, or taking one's own organization " +
      'out of active status (each named in `errors`).',
  })
  @ApiNotFoundResponse({ description: 'No such organization.' })
  @ApiConflictResponse({
    description:
      'The new legal name is taken in the country (`organization_exists`), or an e-mail domain ' +
      'belongs to, or is used by accounts of, another organization (`email_domain_taken`, ' +
      'naming the domains in `errors`).',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrganizationResponse> {
    return this.organizations.update(user, id, dto, meta);
  }
}
