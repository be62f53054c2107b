import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta, UuidParamPipe } from '@app/common';
import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RoutingPreviewResponse } from './routing-preview.dto';
import { RoutingPreviewService } from './routing-preview.service';

@ApiTags('cases')
@Controller('cases')
export class RoutingPreviewController {
  constructor(private readonly previews: RoutingPreviewService) {}

  @RequirePermission('cases.read')
  @Get(':id/package-preview')
  @ApiOperation({
    summary: 'Preview exactly what each agency would receive (audited)',
    description:
      'For a case awaiting approval: the package each agency of the proposed routing would ' +
      'receive if the caller approved now, built exactly as the approval builds it (masked ' +
      'identifiers, filers anonymised unless they opted in, documents, answers, names). Nothing ' +
      'is created. Audited as `case.package_preview`.',
  })
  @ApiOkResponse({ type: RoutingPreviewResponse })
  @ApiNotFoundResponse({ description: 'No such case.' })
  @ApiConflictResponse({
    description:
      '`no_routing_to_preview` (the case is not awaiting approval), `routing_plan_stale` (an ' +
      'agency is no longer active) or `case_has_no_referrals`.',
  })
  preview(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RoutingPreviewResponse> {
    return this.previews.preview(user, id, meta);
  }
}
