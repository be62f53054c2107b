// Over 400 lines on purpose: every route of the coordinators' case workflow stays on this
// one class because its name prefixes each operation id (`CasesController_approve`) that
// generated member clients name their methods after; the logic lives in the services and
// step classes, so what remains here is routes and their OpenAPI description.
import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { NoBodyPipe, ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StixExportService } from '../stix/stix-export.service';
import { ApiStixBundleResponse, stixDownload } from '../stix/stix-response';
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
  CaseInfoRequestResponse,
} from './dto/case-responses.dto';
import { AssigneeListResponse } from './dto/assignee.dto';
import { RoutingSuggestionResponse } from './dto/routing-suggestion.dto';

const TRANSITION_409 = {
  description: "Not possible from the case's current status; `code` names the rule.",
};

/** The `id` path parameter of every route about one case. */
const CaseIdParam = () => ApiParam({ name: 'id', description: 'The case.' });

/** The 409 of a status change: `case_<action>_not_allowed_from_<status>`. */
const transitionConflict = (action: string, from: string) => ({
  description:
    `${TRANSITION_409.description} \`case_${action}_not_allowed_from_<status>\` when the case is not ` +
    `${from}.`,
});

/** Only a lead coordinator may take these steps. */
const LEAD_ONLY_403 = (action: string) => ({
  description: `\`case_${action}_forbidden\`: a coordinator who is not a lead coordinator (audited as denied).`,
});

