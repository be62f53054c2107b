import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Outcome } from '../idempotency/idempotency.service';
import {
  CreateReferralDto,
  ListReferralsQueryDto,
  ReferralPageResponse,
  ReferralResponse,
  UpdateReferralDto,
} from './dto/referral.dto';
import type { ReferralView } from './referral.mapper';
import { ReferralsService } from './referrals.service';

class GetReferralQueryDto {
  @IsOptional()
  @IsIn(['sensitive'], { message: "reveal must be 'sensitive'" })
  reveal?: 'sensitive';
}

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Retrying with the same key returns the first response (header Idempotent-Replayed: true) instead of acting twice.',
};

function send(reply: FastifyReply, outcome: Outcome<ReferralView>): ReferralView {
  void reply.status(outcome.status);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return outcome.body;
}

@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @RequirePermission('referrals.create')
  @Post()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: ReferralResponse, description: 'A draft, with its reference.' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateReferralDto,
    @Headers('idempotency-key') key: string | undefined,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralView> {
    return send(reply, await this.referrals.create(user, dto, key, meta));
  }

  @RequirePermission('referrals.read')
  @Get()
  @ApiOkResponse({ type: ReferralPageResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: ListReferralsQueryDto) {
    return this.referrals.list(user, query);
  }

  @RequirePermission('referrals.read')
  @Get(':id')
  @ApiOkResponse({ type: ReferralResponse })
  @ApiNotFoundResponse({ description: 'No such referral, or not yours.' })
  @ApiQuery({
    name: 'reveal',
    required: false,
    enum: ['sensitive'],
    description:
      'Coordinators only: show tax and national ids in clear. Every reveal is audited; other roles get 403.',
  })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: GetReferralQueryDto,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.referrals.get(user, id, meta, query.reveal === 'sensitive');
  }

  @RequirePermission('referrals.write')
  @Patch(':id')
  @ApiOkResponse({
    type: ReferralResponse,
    description: 'Each top-level field present replaces the stored one.',
  })
  @ApiConflictResponse({
    description: 'The referral is no longer a draft (code referral_edit_not_allowed).',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateReferralDto,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.referrals.update(user, id, dto, meta);
  }

  @RequirePermission('referrals.write')
  @Post(':id/submit')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse({
    type: ReferralResponse,
    description: 'Submitted; intake then moves it to in_review.',
  })
  @ApiConflictResponse({ description: 'Not a draft (code referral_submit_not_allowed).' })
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralView> {
    return send(reply, await this.referrals.submit(user, id, key, meta));
  }

  @RequirePermission('referrals.write')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResponse })
  @ApiConflictResponse({
    description: 'Already decided or withdrawn (code referral_withdraw_not_allowed).',
  })
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.referrals.withdraw(user, id, meta);
  }
}
