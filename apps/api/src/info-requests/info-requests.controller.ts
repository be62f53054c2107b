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
  @ApiOperation({ summary: "A referral's information requests and answers (read is audited)." })
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
    summary:
      'Answer an open request; the referral returns to in_review once no request is left open.',
  })
  @ApiOkResponse({ type: InfoRequestResponse })
  @ApiNotFoundResponse({ description: 'No such request, or not about your referral.' })
  @ApiConflictResponse({ description: '`info_request_answer_not_allowed_from_<status>`' })
  answer(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AnswerInfoRequestDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<InfoRequestResponse> {
    return this.requests.answer(user, id, dto.answer, meta);
  }
}