/**
 * The coordinators' side: triage, matching, information requests, routing and approval.
 * One class on purpose: its name is the prefix of every operation id
 * (`CasesController_approve`), which generated clients name their methods
 * after, so splitting it would rename a member's client methods.
 */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly stix: StixExportService,
  ) {}

  @RequirePermission('cases.read')
  @Get()
  @ApiOperation({
    summary: 'List cases (the inbox)',
    description:
      'The inbox: filter by status, assignee, priority, overdue; most urgent first, then oldest. ' +
      'Coordinators and lead coordinators. The cursor carries priority, age and id, so pages never ' +
      'repeat or skip a case while new ones arrive.',
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
    summary: 'List who a case can be assigned to',
    description:
      'Who a case can be assigned to (not in api.md: the console needs it). Coordinators and lead coordinators. ' +
      'The active coordinators and lead coordinators of the coalition, by name: id, display name and role only ' +
      '(no e-mail, no status). Coordinators cannot list users otherwise.',
  })
  @ApiOkResponse({ type: AssigneeListResponse })
  @ApiForbiddenResponse({ description: 'Not a coordinator.' })
  assignees(@CurrentUser() user: AuthUser): Promise<AssigneeListResponse> {
    return this.cases.assignees(user);
  }

  @RequirePermission('cases.read')
  @Get(':id')
  @CaseIdParam()
  @ApiOperation({
    summary: 'Read a case',
    description:
      'The whole case (reading it is audited as `case.read`): its referrals with their filers, shared keys, ' +
      'suggestions, notes, information requests, routing, dispatches, holds, clocks, alerts and timeline. ' +
      'Coordinators and lead coordinators.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiNotFoundResponse({ description: 'No such case.' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.get(user, id, meta);
  }

  @RequirePermission('cases.read')
  @Get(':id/stix')
  @CaseIdParam()
  @ApiOperation({
    summary: "Export a case's referrals as a STIX 2.1 bundle (audited)",
    description:
      'Coordinators and lead coordinators. The referrals an approval would package (undecided and ' +
      'accepted), masked and with filers anonymised exactly as in a dispatch package, as a STIX 2.1 ' +
      "bundle: marked with the case's TLP (before a proposal sets one: the most restrictive of its " +
      "referrals'), the report published at approval (before it: at the latest submission). " +
      'Audited as `case.export_stix`. A bundle that fails validation is never sent (500).',
  })
  @ApiStixBundleResponse("The case's referrals")
  @ApiForbiddenResponse({ description: 'Not a coordinator.' })
  @ApiNotFoundResponse({ description: 'No such case.' })
  async stixBundle(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return stixDownload(reply, await this.stix.caseBundle(user, id, meta));
  }

  @RequirePermission('cases.write')
  @Post(':id/assign')
  @HttpCode(200)
  @CaseIdParam()
  @ApiOperation({
    summary: 'Assign a case',
    description:
      'Assign the case to a coordinator (yourself when userId is left out); a case in triage moves to ' +
      'in_review and its triage clock is met. Coordinators and lead coordinators. ' +
      '`userId` is one of `GET /cases/assignees`; anyone else is a 400 on `userId`.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(transitionConflict('assign', 'in triage or in review'))
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Add a note to a case',
    description:
      'Add a coordinator-internal note, in any status of the case (audited as `case.note`). ' +
      'Coordinators and lead coordinators; members and agencies never see notes.',
  })
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Ask a filer for more information',
    description:
      "Ask the filer of one of the case's referrals for more information: the referral shows " +
      '`info_requested` and an SLA clock starts. Coordinators and lead coordinators; only while the case ' +
      'is in triage or in review. A referral not on this case is a 400 on `referralId`.',
  })
  @ApiCreatedResponse({ type: CaseInfoRequestResponse })
  @ApiConflictResponse({
    description:
      '`case_info_request_not_allowed_from_<status>` when the case is not in triage or in review; ' +
      '`referral_request_info_not_allowed` when the referral is in a status that cannot be asked.',
  })
  requestInfo(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateInfoRequestDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseInfoRequestResponse> {
    return this.cases.requestInfo(user, id, dto, meta);
  }

  @RequirePermission('cases.write')
  @Post(':id/link')
  @HttpCode(200)
  @CaseIdParam()
  @ApiOperation({
    summary: 'Link a referral to a case',
    description:
      'Move a referral (typically a suggested one) into this case; a case left empty is merged into this one. ' +
      'Coordinators and lead coordinators; both cases must still be in triage or in review. ' +
      'A referral that is not submitted or on no case is a 400 on `referralId`.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse({
    description:
      '`referral_already_on_case`; `case_link_not_allowed_from_<status>` when this case is not in triage ' +
      "or in review; `referral_link_source_not_allowed` when the referral's case no longer is; " +
      '`referral_moved` when the referral moved meanwhile.',
  })
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Dismiss a suggested referral',
    description:
      'Dismiss a suggested link (not in api.md: the console needs it): the suggestion stays listed as ' +
      '`dismissed`. Coordinators and lead coordinators, in any status of the case.',
  })
  @ApiParam({ name: 'referralId', description: 'The suggested referral.' })
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Merge a case into another',
    description:
      'Merge this case into another open case; its referrals, notes and suggestions move with it and ' +
      'the answer is the case merged into. Coordinators and lead coordinators; this case must be open.',
  })
  @ApiOkResponse({ type: CaseDetailResponse, description: 'The case merged into.' })
  @ApiBadRequestResponse({ description: '`merge_target_invalid`: not another, open case.' })
  @ApiConflictResponse({
    description:
      '`case_merge_not_allowed_from_<status>` when this case is closed, rejected or merged; ' +
      '`merge_target_invalid` when the target stopped being open meanwhile.',
  })
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
  @CaseIdParam()
  @ApiOperation({
    summary: "Suggest a case's routing",
    description:
      'Candidate jurisdictions and agencies, each with the reason; the fallback agency where none covers a jurisdiction. ' +
      'Read from the live referrals of the case, the recorded jurisdictions and the active agencies ' +
      '(docs/routing.md); changes nothing. Coordinators and lead coordinators.',
  })
  @ApiOkResponse({ type: RoutingSuggestionResponse })
  @ApiNotFoundResponse({ description: 'No such case.' })
  routingSuggestion(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RoutingSuggestionResponse> {
    return this.cases.routingSuggestion(user, id);
  }

  @RequirePermission('cases.write')
  @Post(':id/propose')
  @HttpCode(200)
  @CaseIdParam()
  @ApiOperation({
    summary: 'Propose the routing of a case',
    description:
      'Propose the routing (agencies, TLP, rationale) → pending_approval; each agency keeps the basis the ' +
      'routing engine gave it. Coordinators and lead coordinators; the case must be in review.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiBadRequestResponse({ description: 'No agency, or an unknown or inactive one (named).' })
  @ApiConflictResponse({
    description:
      '`case_propose_not_allowed_from_<status>` when the case is not in review; `case_has_no_referrals` ' +
      'when every referral of the case has been withdrawn.',
  })
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Approve the proposed routing',
    description:
      'Approve the proposed routing (a lead who is not the proposer): one dispatch per agency, then routed. ' +
      'Undecided referrals become `accepted` and open information requests are cancelled. Takes no body. ' +
      'A proposal naming no agency is a 400 `agencies_required` on `agencyIds`.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiForbiddenResponse({
    description:
      '`case_approve_forbidden` (not a lead) or `four_eyes_required` (the proposer); both audited.',
  })
  @ApiConflictResponse({
    description:
      '`case_approve_not_allowed_from_<status>` when the case is not pending approval; ' +
      '`case_has_no_referrals` when every referral of the case has been withdrawn.',
  })
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Send a proposal back to review',
    description:
      'Send the proposal back to review with a comment (lead): the case returns to in_review and keeps ' +
      'the plan for editing. Lead coordinators only.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiForbiddenResponse(LEAD_ONLY_403('send_back'))
  @ApiConflictResponse(transitionConflict('send_back', 'pending approval'))
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Reject a case',
    description:
      'Reject with a reason; filers see their referrals as declined. Coordinators and lead coordinators; ' +
      'the case must be in triage or in review.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse(transitionConflict('reject', 'in triage or in review'))
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Close a case',
    description:
      'Close a routed case once every dispatch is accepted or declined, recording what came of it. ' +
      'Coordinators and lead coordinators.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse({
    description:
      '`case_close_not_allowed_from_<status>` when the case is not routed; `dispatches_unfinished` ' +
      'when a dispatch of the latest approval is neither accepted nor declined.',
  })
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
  @CaseIdParam()
  @ApiOperation({
    summary: 'Reopen a case',
    description:
      'Reopen a closed or rejected case with a reason (lead): it returns to in_review and declined ' +
      'referrals return to in_review. Lead coordinators only.',
  })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiForbiddenResponse(LEAD_ONLY_403('reopen'))
  @ApiConflictResponse(transitionConflict('reopen', 'closed or rejected'))
  reopen(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ReopenCaseDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CaseDetailResponse> {
    return this.cases.reopen(user, id, dto.reason, meta);
  }
}
