import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'List alerts',
    description:
      'SLA breaches, failed deliveries, expired holds and terminations despite a hold, newest first; ' +
      'by default only those nobody has acknowledged. Coordinators and lead coordinators.',
  })
  @ApiOkResponse({ type: AlertPageResponse })
  list(@Query() query: ListAlertsQueryDto): Promise<AlertPageResponse> {
    return this.alerts.list(query);
  }

  @RequirePermission('cases.write')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge an alert',
    description:
      'Record that you have seen the alert (idempotent): the first acknowledgement is kept and audited ' +
      'as `alert.acknowledge`; acknowledging again answers the alert unchanged. The condition behind ' +
      'it is dealt with on the case. Coordinators and lead coordinators.',
  })
  @ApiParam({ name: 'id', description: 'The alert.' })
  @ApiOkResponse({ type: AlertResponse })
  @ApiNotFoundResponse({ description: 'No such alert.' })
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AlertResponse> {
    return this.alerts.acknowledge(user, id, meta);
  }
}
