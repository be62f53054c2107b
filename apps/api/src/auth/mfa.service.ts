import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  AppConfig,
  ConflictProblem,
  Forbidden,
  markAudited,
  ProblemException,
  TooManyRequests,
  type RequestMeta,
} from '@app/common';
import type { Role } from '@app/domain';
import { MfaRepository, UnitOfWork, type Tx } from '@app/persistence';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { MfaEnrolmentResponse, RecoveryCodesResponse } from './dto/mfa.dto';
import { LoginThrottle } from './login-throttle.service';
import { SecondFactor, type SecondFactorCheck } from './second-factor';
import { TokenService } from './token.service';

const LOCKED_DETAIL = 'Too many failed attempts for this account. Try again later.';

/** 400 naming `otp`: the code does not match (or was already used). */
export class OtpInvalid extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, {
      code: 'otp_invalid',
      detail: 'The code is not valid for this account, or it was already used.',
      errors: [
        {
          field: 'otp',
          messages: ['is not a current code for this account (or was already used)'],
        },
      ],
    });
  }
}

type Failed = Extract<SecondFactorCheck, { ok: false }>;

/**
 * Enrolment, confirmation, recovery codes and disabling of the TOTP second
 * factor, for the signed-in user. Every step is audited without the secret or
 * any code. A wrong code counts toward the account's sign-in lockout, so the
 * routes cannot be used to guess codes.
 */
