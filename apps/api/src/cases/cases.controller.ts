import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { NoBodyPipe, ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CasesService } from './cases.service';
import {
  AddNoteDto,
  AssignCaseDto,
  CloseCaseDto,
  CreateInfoRequestDto,
  LinkReferralDto,
  ListCasesQueryDto,
  MergeCaseDto,
  ProposeRoutingDto,
  RejectCaseDto,
  ReopenCaseDto,
  SendBackDto,
} from './dto/case-commands.dto';
import {
  CaseDetailResponse,
  CaseNoteResponse,
  CasePageResponse,
  InfoRequestResponse,
} from './dto/case-responses.dto';
import { AssigneeListResponse } from './dto/assignee.dto';
import { RoutingSuggestionResponse } from './dto/routing-suggestion.dto';

const TRANSITION_409 = {
  description: "Not possible from the case's current status; `code` names the rule.",
};

/** The coordinators' side: triage, matching, information requests, routing and approval. */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @RequirePermission('cases.read')
  @Get()
  @ApiOperation({
    summary:
      'The inbox: filter by status, assignee, priority, overdue; most urgent first, then oldest.',
  })
  @ApiOkResponse({ type: CasePageResponse })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListCasesQueryDto,
  ): Promise<CasePageResponse> {
    return this.cases.list(user, query);
  }

  @RequirePermission('cases.write')
  @Get('assignees')
  @ApiOperation({
    summary: 'Who a case can be assigned to (not in api.md: the console needs it).',
    description:
      'The active coordinators and lead coordinators of the coalition, by name: id, display name and role only ' +
      '(no e-mail, no status). Coordinators cannot list users otherwise.',
  })
  @ApiOkResponse({ type: AssigneeListResponse })
  @ApiForbiddenResponse({ description: 'Not a coordinator.' })
  assignees(): Promise<AssigneeListResponse> {
    return this.cases.assignees();
  }

  @RequirePermission('cases.read')
  @Get(':id')
  @ApiOperation({ summary: 'The whole case (reading it is audited).' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiNotFoundResponse()
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.get(user, id, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign the case to a coordinator (yourself when userId is left out).',
    description: '`userId` is one of `GET /cases/assignees`; anyone else is a 400 on `userId`.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(TRANSITION_409)
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AssignCaseDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.assign(user, id, dto, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/notes')
  @ApiOperation({ summary: 'Add a coordinator-internal note.' })
  @ApiCreatedResponse({ type: CaseNoteResponse })
  addNote(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AddNoteDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseNoteResponse> {
    return this.cases.addNote(user, id, dto.body, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/info-requests')
  @ApiOperation({ summary: "Ask the filer of one of the case's referrals for more information." })
  @ApiCreatedResponse({ type: InfoRequestResponse })
  @ApiConflictResponse(TRANSITION_409)
  requestInfo(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateInfoRequestDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<InfoRequestResponse> {
    return this.cases.requestInfo(user, id, dto, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/link')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move a referral (typically a suggested one) into this case; a case left empty is merged into this one.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(TRANSITION_409)
  link(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: LinkReferralDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.link(user, id, dto.referralId.toLowerCase(), meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/suggestions/:referralId/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss a suggested link (not in api.md: the console needs it).' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiNotFoundResponse({ description: 'No open suggestion of that referral for this case.' })
  dismissSuggestion(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('referralId', UuidParamPipe) referralId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.dismissSuggestion(user, id, referralId, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this case into another open case; its referrals move with it.' })
  @ApiOkResponse({ type: CaseDetailResponse, description: 'The case merged into.' })
  @ApiBadRequestResponse({ description: '`merge_target_invalid`: not another, open case.' })
  @ApiConflictResponse(TRANSITION_409)
  merge(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: MergeCaseDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.merge(user, id, dto.intoCaseId.toLowerCase(), meta);
  }

  @RequirePermission('cases.read')
  @Get(':id/routing-suggestion')
  @ApiOperation({
    summary:
      'Candidate jurisdictions and agencies, each with the reason; the fallback agency where none covers a jurisdiction.',
  })
  @ApiOkResponse({ type: RoutingSuggestionResponse })
  @ApiNotFoundResponse()
  routingSuggestion(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RoutingSuggestionResponse> {
    return this.cases.routingSuggestion(user, id);
  }

  @RequirePermission('cases.write')
  @Post(':id/propose')
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose the routing (agencies, TLP, rationale) → pending_approval.' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiBadRequestResponse({ description: 'No agency, or an unknown or inactive one (named).' })
  @ApiConflictResponse(TRANSITION_409)
  propose(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ProposeRoutingDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.propose(user, id, dto, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve the proposed routing (a lead who is not the proposer): one dispatch per agency, then routed.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiForbiddenResponse({
    description:
      '`case_approve_forbidden` (not a lead) or `four_eyes_required` (the proposer); both audited.',
  })
  @ApiConflictResponse(TRANSITION_409)
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.approve(user, id, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/send-back')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the proposal back to review with a comment (lead).' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(TRANSITION_409)
  sendBack(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: SendBackDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.sendBack(user, id, dto.comment, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason; filers see their referrals as declined.' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(TRANSITION_409)
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RejectCaseDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.reject(user, id, dto.reason, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a routed case once every dispatch is accepted or declined.' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(TRANSITION_409)
  close(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CloseCaseDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.close(user, id, dto.outcome, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed or rejected case with a reason (lead).' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(TRANSITION_409)
  reopen(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ReopenCaseDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.reopen(user, id, dto.reason, meta);
  }
}
