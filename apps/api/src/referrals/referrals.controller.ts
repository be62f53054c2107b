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
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import {
  ApiIdempotencyKey,
  IDEMPOTENCY_KEY_REUSED,
  IDEMPOTENT_REPLAYED_HEADER,
} from '../idempotency/idempotency-key';
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
  @ApiPropertyOptional({
    enum: ['sensitive'],
    description:
      'Coordinators only: show tax and national ids in clear. Every reveal is audited; other roles get 403.',
  })
  @IsOptional()
  @IsIn(['sensitive'], { message: "reveal must be 'sensitive'" })
  reveal?: 'sensitive';
}

export const VALIDATION_STAGES = ['draft', 'submit'] as const;
export type ValidationStage = (typeof VALIDATION_STAGES)[number];

class ValidateReferralQueryDto {
  @ApiPropertyOptional({
    enum: VALIDATION_STAGES,
    default: 'draft',
    description:
      '`draft`: the rules of POST /referrals. `submit`: those, and what POST /referrals/:id/submit ' +
      'also requires (category, an indicator, narrative, merchant legal name and country, ' +
      'escalationReason for P1, acknowledgeReportingDuty: true).',
  })
  @IsOptional()
  @IsIn(VALIDATION_STAGES, { message: "stage must be 'draft' or 'submit'" })
  stage?: ValidationStage;
}

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
  @ApiOperation({
    summary: 'File a referral as a draft',
    description:
      'Member reporters and admins (and their API keys) open a referral for their own organization; ' +
      'it is a draft, with its reference, until it is submitted. A draft may be incomplete, but every field ' +
      'sent must pass its rules (a full card number anywhere is refused). Audited as referral.create.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({
    type: ReferralResponse,
    description: 'A draft, with its reference.',
    headers: IDEMPOTENT_REPLAYED_HEADER,
  })
  @ApiConflictResponse({ description: IDEMPOTENCY_KEY_REUSED })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateReferralDto,
    @Headers('idempotency-key') key: string | undefined,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralView> {
    return send(reply, await this.referrals.create(user, dto, key, meta));
  }

  // Declared before the `:id` routes, so `validation` is never read as an id.
  @RequirePermission('referrals.create')
  @Post('validation')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Check a referral body without filing it',
    description:
      'For forms that validate as the filer types (callers who may file referrals): the body of POST /referrals, checked by the same ' +
      'rules (full card numbers refused, every field rule) and, with `stage=submit`, by the checks ' +
      'submitting runs. 204 when valid; otherwise the usual 400 problem naming every bad field. ' +
      'Nothing is stored and no audit event is written: the call changes nothing and reveals nothing ' +
      'the caller did not send. Not counted against the filing rate limit. ' +
      '(An addition to the v1 contract in api.md.)',
  })
  @ApiNoContentResponse({ description: 'The body passes every rule of the stage.' })
  @ApiBadRequestResponse({
    description: 'Every bad field in `errors[]` (code validation_failed), with the API’s messages.',
  })
  validate(@Body() dto: CreateReferralDto, @Query() query: ValidateReferralQueryDto): void {
    this.referrals.validate(dto, query.stage ?? 'draft');
  }

  @RequirePermission('referrals.read')
  @Get()
  @ApiOperation({
    summary: 'List referrals',
    description:
      'The referrals the caller may see, oldest first, a page at a time: a reporter those they filed, ' +
      'a member admin its organization’s, coordinators every one. Sensitive values are masked; ' +
      '`status` filters.',
  })
  @ApiOkResponse({ type: ReferralPageResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: ListReferralsQueryDto) {
    return this.referrals.list(user, query);
  }

  @RequirePermission('referrals.read')
  @Get(':id')
  @ApiOperation({
    summary: 'Read a referral',
    description:
      'One referral the caller may see, with the count of other members flagging its merchant and the ' +
      'holds on it. Reading is audited (referral.read); with `reveal=sensitive` a coordinator sees the ' +
      'tax and national ids in clear, audited as referral.reveal_sensitive.',
  })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiNotFoundResponse({ description: 'No such referral, or not yours.' })
  @ApiForbiddenResponse({
    description:
      '`reveal=sensitive` from a role that may not see sensitive values (code forbidden).',
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
  @ApiOperation({
    summary: 'Change a draft',
    description:
      'The filer (or a member admin of its organization) changes a draft: each top-level field present replaces the stored one ' +
      '(merchant, observables and transactions as a whole); sealed tax and national ids left out are kept. ' +
      'Audited as referral.update, naming the fields.',
  })
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
  @ApiOperation({
    summary: 'Submit a draft',
    description:
      'The filer (or a member admin of its organization) submits a draft once it is complete (category, an indicator, narrative, ' +
      'merchant legal name and country, escalationReason for P1, acknowledgeReportingDuty); intake then ' +
      'matches it to a case. Incomplete: 400 naming every missing field. Audited as referral.submit.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({
    type: ReferralResponse,
    description: 'Submitted; intake then moves it to in_review.',
    headers: IDEMPOTENT_REPLAYED_HEADER,
  })
  @ApiConflictResponse({
    description: `Not a draft (code referral_submit_not_allowed). ${IDEMPOTENCY_KEY_REUSED}`,
  })
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
  @ApiOperation({
    summary: 'Withdraw a referral',
    description:
      'The filer (or a member admin of its organization) withdraws a referral that is not yet decided; it leaves its case and ' +
      'learns nothing more of it. Audited as referral.withdraw.',
  })
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
