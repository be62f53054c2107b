import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateJurisdictionDto,
  JurisdictionListResponse,
  JurisdictionResponse,
  UpdateJurisdictionDto,
} from './dto/jurisdiction.dto';
import { JurisdictionCodePipe } from './jurisdiction-code.pipe';
import { JurisdictionsService } from './jurisdictions.service';

const CODE_PARAM = { name: 'code', description: 'ISO 3166-1 alpha-2', example: 'GB' };

/** Jurisdictions (platform admins manage; coordinators read). */
@ApiTags('reference data')
@Controller('jurisdictions')
export class JurisdictionsController {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @RequirePermission('reference.read')
  @Get()
  @ApiOkResponse({ type: JurisdictionListResponse })
  list(): Promise<JurisdictionListResponse> {
    return this.jurisdictions.list();
  }

  @RequirePermission('reference.read')
  @Get(':code')
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: JurisdictionResponse })
  @ApiNotFoundResponse()
  get(@Param('code', JurisdictionCodePipe) code: string): Promise<JurisdictionResponse> {
    return this.jurisdictions.get(code);
  }

  @RequirePermission('reference.manage')
  @Post()
  @ApiCreatedResponse({ type: JurisdictionResponse })
  @ApiBadRequestResponse({ description: 'Invalid fields, each named in errors[].' })
  @ApiConflictResponse({ description: 'The code exists already (code jurisdiction_exists).' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateJurisdictionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<JurisdictionResponse> {
    return this.jurisdictions.create(user, dto, meta);
  }

  @RequirePermission('reference.manage')
  @Patch(':code')
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: JurisdictionResponse })
  @ApiBadRequestResponse({ description: 'Invalid fields, each named in errors[].' })
  @ApiNotFoundResponse()
  update(
    @CurrentUser() user: AuthUser,
    @Param('code', JurisdictionCodePipe) code: string,
    @Body() dto: UpdateJurisdictionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<JurisdictionResponse> {
    return this.jurisdictions.update(user, code, dto, meta);
  }
}
