import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { HoldResponse } from '../dispatches/dto/hold-response.dto';
import { CreateHoldDto, ReleaseHoldDto, RenewHoldDto } from './dto/hold.dto';
import { HoldsService } from './holds.service';

const EXPIRY_REFUSED = {
  description:
    'Invalid fields, including an expiry in the past or more than 6 months ahead (`errors` names expiresAt).',
};

/** Holds placed by agencies on the cases routed to them. */
@ApiTags('holds')
@Controller()
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  @RequirePermission('dispatches.act')
  @Post('dispatches/:id/holds')
  @ApiOperation({
    summary: 'Place a hold (the filing members see it, with its expiry, on their referrals)',
    description:
      'A liaison asks the filing members not to terminate, contact or share, until an expiry at most 6 months ahead. Only on a delivered, acknowledged or accepted dispatch of your own agency (else 409 `hold_not_allowed_from_<status>`). Audited.',
  })
  @ApiCreatedResponse({ type: HoldResponse })
  @ApiBadRequestResponse(EXPIRY_REFUSED)
  @ApiNotFoundResponse({ description: "No such dispatch, or not your agency's." })
  @ApiConflictResponse({ description: 'The dispatch is pending, declined or failed.' })
  place(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) dispatchId: string,
    @Body() body: CreateHoldDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<HoldResponse> {
    return this.holds.place(user, dispatchId, body, meta);
  }

  @RequirePermission('dispatches.read')
  @Get('dispatches/:id/holds')
  @ApiOperation({
    summary: 'Every hold on a dispatch, newest first (audited)',
    description:
      "A liaison reads their own agency's holds on the dispatch; coordinators read any dispatch's. Every hold ever placed on it, released and expired included (the list is not capped).",
  })
  @ApiOkResponse({ type: [HoldResponse] })
  @ApiNotFoundResponse({ description: "No such dispatch, or not your agency's." })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) dispatchId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<HoldResponse[]> {
    return this.holds.listForDispatch(user, dispatchId, meta);
  }

  @RequirePermission('dispatches.act')
  @Post('holds/:id/release')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Lift an active hold before it expires',
    description:
      "A liaison of the hold's agency releases it, optionally saying why (kept in the audit trail); its expiry clock is cancelled. Audited.",
  })
  @ApiOkResponse({ type: HoldResponse })
  @ApiNotFoundResponse({ description: "No such hold, or not your agency's." })
  @ApiConflictResponse({
    description: 'Not active (`hold_release_not_allowed_from_released|expired`).',
  })
  release(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ReleaseHoldDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<HoldResponse> {
    return this.holds.release(user, id, body.reason, meta);
  }

  @RequirePermission('dispatches.act')
  @Post('holds/:id/renew')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a new expiry (at most 6 months from now) on an active or expired hold',
    description:
      "A liaison of the hold's agency. An expired hold becomes active again. A released hold cannot be renewed (409 `hold_renew_not_allowed_from_released`). Audited.",
  })
  @ApiOkResponse({ type: HoldResponse })
  @ApiBadRequestResponse(EXPIRY_REFUSED)
  @ApiNotFoundResponse({ description: "No such hold, or not your agency's." })
  @ApiConflictResponse({
    description: 'Released, or its dispatch was declined (`hold_not_allowed_from_declined`).',
  })
  renew(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RenewHoldDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<HoldResponse> {
    return this.holds.renew(user, id, body.expiresAt, meta);
  }
}
