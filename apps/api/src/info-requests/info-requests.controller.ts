import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AnswerInfoRequestDto } from '../cases/dto/case-commands.dto';
import { InfoRequestListResponse, InfoRequestResponse } from '../cases/dto/case-responses.dto';
import { InfoRequestsService } from './info-requests.service';

/** Coordinators' questions as the filer sees and answers them. */
@ApiTags('referrals')
@Controller()
export class InfoRequestsController {
  constructor(private readonly requests: InfoRequestsService) {}

  @RequirePermission('referrals.read')
  @Get('referrals/:id/info-requests')
  @ApiOperation({
    summary: 'List the information requests on a referral',
    description:
      'The coordinators’ questions about a referral and the answers, for anyone who may read it. A member ' +
      'sees the question and the answer only: caseId, askedBy and answeredBy are left out for callers ' +
      'who may not read cases. Reading is audited as info_request.read.',
  })
  @ApiOkResponse({ type: InfoRequestListResponse })
  @ApiNotFoundResponse({ description: 'No such referral, or not yours.' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<InfoRequestListResponse> {
    return { items: await this.requests.listForReferral(user, id, meta) };
  }

  @RequirePermission('referrals.write')
  @Post('info-requests/:id/answer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Answer an information request',
    description:
      'The filer (or a member admin of its organization) answers an open request about its referral; ' +
      'the referral returns to in_review once no request is left open. Audited as info_request.answer ' +
      '(the length of the answer, not its text).',
  })
  @ApiOkResponse({ type: InfoRequestResponse })
  @ApiNotFoundResponse({ description: 'No such request, or not about your referral.' })
  @ApiConflictResponse({
    description:
      'The request is already answered or cancelled (code `info_request_answer_not_allowed_from_<status>`).',
  })
  answer(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AnswerInfoRequestDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<InfoRequestResponse> {
    return this.requests.answer(user, id, dto.answer, meta);
  }
}
