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
import { AgenciesService } from './agencies.service';
import {
  AgencyLiaisonListResponse,
  AgencyListResponse,
  AgencyResponse,
  CreateAgencyDto,
  ListAgenciesQueryDto,
  UpdateAgencyDto,
} from './dto/agency.dto';

const BAD_REQUEST = {
  description:
    'Invalid fields, each named in errors[]: organizationId, coverage[i], webhookUrl (not https, private or unresolvable host), webhookSecret, …',
};
const NOT_FOUND = { description: 'No such agency.' };

/** Agencies (platform admins manage; coordinators read). */
@ApiTags('reference data')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @RequirePermission('reference.read')
  @Get()
  @ApiOperation({
    summary: 'List agencies',
    description:
      'Platform admins and coordinators: every agency, by name, optionally only those covering a jurisdiction or only active (or inactive) ones. Not paged. Webhook secrets are never shown, only whether one is set.',
  })
  @ApiOkResponse({ type: AgencyListResponse })
  list(@Query() query: ListAgenciesQueryDto): Promise<AgencyListResponse> {
    return this.agencies.list(query);
  }

  @RequirePermission('reference.read')
  @Get(':id')
  @ApiOperation({
    summary: 'Read an agency',
    description:
      'Platform admins and coordinators: one agency with its coverage, channels and contacts. The webhook secret is never shown, only whether one is set.',
  })
  @ApiOkResponse({ type: AgencyResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id', UuidParamPipe) id: string): Promise<AgencyResponse> {
    return this.agencies.get(id);
  }

  @RequirePermission('reference.read')
  @Get(':id/liaisons')
  @ApiOperation({
    summary: "List an agency's liaisons",
    description:
      'Platform admins and coordinators: the active liaisons of the agency, by name — whom a RED or AMBER+STRICT routing may name as its recipients (`namedLiaisons` of POST /cases/{id}/propose).',
  })
  @ApiOkResponse({ type: AgencyLiaisonListResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  liaisons(@Param('id', UuidParamPipe) id: string): Promise<AgencyLiaisonListResponse> {
    return this.agencies.liaisons(id);
  }

  @RequirePermission('reference.manage')
  @Post()
  @ApiOperation({
    summary: 'Create an agency',
    description:
      'Platform admins: the agency of an active law-enforcement organization (one per organization), with the jurisdictions it covers and how dispatches reach it. The webhook URL must resolve to public addresses; the secret is write-only and stored encrypted. Audited.',
  })
  @ApiCreatedResponse({ type: AgencyResponse })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiConflictResponse({
    description:
      '`agency_exists`: the organization already has an agency; `fallback_exists`: another agency is already the active fallback.',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateAgencyDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgencyResponse> {
    return this.agencies.create(user, dto, meta);
  }

  @RequirePermission('reference.manage')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change an agency',
    description:
      'Platform admins: change the given fields (not the organization); coverage replaces the whole list, a new webhook secret rotates it. Every change increments `version` and is audited with the names of the changed fields, never the secret.',
  })
  @ApiOkResponse({ type: AgencyResponse })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description: '`fallback_exists`: another agency is already the active fallback.',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAgencyDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgencyResponse> {
    return this.agencies.update(user, id, dto, meta);
  }
}
