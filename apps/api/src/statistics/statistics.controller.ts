import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StatisticsQueryDto, StatisticsResponse, TransparencyQueryDto } from './dto/statistics.dto';
import { StatisticsService } from './statistics.service';

const NO_STORE = {
  description: 'Always `no-store`.',
  schema: { type: 'string', enum: ['no-store'] },
};

/** Aggregate figures for auditors and the platform administrator (docs/statistics.md). */
@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @RequirePermission('statistics.read')
  @Get()
  @ApiOperation({
    summary: 'Read the statistics',
    description:
      'Auditors and platform admins. For a range of months (UTC): submitted referrals per month ' +
      'and member organization; median and 90th-percentile times to triage, approval, delivery ' +
      'and acknowledgement per month; dispatches by agency, country, status and reported outcome. ' +
      'Audited as `statistics.read`.',
  })
  @ApiOkResponse({ type: StatisticsResponse, headers: { 'Cache-Control': NO_STORE } })
  @ApiBadRequestResponse({
    description:
      'A month not written YYYY-MM, `to` before `from` or in the future, a range over 36 months, ' +
      'or a month before 2000.',
  })
  async overview(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
    @Query() query: StatisticsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatisticsResponse> {
    const answer = await this.statistics.overview(user, meta, query);
    void reply.header('cache-control', 'no-store');
    return answer;
  }

  @RequirePermission('statistics.read')
  @Get('transparency-report')
  @ApiOperation({
    summary: 'Export the yearly transparency report',
    description:
      'Auditors and platform admins. The figures of one calendar year fit for publication: ' +
      'referrals by month and type of member, by country of the member, cases sent by the ' +
      "agency's country and result, median times. No member is named; counts below " +
      '`TRANSPARENCY_MIN_COUNT` (default 5) are shown as `<5`, and further counts are withheld ' +
      '(`c`) where a total would give one back. Audited as `statistics.transparency_exported`.',
  })
  @ApiProduces('text/csv', 'application/pdf')
  @ApiOkResponse({
    description:
      'CSV (`table,row,column,value`, one line per published cell) or PDF, offered as a file download.',
    headers: {
      'Content-Disposition': {
        description: 'Always `attachment; filename="transparency-report-<year>.<csv|pdf>"`.',
        schema: {
          type: 'string',
          maxLength: 80,
          pattern: '^attachment; filename="transparency-report-[0-9]{4}\\.(csv|pdf)"$',
        },
      },
      'Cache-Control': NO_STORE,
    },
    content: {
      'text/csv': { schema: { type: 'string', maxLength: 10_000_000 } },
      'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: 50_000_000 } },
    },
  })
  @ApiBadRequestResponse({
    description:
      'A year that is not a whole number, before 2000 or in the future, or an unknown format.',
  })
  async transparency(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
    @Query() query: TransparencyQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.statistics.transparency(user, meta, query);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store');
    return file.body;
  }
}
