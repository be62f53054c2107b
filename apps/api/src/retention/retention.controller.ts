import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RetentionReportResponse } from './dto/retention-report.dto';
import { RetentionService } from './retention.service';

/** Retention: the dry run of the purge (docs/retention.md). */
@ApiTags('retention')
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @RequirePermission('retention.read')
  @Get('report')
  @ApiOperation({
    summary: 'Report what the retention purge would remove',
    description:
      'Platform administrators. Per kind of record: its period, how many records are past it ' +
      'now and the oldest of them; the audit months that would be archived, and those archived ' +
      'so far. Changes nothing; the read is audited.',
  })
  @ApiOkResponse({ type: RetentionReportResponse })
  report(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RetentionReportResponse> {
    return this.retention.report(user, meta);
  }
}
