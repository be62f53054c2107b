import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type Page, type RequestMeta } from '@app/common';
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
import { AgencyQuestionsService } from './agency-questions.service';
import {
  AnswerAgencyQuestionDto,
  AskAgencyQuestionDto,
  CoordinatorAgencyQuestionPageResponse,
  type CoordinatorAgencyQuestionResponse,
  LiaisonAgencyQuestionListResponse,
  ListAgencyQuestionsQueryDto,
  MemberAgencyQuestionListResponse,
  MemberAgencyQuestionResponse,
  LiaisonAgencyQuestionResponse,
} from './dto/agency-question.dto';

/**
 * Agency questions: a liaison asks the filer of a referral in a dispatched
 * case, through the coalition, without learning who the filer is. Routes of
 * their own (not on the dispatches controller) so the features stay apart.
 */
@ApiTags('agency-questions')
@Controller()
export class AgencyQuestionsController {
  constructor(private readonly questions: AgencyQuestionsService) {}

  @RequirePermission('dispatches.act')
  @Post('dispatches/:id/questions')
  @ApiOperation({
    summary: 'Ask the filer of one referral of this dispatch a question (brokered)',
    description:
      "A liaison of the dispatch's agency asks the filing member of a referral the package lists (by its reference). " +
      'The coalition passes it on; the answer comes back from "coalition member" unless the member opted in to be named. ' +
      'Only once the package reached the agency (delivered, acknowledged or accepted). Audited as `agency_question.ask`.',
  })
  @ApiCreatedResponse({ type: LiaisonAgencyQuestionResponse })
  @ApiBadRequestResponse({
    description:
      'Every bad field in `errors[]`; `referralReference` also when the package lists no such referral.',
  })
  @ApiNotFoundResponse({ description: "No such dispatch, or not your agency's." })
  @ApiConflictResponse({
    description:
      'The dispatch is not (yet, or any more) with the agency (`agency_question_not_allowed_from_<status>`), or the referral was withdrawn (`agency_question_referral_withdrawn`).',
  })
  ask(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AskAgencyQuestionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<LiaisonAgencyQuestionResponse> {
    return this.questions.ask(user, id, body, meta);
  }

  @RequirePermission('dispatches.read')
  @Get('dispatches/:id/questions')
  @ApiOperation({
    summary: 'The questions asked on a dispatch, as the agency sees them (audited)',
    description:
      'For liaisons of its agency and coordinators. Answers are attributed to "coalition member", or to the member\'s name if it opted in to be named; no organization id is ever shown. Audited as `agency_question.read`.',
  })
  @ApiOkResponse({ type: LiaisonAgencyQuestionListResponse })
  @ApiNotFoundResponse({ description: "No such dispatch, or not your agency's." })
  async listForDispatch(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<LiaisonAgencyQuestionListResponse> {
    return { items: await this.questions.listForDispatch(user, id, meta) };
  }

  @RequirePermission('referrals.read')
  @Get('referrals/:id/questions')
  @ApiOperation({
    summary: "Agencies' questions to the filer of a referral (audited)",
    description:
      'For the filer, its member admin and coordinators: which agency asks, the question, and the answer once given. Audited as `agency_question.read`.',
  })
  @ApiOkResponse({ type: MemberAgencyQuestionListResponse })
  @ApiNotFoundResponse({ description: 'No such referral, or not yours.' })
  async listForReferral(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<MemberAgencyQuestionListResponse> {
    return { items: await this.questions.listForReferral(user, id, meta) };
  }

  @RequirePermission('referrals.write')
  @Post('referrals/:id/questions/:questionId/answer')
  @HttpCode(200)
  @ApiOperation({
    summary: "Answer an agency's question about your referral",
    description:
      'The filer (or its member admin) answers once; the coalition passes the answer to the agency without naming the member unless it opted in to be named. Audited as `agency_question.answer`.',
  })
  @ApiOkResponse({ type: MemberAgencyQuestionResponse })
  @ApiBadRequestResponse({ description: 'No answer, or one too long.' })
  @ApiNotFoundResponse({ description: 'No such referral or question, or not yours.' })
  @ApiConflictResponse({
    description:
      'Answered already (`agency_question_already_answered`), or the referral was withdrawn (`agency_question_answer_not_allowed_from_withdrawn`).',
  })
  answer(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('questionId', UuidParamPipe) questionId: string,
    @Body() body: AnswerAgencyQuestionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<MemberAgencyQuestionResponse> {
    return this.questions.answer(user, id, questionId, body, meta);
  }

  @RequirePermission('cases.read')
  @Get('agency-questions')
  @ApiOperation({
    summary: 'Coordinators: every brokered question, both sides named (audited)',
    description:
      'Oldest first, optionally by status or dispatch. Audited as `agency_question.read`.',
  })
  @ApiOkResponse({ type: CoordinatorAgencyQuestionPageResponse })
  @ApiBadRequestResponse({ description: 'A bad filter or cursor.' })
  @ApiForbiddenResponse({ description: 'Not a coordinator.' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListAgencyQuestionsQueryDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Page<CoordinatorAgencyQuestionResponse>> {
    return this.questions.list(user, query, meta);
  }
}
