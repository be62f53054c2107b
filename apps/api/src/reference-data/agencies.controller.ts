import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AgenciesService } from './agencies.service';
import {
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
const CONFLICT = {
  description:
    'agency_exists: the organization already has an agency; fallback_exists: another agency is already the active fallback.',
};

/** Agencies (platform admins manage; coordinators read). */
@ApiTags('reference data')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @RequirePermission('reference.read')
  @Get()
  @ApiOkResponse({ type: AgencyListResponse })
  list(@Query() query: ListAgenciesQueryDto): Promise<AgencyListResponse> {
    return this.agencies.list(query);
  }

  @RequirePermission('reference.read')
  @Get(':id')
  @ApiOkResponse({ type: AgencyResponse })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParamPipe) id: string): Promise<AgencyResponse> {
    return this.agencies.get(id);
  }

  @RequirePermission('reference.manage')
  @Post()
  @ApiCreatedResponse({ type: AgencyResponse })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiConflictResponse(CONFLICT)
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateAgencyDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgencyResponse> {
    return this.agencies.create(user, dto, meta);
  }

  @RequirePermission('reference.manage')
  @Patch(':id')
  @ApiOkResponse({ type: AgencyResponse })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse()
  @ApiConflictResponse(CONFLICT)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAgencyDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgencyResponse> {
    return this.agencies.update(user, id, dto, meta);
  }
}
