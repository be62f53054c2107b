import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListAlertsQueryDto } from '../cases/dto/case-commands.dto';
import { AlertPageResponse, AlertResponse } from '../cases/dto/case-responses.dto';
import { AlertsService } from './alerts.service';

/**
 * Coordinator alerts (not in api.md: the issue asks that coordinators be
 * notified of SLA breaches and failed deliveries; this is where they read them).
 */
@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @RequirePermission('alerts.read')
  @Get()
  @ApiOperation({ summary: 'SLA breaches, failed deliveries and expired holds, newest first.' })
  @ApiOkResponse({ type: AlertPageResponse })
  list(@Query() query: ListAlertsQueryDto): Promise<AlertPageResponse> {
    return this.alerts.list(query);
  }

  @RequirePermission('cases.write')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that you have seen the alert (idempotent).' })
  @ApiOkResponse({ type: AlertResponse })
  @ApiNotFoundResponse()
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AlertResponse> {
    return this.alerts.acknowledge(user, id, meta);
  }
}