@Injectable()
export class MfaService {
  private readonly requiredRoles: ReadonlySet<string>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly factors: MfaRepository,
    private readonly factor: SecondFactor,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditWriter,
    private readonly tokens: TokenService,
    config: AppConfig,
  ) {
    this.requiredRoles = new Set(config.get('MFA_REQUIRED_ROLES'));
  }

  isRequiredFor(role: Role): boolean {
    return this.requiredRoles.has(role);
  }

  /**
   * Start (or restart) an enrolment: a new secret, sealed, awaiting
   * confirmation. Until confirmed the account signs in as before.
   */
  async enrol(actor: AuthUser, meta: RequestMeta): Promise<MfaEnrolmentResponse> {
    const outcome = await this.uow.run(async (m) => {
      const user = await this.factors.lockFactor(m, actor.id);
      if (!user) throw new Error(`The signed-in user ${actor.id} does not exist`);
      if (user.mfaEnabled) {
        await this.record(m, actor, meta, 'auth.mfa_enrol', 'denied', {
          reason: 'already_enabled',
        });
        return null;
      }
      const secret = this.factor.newSecret();
      await this.factors.setPendingSecret(m, user.id, this.factor.seal(user.id, secret));
      await this.factors.deleteRecoveryCodes(m, user.id);
      await this.record(m, actor, meta, 'auth.mfa_enrol', 'success', {
        replacedPendingEnrolment: user.mfaSecret !== null,
      });
      return { otpauthUri: this.factor.otpauthUri(user.email, secret), secret };
    });
    if (!outcome) {
      throw new ConflictProblem(
        'mfa_already_enabled',
        'A second factor is already enabled for this account; disable it before enrolling a new one.',
      );
    }
    return outcome;
  }

  /**
   * Confirm the pending enrolment with a current code; returns the recovery
   * codes (once). Every other session of the account ends: they were opened
   * with the password alone, which from now on is not enough. The session that
   * confirmed has just shown the factor and continues.
   */
  async confirm(actor: AuthUser, otp: string, meta: RequestMeta): Promise<RecoveryCodesResponse> {
    await this.refuseWhenLocked(actor, meta, 'confirm');
    const outcome = await this.uow.run(async (m) => {
      const check = await this.factor.check(m, actor.id, otp, {
        allowRecoveryCode: false,
        pending: true,
      });
      if (!check.ok) return this.failed(m, actor, meta, 'confirm', check);
      await this.factors.enable(m, actor.id);
      const recoveryCodes = await this.factor.replaceRecoveryCodes(m, actor.id);
      const endedSessionTokens = await this.tokens.revokeOtherSessions(
        m,
        actor.id,
        actor.sessionId,
        'mfa_confirmed',
      );
      await this.record(m, actor, meta, 'auth.mfa_confirm', 'success', {
        recoveryCodes: recoveryCodes.length,
        endedSessionTokens,
      });
      return { kind: 'ok' as const, recoveryCodes };
    });
    return { recoveryCodes: this.unwrap(outcome, 'confirm') };
  }

  /** A fresh set of recovery codes (the old ones stop working); needs a current TOTP code. */
  async regenerateRecoveryCodes(
    actor: AuthUser,
    otp: string,
    meta: RequestMeta,
  ): Promise<RecoveryCodesResponse> {
    await this.refuseWhenLocked(actor, meta, 'recovery_codes');
    const outcome = await this.uow.run(async (m) => {
      const check = await this.factor.check(m, actor.id, otp, { allowRecoveryCode: false });
      if (!check.ok) return this.failed(m, actor, meta, 'recovery_codes', check);
      const recoveryCodes = await this.factor.replaceRecoveryCodes(m, actor.id);
      await this.record(m, actor, meta, 'auth.mfa_recovery_codes_regenerate', 'success', {
        recoveryCodes: recoveryCodes.length,
      });
      return { kind: 'ok' as const, recoveryCodes };
    });
    return { recoveryCodes: this.unwrap(outcome, 'use') };
  }

  /**
   * Turn the second factor off (a TOTP code or a recovery code proves it is the
   * holder). Not for a role that must use one.
   */
  async disable(actor: AuthUser, otp: string, meta: RequestMeta): Promise<void> {
    if (this.isRequiredFor(actor.role)) {
      await this.uow.run((m) =>
        this.record(m, actor, meta, 'auth.mfa_disable', 'denied', {
          reason: 'required_for_role',
        }),
      );
      throw markAudited(
        new Forbidden(
          'Your role must use a second factor; it cannot be disabled.',
          'mfa_required_for_role',
        ),
      );
    }
    await this.refuseWhenLocked(actor, meta, 'disable');
    const outcome = await this.uow.run(async (m) => {
      const check = await this.factor.check(m, actor.id, otp, { allowRecoveryCode: true });
      if (!check.ok) return this.failed(m, actor, meta, 'disable', check);
      if (check.method === 'recovery_code') {
        await this.record(m, actor, meta, 'auth.mfa_recovery_used', 'success', {
          context: 'disable',
          remaining: check.remaining,
        });
      }
      await this.factors.disable(m, actor.id);
      await this.record(m, actor, meta, 'auth.mfa_disable', 'success', { method: check.method });
      return { kind: 'ok' as const, recoveryCodes: [] };
    });
    this.unwrap(outcome, 'use');
  }

  private async refuseWhenLocked(actor: AuthUser, meta: RequestMeta, context: string) {
    const lockedFor = await this.throttle.lockedFor(this.uow.autocommit, actor.email);
    if (lockedFor <= 0) return;
    await this.uow.run((m) =>
      this.record(m, actor, meta, 'auth.mfa_failed', 'denied', { context, reason: 'locked' }),
    );
    throw new TooManyRequests(lockedFor, LOCKED_DETAIL, 'login_locked');
  }

  /** Audit a refused code and, for a wrong or replayed one, count it toward lockout. */
  private async failed(
    m: Tx,
    actor: AuthUser,
    meta: RequestMeta,
    context: string,
    check: Failed,
  ): Promise<{ kind: 'failed'; reason: Failed['reason']; lockedFor: number }> {
    const wrongCode = check.reason === 'invalid' || check.reason === 'replayed';
    const lockedFor = wrongCode ? await this.throttle.recordFailure(m, actor.email) : 0;
    await this.record(m, actor, meta, 'auth.mfa_failed', wrongCode ? 'failure' : 'denied', {
      context,
      reason: check.reason,
    });
    if (lockedFor > 0) {
      await this.record(m, actor, meta, 'auth.lockout', 'success', {
        lockSeconds: lockedFor,
        emailDigest: LoginThrottle.keyOf(actor.email),
      });
    }
    return { kind: 'failed', reason: check.reason, lockedFor };
  }

  private unwrap(
    outcome:
      | { kind: 'ok'; recoveryCodes: string[] }
      | { kind: 'failed'; reason: Failed['reason']; lockedFor: number },
    stage: 'confirm' | 'use',
  ): string[] {
    if (outcome.kind === 'ok') return outcome.recoveryCodes;
    if (outcome.lockedFor > 0)
      throw new TooManyRequests(outcome.lockedFor, LOCKED_DETAIL, 'login_locked');
    switch (outcome.reason) {
      case 'already_enabled':
        throw new ConflictProblem(
          'mfa_already_enabled',
          'A second factor is already enabled for this account.',
        );
      case 'not_enrolled':
        throw stage === 'confirm'
          ? new ConflictProblem(
              'mfa_not_enrolled',
              'No enrolment is waiting for confirmation; start with POST /auth/mfa/enrol.',
            )
          : new ConflictProblem('mfa_not_enabled', 'No second factor is enabled for this account.');
      default:
        throw new OtpInvalid();
    }
  }

  private record(
    m: Tx,
    actor: AuthUser,
    meta: RequestMeta,
    action: string,
    outcome: 'success' | 'failure' | 'denied',
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(m, {
      actor: actorOf(actor),
      origin: meta,
      action,
      outcome,
      targetType: 'user',
      targetId: actor.id,
      details,
    });
  }
}
