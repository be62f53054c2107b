import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchQueryDto, SearchResponse } from './dto/search.dto';
import { SearchService } from './search.service';

/**
 * The console's one search box. Every signed-in role may search; what each
 * finds is decided per kind by the reach of that kind's list (SearchService).
 */
@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  // Every role holds session.self: the route is open to any signed-in person,
  // and each kind is then searched within the caller's reach of its list.
  @RequirePermission('session.self')
  @Get()
  @ApiOperation({
    summary: 'Search',
    description:
      'Find records by reference (exactly or by its start), by an identifier (domain, merchant ' +
      'id, e-mail address, phone, crypto wallet) or by a merchant name (approximately, trigram ' +
      'similarity), among exactly what the caller’s lists show: compliance officers their own ' +
      'referrals, member administrators their organization’s referrals and people, coordinators ' +
      'and leads referrals, cases and dispatches, liaisons the dispatches they may read, ' +
      'auditors references, people and organizations as targets of the audit trail (no ' +
      'content), platform administrators organizations and people. Ranked (exact reference, ' +
      'exact identifier, reference start, similar names) and grouped by kind. A search over ' +
      'case material is audited as `search.query`, with the text searched for and the records shown.',
  })
  @ApiOkResponse({ type: SearchResponse })
  @ApiBadRequestResponse({
    description: '`q` missing, too short or too long; an unknown `kind`; `limit` out of range.',
  })
  find(
    @CurrentUser() user: AuthUser,
    @Query() query: SearchQueryDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<SearchResponse> {
    return this.search.search(user, query, meta);
  }
}
