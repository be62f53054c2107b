import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  MemberActionListResponse,
  MemberActionResponse,
  RecordMemberActionDto,
} from './dto/member-action.dto';
import { MemberActionsService } from './member-actions.service';

/** What the filing member did about the merchant of a referral. */
@ApiTags('referrals')
@Controller()
export class MemberActionsController {
  constructor(private readonly actions: MemberActionsService) {}

  @RequirePermission('referrals.write')
  @Post('referrals/:id/member-actions')
  @ApiOperation({
    summary: 'Record what your company did about the merchant',
    description:
      'The filer (or a member admin of its organization) records what it did about the merchant ' +
      '(terminated it, listed it, …). Only on a referral that was submitted (a draft answers 409 `member_action_not_allowed_from_draft`). ' +
      'Entries are never edited or deleted: correct a wrong one by recording another. ' +
      'Terminating the relationship while a do_not_terminate hold is active is recorded all the same, ' +
      'and coordinators are alerted (`terminated_despite_hold`). Audited as `member_action.record`.',
  })
  @ApiCreatedResponse({ type: MemberActionResponse })
  @ApiBadRequestResponse({
    description:
      'Every bad field in `errors[]`: an unknown action, a date that is malformed or in the future, ' +
      'a note that is too long, or `other` without a note.',
  })
  @ApiNotFoundResponse({ description: 'No such referral, or not yours.' })
  @ApiConflictResponse({
    description:
      'The referral was never submitted, e.g. a draft or a withdrawn draft (code `member_action_not_allowed_from_<status>`).',
  })
  record(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RecordMemberActionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<MemberActionResponse> {
    return this.actions.record(user, id, body, meta);
  }

  @RequirePermission('referrals.read')
  @Get('referrals/:id/member-actions')
  @ApiOperation({
    summary: 'List what the filing member did about the merchant',
    description:
      'The member actions recorded on a referral, newest first, for anyone who may read the referral ' +
      '(its filer and organization, coordinators). Reading is audited as member_action.read.',
  })
  @ApiOkResponse({ type: MemberActionListResponse })
  @ApiNotFoundResponse({ description: 'No such referral, or not yours.' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<MemberActionListResponse> {
    return { items: await this.actions.list(user, id, meta) };
  }
}
