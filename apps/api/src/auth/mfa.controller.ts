import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  MfaCodeDto,
  MfaCodeOrRecoveryCodeDto,
  MfaEnrolmentResponse,
  RecoveryCodesResponse,
} from './dto/mfa.dto';
import { AllowedDuringMfaEnrolment } from './mfa-enrolment.guard';
import { MfaService } from './mfa.service';

const WRONG_CODE =
  'Wrong or already used code (`otp_invalid`, naming `otp`); it counts toward lockout.';
const LOCKED = 'Too many failed attempts for this account (`login_locked`); see Retry-After.';

/** The signed-in user's own second factor (TOTP) and recovery codes. */
@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @RequirePermission('session.self')
  @AllowedDuringMfaEnrolment()
  @Post('enrol')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start enrolling a second factor',
    description:
      'Any signed-in user, for their own account (also while enrolment is required). Creates ' +
      'a TOTP secret awaiting confirmation and answers it, the only time it is ever shown; ' +
      'the account signs in as before until POST /auth/mfa/confirm.',
  })
  @ApiOkResponse({
    type: MfaEnrolmentResponse,
    description:
      'A new secret awaiting confirmation (enrolling again before confirming replaces it).',
  })
  @ApiConflictResponse({
    description: 'A second factor is already enabled (`mfa_already_enabled`).',
  })
  enrol(
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<MfaEnrolmentResponse> {
    return this.mfa.enrol(user, meta);
  }

  @RequirePermission('session.self')
  @AllowedDuringMfaEnrolment()
  @Post('confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm the second factor',
    description:
      'Any signed-in user with an enrolment waiting. A current code from the new secret ' +
      "enables the factor and answers ten recovery codes, shown once; the account's other " +
      'sessions end.',
  })
  @ApiOkResponse({
    type: RecoveryCodesResponse,
    description:
      'The second factor is enabled; the recovery codes are shown this once. The current ' +
      'session continues with full access.',
  })
  @ApiBadRequestResponse({ description: WRONG_CODE })
  @ApiConflictResponse({
    description:
      'Nothing to confirm (`mfa_not_enrolled`) or already enabled (`mfa_already_enabled`).',
  })
  @ApiTooManyRequestsResponse({ description: LOCKED })
  confirm(
    @CurrentUser() user: AuthUser,
    @Body() dto: MfaCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RecoveryCodesResponse> {
    return this.mfa.confirm(user, dto.otp, meta);
  }

  @RequirePermission('session.self')
  @Post('recovery-codes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace the recovery codes',
    description:
      'Any signed-in user with a second factor enabled. A current TOTP code (not a recovery ' +
      'code) answers a new set of ten recovery codes, shown once; the previous set stops working.',
  })
  @ApiOkResponse({
    type: RecoveryCodesResponse,
    description: 'A new set of recovery codes, shown this once; the previous set stops working.',
  })
  @ApiBadRequestResponse({ description: WRONG_CODE })
  @ApiConflictResponse({ description: 'No second factor is enabled (`mfa_not_enabled`).' })
  @ApiTooManyRequestsResponse({ description: LOCKED })
  regenerateRecoveryCodes(
    @CurrentUser() user: AuthUser,
    @Body() dto: MfaCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RecoveryCodesResponse> {
    return this.mfa.regenerateRecoveryCodes(user, dto.otp, meta);
  }

  @RequirePermission('session.self')
  @Post('disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Turn the second factor off',
    description:
      'Any signed-in user whose role does not require a second factor. A current TOTP code or ' +
      'an unused recovery code removes the factor and its recovery codes.',
  })
  @ApiNoContentResponse({
    description: 'The second factor and its recovery codes are removed.',
  })
  @ApiBadRequestResponse({ description: WRONG_CODE })
  @ApiForbiddenResponse({
    description:
      'The role must use a second factor (`mfa_required_for_role`); or, as on other routes, ' +
      'the caller may not use this route (`forbidden`, e.g. with an API key) or must enrol ' +
      'first (`mfa_enrolment_required`).',
  })
  @ApiConflictResponse({ description: 'No second factor is enabled (`mfa_not_enabled`).' })
  @ApiTooManyRequestsResponse({ description: LOCKED })
  disable(
    @CurrentUser() user: AuthUser,
    @Body() dto: MfaCodeOrRecoveryCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.mfa.disable(user, dto.otp, meta);
  }
}
