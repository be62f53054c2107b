import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { OutcomeReportQueryDto, OutcomeReportResponse } from './dto/outcome-report.dto';
import { OutcomeReportsService } from './outcome-reports.service';

/** What came of the coalition's dispatches, for its coordinators. */
@ApiTags('reports')
@Controller('reports')
export class OutcomeReportsController {
  constructor(private readonly reports: OutcomeReportsService) {}

  @RequirePermission('cases.read')
  @Get('outcomes')
  @ApiOperation({
    summary: 'Coordinators: outcome counts per filing member and per agency',
    description:
      'Dispatches counted by the latest outcome their agency reported, optionally only those reported in [from, to). ' +
      'Every outcome value is present in `counts` (zeros included). Audited as `outcome_report.read`.',
  })
  @ApiOkResponse({ type: OutcomeReportResponse })
  @ApiBadRequestResponse({ description: 'A malformed from or to, or to not later than from.' })
  @ApiForbiddenResponse({ description: 'Not a coordinator.' })
  outcomes(
    @CurrentUser() user: AuthUser,
    @Query() query: OutcomeReportQueryDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OutcomeReportResponse> {
    return this.reports.report(user, query, meta);
  }
}
