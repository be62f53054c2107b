import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { NoBodyPipe, type Page, ReqMeta, type RequestMeta, UuidParamPipe } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StixExportService } from '../stix/stix-export.service';
import { ApiStixBundleResponse, stixDownload } from '../stix/stix-response';
import { DispatchesService } from './dispatches.service';
import {
  AcceptDispatchDto,
  DeclineDispatchDto,
  DispatchOutcomeDto,
  ListDispatchesQueryDto,
} from './dto/dispatch.dto';
import {
  DispatchPageResponse,
  DispatchResponse,
  type DispatchSummaryResponse,
} from './dto/dispatch-response.dto';

const NOT_FOUND = { description: "No such dispatch, or not your agency's." };
const WRONG_STATE = {
  description:
    'Not possible from the dispatch’s current status; `code` names the rule, e.g. `dispatch_acknowledge_not_allowed_from_pending`.',
};

/** Dispatches: liaisons act on their own agency's; coordinators read all and retry deliveries. */
@ApiTags('dispatches')
@Controller('dispatches')
export class DispatchesController {
  constructor(
    private readonly dispatches: DispatchesService,
    private readonly stix: StixExportService,
  ) {}

  @RequirePermission('dispatches.read')
  @Get()
  @ApiOperation({
    summary: 'List dispatches, oldest first',
    description:
      "A liaison sees only their own agency's dispatches; coordinators see all. No package in the list, " +
      'but what a liaison triages by: `priority` (at approval), `merchantName` (the main merchant as the package names it) ' +
      'and `acknowledgeBy` (when the acknowledgement is due, null when no clock runs). Listing is not audited; opening a dispatch is.',
  })
  @ApiOkResponse({ type: DispatchPageResponse })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListDispatchesQueryDto,
  ): Promise<Page<DispatchSummaryResponse>> {
    return this.dispatches.list(user, query);
  }

  @RequirePermission('dispatches.read')
  @Get(':id')
  @ApiOperation({
    summary: 'Open a dispatch and read its case package (audited)',
    description:
      'A liaison opens their own agency\'s dispatches; coordinators open any. Filing members appear as "coalition member" unless they opted in to be named. `delivery` is shown to coordinators only (null for liaisons).',
  })
  @ApiOkResponse({ type: DispatchResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.dispatches.get(user, id, meta);
  }

  @RequirePermission('dispatches.read')
  @Get(':id/stix')
  @ApiOperation({
    summary: "Export a dispatch's case package as a STIX 2.1 bundle (audited)",
    description:
      "A liaison exports their own agency's dispatches; coordinators export any. The bundle is " +
      'built from the package as stored (what the agency received: masked, filers anonymised unless ' +
      'they opted in): the merchant as an identity (and infrastructure for its web presence), ' +
      'observables as cyber-observable objects with indicators and observed-data, the narratives ' +
      "as a report published at approval, and the package's TLP 2.0 marking on every object. " +
      'Audited as `dispatch.export_stix`. A bundle that fails validation is never sent (500).',
  })
  @ApiStixBundleResponse("The dispatch's case package")
  @ApiNotFoundResponse(NOT_FOUND)
  async stixBundle(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return stixDownload(reply, await this.stix.dispatchBundle(user, id, meta));
  }

  @RequirePermission('dispatches.act')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge receipt (delivered → acknowledged)',
    description:
      "A liaison of the dispatch's agency confirms the package arrived; this meets the agency's acknowledgement clock. Audited.",
  })
  @ApiOkResponse({ type: DispatchResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WRONG_STATE)
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.dispatches.acknowledge(user, id, meta);
  }

  @RequirePermission('dispatches.act')
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept the case (delivered or acknowledged → accepted), with the agency case number',
    description:
      "A liaison of the dispatch's agency takes the case on, optionally with the agency's own case number; this meets the acknowledgement clock if it still runs. Audited.",
  })
  @ApiOkResponse({ type: DispatchResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WRONG_STATE)
  accept(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AcceptDispatchDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.dispatches.accept(user, id, body.leCaseNumber, meta);
  }

  @RequirePermission('dispatches.act')
  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decline the case with a reason (delivered or acknowledged → declined)',
    description:
      "A liaison of the dispatch's agency refuses the case; coordinators read the reason to route it elsewhere; this meets the acknowledgement clock if it still runs. Audited.",
  })
  @ApiOkResponse({ type: DispatchResponse })
  @ApiBadRequestResponse({ description: 'No reason, or one shorter than 3 characters.' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WRONG_STATE)
  decline(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: DeclineDispatchDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.dispatches.decline(user, id, body.reason, meta);
  }

  @RequirePermission('dispatches.act')
  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record (or update) what came of an accepted dispatch',
    description:
      "A liaison of the dispatch's agency reports the outcome; it may report again as the matter progresses, and the latest report stands. Only once accepted; otherwise 409 `dispatch_outcome_not_allowed_from_<status>`. Audited.",
  })
  @ApiOkResponse({ type: DispatchResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WRONG_STATE)
  outcome(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: DispatchOutcomeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.dispatches.recordOutcome(user, id, body, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Coordinators: deliver a failed dispatch again (failed → pending)',
    description:
      'Coordinators: once the receiver is fixed, a dispatch whose delivery gave up goes back to pending and a new delivery job is queued. Audited.',
  })
  @ApiOkResponse({ type: DispatchResponse })
  @ApiForbiddenResponse({ description: 'Not a coordinator.' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WRONG_STATE)
  retry(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.dispatches.retry(user, id, meta);
  }
}
