import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateJurisdictionDto,
  JURISDICTION_CODE_PATTERN,
  JURISDICTION_LIMITS,
  JurisdictionListResponse,
  JurisdictionResponse,
  UpdateJurisdictionDto,
} from './dto/jurisdiction.dto';
import { JurisdictionCodePipe } from './jurisdiction-code.pipe';
import { JurisdictionsService } from './jurisdictions.service';

const CODE_PARAM = {
  name: 'code',
  description: 'ISO 3166-1 alpha-2, any case; anything but two letters is a 400 naming code.',
  example: 'GB',
  schema: {
    type: 'string',
    minLength: JURISDICTION_LIMITS.code,
    maxLength: JURISDICTION_LIMITS.code,
    pattern: JURISDICTION_CODE_PATTERN,
  },
} as const;
const NOT_FOUND = { description: 'No jurisdiction with this code is recorded.' };
const BAD_REQUEST = { description: 'Invalid fields, each named in errors[].' };

/** Jurisdictions (platform admins manage; coordinators read). */
@ApiTags('reference data')
@Controller('jurisdictions')
export class JurisdictionsController {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @RequirePermission('reference.read')
  @Get()
  @ApiOperation({
    summary: 'List jurisdictions',
    description:
      'Platform admins and coordinators: every recorded jurisdiction, by code, with its legislation criteria and hotline flag (what routing shows coordinators). Not paged: one per country at most.',
  })
  @ApiOkResponse({ type: JurisdictionListResponse })
  list(): Promise<JurisdictionListResponse> {
    return this.jurisdictions.list();
  }

  @RequirePermission('reference.read')
  @Get(':code')
  @ApiOperation({
    summary: 'Read a jurisdiction',
    description: 'Platform admins and coordinators: one jurisdiction by its country code.',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: JurisdictionResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('code', JurisdictionCodePipe) code: string): Promise<JurisdictionResponse> {
    return this.jurisdictions.get(code);
  }

  @RequirePermission('reference.manage')
  @Post()
  @ApiOperation({
    summary: 'Record a jurisdiction',
    description:
      'Platform admins: a country agencies can cover, with the model-legislation criteria (each `unknown` unless given). Audited.',
  })
  @ApiCreatedResponse({ type: JurisdictionResponse })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiConflictResponse({ description: 'The code exists already (`jurisdiction_exists`).' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateJurisdictionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<JurisdictionResponse> {
    return this.jurisdictions.create(user, dto, meta);
  }

  @RequirePermission('reference.manage')
  @Patch(':code')
  @ApiOperation({
    summary: 'Change a jurisdiction',
    description:
      'Platform admins: change the given fields (not the code). A change increments `version` and is audited with the names of the changed fields; one that changes nothing records nothing.',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: JurisdictionResponse })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  update(
    @CurrentUser() user: AuthUser,
    @Param('code', JurisdictionCodePipe) code: string,
    @Body() dto: UpdateJurisdictionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<JurisdictionResponse> {
    return this.jurisdictions.update(user, code, dto, meta);
  }
}
