import { actorOf, AuditWriter } from '@app/audit';
import { PasswordHasher, type AuthUser } from '@app/auth';
import { TooManyRequests, Unauthenticated, ValidationProblem, type RequestMeta } from '@app/common';
import { PERMISSIONS, hasPermission, accountEmailKey, passwordProblems } from '@app/domain';
import {
  SessionsRepository,
  SsoRepository,
  UnitOfWork,
  UsersRepository,
  type OrganizationEntity,
  type UserEntity,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { ChangePasswordDto, LoginDto } from './dto/login.dto';
import type { MeResponse, TokenPairResponse } from './dto/session.response';
import { LoginThrottle } from './login-throttle.service';
import { MfaService } from './mfa.service';
import { SecondFactor } from './second-factor';
import { TokenService } from './token.service';

const BAD_CREDENTIALS = 'The e-mail address or password is incorrect.';

@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly sso: SsoRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditWriter,
    private readonly factor: SecondFactor,
    private readonly mfa: MfaService,
  ) {}

  async login(dto: LoginDto, meta: RequestMeta): Promise<TokenPairResponse> {
    const email = dto.email.trim();
    const lockedFor = await this.throttle.lockedFor(this.uow.autocommit, email);
    if (lockedFor > 0) {
      await this.uow.run((m) =>
        this.audit.record(m, {
          actor: null,
          origin: meta,
          action: 'auth.login',
          outcome: 'denied',
          details: { reason: 'locked', emailDigest: LoginThrottle.keyOf(email) },
        }),
      );
      throw new TooManyRequests(
        lockedFor,
        'Too many failed sign-in attempts for this account. Try again later.',
        'login_locked',
      );
    }

    const user = await this.users.findForSignIn(this.uow.autocommit, accountEmailKey(email));
    const passwordOk = await this.hasher.verify(user?.passwordHash, dto.password);

    if (!user || !passwordOk) {
      const lockedNow = await this.uow.run(async (m) => {
        const locked = await this.throttle.recordFailure(m, email);
        await this.audit.record(m, {
          actor: user ? actorOf(user) : null,
          origin: meta,
          action: 'auth.login',
          outcome: 'failure',
          targetType: user ? 'user' : undefined,
          targetId: user?.id,
          details: { reason: 'bad_credentials', emailDigest: LoginThrottle.keyOf(email) },
        });
        if (locked > 0) {
          await this.audit.record(m, {
            actor: null,
            origin: meta,
            action: 'auth.lockout',
            outcome: 'success',
            targetType: user ? 'user' : undefined,
            targetId: user?.id,
            details: { lockSeconds: locked, emailDigest: LoginThrottle.keyOf(email) },
          });
        }
        return locked;
      });
      if (lockedNow > 0) {
        throw new TooManyRequests(
          lockedNow,
          'Too many failed sign-in attempts for this account. Try again later.',
          'login_locked',
        );
      }
      throw new Unauthenticated(BAD_CREDENTIALS, 'invalid_credentials');
    }

    const org = user.organization as OrganizationEntity;
    if (user.status !== 'active' || org.status !== 'active') {
      await this.uow.run((m) =>
        this.audit.record(m, {
          actor: actorOf(user),
          origin: meta,
          action: 'auth.login',
          outcome: 'denied',
          targetType: 'user',
          targetId: user.id,
          details: {
            reason: user.status !== 'active' ? 'user_suspended' : `organization_${org.status}`,
          },
        }),
      );
      throw new Unauthenticated(
        'This account cannot sign in at the moment. Contact your administrator.',
        'account_inactive',
      );
    }

    // The organization signs its people in through its identity provider; a
    // platform administrator keeps the password (the way in when the provider fails).
    if (
      user.role !== 'platform_admin' &&
      (await this.sso.isRequired(this.uow.autocommit, org.id))
    ) {
      await this.uow.run((m) =>
        this.audit.record(m, {
          actor: actorOf(user),
          origin: meta,
          action: 'auth.login',
          outcome: 'denied',
          targetType: 'user',
          targetId: user.id,
          details: { reason: 'sso_required' },
        }),
      );
      throw new Unauthenticated(
        "Your organization signs you in through its identity provider: use 'Sign in with " +
          "your organization'.",
        'sso_required',
      );
    }

    // Password right; an enrolled second factor must come with it. The answer
    // differs from a wrong password only once the password is right.
    const otp = dto.otp;
    if (user.mfaEnabled && !otp) {
      await this.uow.run((m) =>
        this.audit.record(m, {
          actor: actorOf(user),
          origin: meta,
          action: 'auth.login',
          outcome: 'denied',
          targetType: 'user',
          targetId: user.id,
          details: { reason: 'mfa_required' },
        }),
      );
      throw new Unauthenticated(
        'This account uses a second factor: send the current code from your authenticator ' +
          'app (or an unused recovery code) as otp.',
        'mfa_required',
      );
    }

    const mfaRequired = this.mfa.isRequiredFor(user.role);
    const outcome = await this.uow.run(async (m) => {
      let secondFactor: 'none' | 'totp' | 'recovery_code' = 'none';
      if (user.mfaEnabled && otp) {
        const check = await this.factor.check(m, user.id, otp, { allowRecoveryCode: true });
        if (!check.ok) {
          // A wrong or replayed code is a failed sign-in like a wrong password.
          const locked = await this.throttle.recordFailure(m, email);
          await this.audit.record(m, {
            actor: actorOf(user),
            origin: meta,
            action: 'auth.mfa_failed',
            outcome: 'failure',
            targetType: 'user',
            targetId: user.id,
            details: { context: 'login', reason: check.reason },
          });
          if (locked > 0) {
            await this.audit.record(m, {
              actor: null,
              origin: meta,
              action: 'auth.lockout',
              outcome: 'success',
              targetType: 'user',
              targetId: user.id,
              details: { lockSeconds: locked, emailDigest: LoginThrottle.keyOf(email) },
            });
          }
          return { kind: 'mfa_failed' as const, locked };
        }
        secondFactor = check.method;
        if (check.method === 'recovery_code') {
          await this.audit.record(m, {
            actor: actorOf(user),
            origin: meta,
            action: 'auth.mfa_recovery_used',
            outcome: 'success',
            targetType: 'user',
            targetId: user.id,
            details: { context: 'login', remaining: check.remaining },
          });
        }
      }
      await this.throttle.clear(m, email);
      await this.users.recordSignIn(m, user.id);
      const pair = await this.tokens.issue(m, user, { ip: meta.ip });
      await this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'auth.login',
        outcome: 'success',
        targetType: 'session',
        targetId: pair.familyId,
        details: {
          secondFactor,
          ...(mfaRequired && !user.mfaEnabled ? { mfaEnrolmentPending: true } : {}),
        },
      });
      return { kind: 'ok' as const, pair };
    });
    if (outcome.kind === 'mfa_failed') {
      if (outcome.locked > 0) {
        throw new TooManyRequests(
          outcome.locked,
          'Too many failed sign-in attempts for this account. Try again later.',
          'login_locked',
        );
      }
      throw new Unauthenticated(
        'The second-factor code is not valid, or it was already used.',
        'mfa_invalid',
      );
    }
    const issued = outcome.pair;
    return {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresIn: issued.expiresIn,
      user: toMe(user, org, mfaRequired),
    };
  }

  /**
   * Rotate a refresh token. A token that was already used (or revoked) is
   * evidence of theft: the whole session is revoked and the caller must sign in.
   */
  async refresh(presented: string, meta: RequestMeta): Promise<TokenPairResponse> {
    const outcome = await this.uow.run(async (m) => {
      const token = await this.sessions.findByHashForUpdate(
        m,
        TokenService.hashRefreshToken(presented),
      );
      if (!token) return { kind: 'invalid' as const };
      const user = await this.users.self(m, token.userId);
      if (!user) return { kind: 'invalid' as const };
      const actor = actorOf(user);

      if (token.usedAt || token.revokedAt) {
        const revoked = await this.tokens.revokeFamily(m, token.familyId, 'reuse_detected');
        await this.audit.record(m, {
          actor,
          origin: meta,
          action: 'auth.refresh_reuse',
          outcome: 'denied',
          targetType: 'session',
          targetId: token.familyId,
          details: { revokedTokens: revoked, previouslyRevoked: token.revokedAt !== null },
        });
        return { kind: 'reused' as const };
      }
      const org = user.organization as OrganizationEntity;
      if (
        token.expiresAt.getTime() <= Date.now() ||
        user.status !== 'active' ||
        org.status !== 'active'
      ) {
        await this.tokens.revokeFamily(m, token.familyId, 'expired_or_inactive');
        await this.audit.record(m, {
          actor,
          origin: meta,
          action: 'auth.refresh',
          outcome: 'denied',
          targetType: 'session',
          targetId: token.familyId,
          details: {
            reason: token.expiresAt.getTime() <= Date.now() ? 'expired' : 'account_inactive',
          },
        });
        return { kind: 'invalid' as const };
      }
      await this.sessions.markUsed(m, token.id);
      const pair = await this.tokens.issue(m, user, { familyId: token.familyId, ip: meta.ip });
      await this.audit.record(m, {
        actor,
        origin: meta,
        action: 'auth.refresh',
        outcome: 'success',
        targetType: 'session',
        targetId: token.familyId,
      });
      return { kind: 'ok' as const, pair, user, org };
    });

    switch (outcome.kind) {
      case 'ok':
        return {
          accessToken: outcome.pair.accessToken,
          refreshToken: outcome.pair.refreshToken,
          expiresIn: outcome.pair.expiresIn,
          user: toMe(outcome.user, outcome.org, this.mfa.isRequiredFor(outcome.user.role)),
        };
      case 'reused':
        throw new Unauthenticated(
          'This refresh token was already used; the session has been ended for safety. Sign in again.',
          'refresh_token_reused',
        );
      case 'invalid':
        throw new Unauthenticated(
          'The refresh token is not valid. Sign in again.',
          'invalid_refresh_token',
        );
    }
  }

  async logout(actor: AuthUser, meta: RequestMeta): Promise<void> {
    await this.uow.run(async (m) => {
      await this.tokens.revokeFamily(m, actor.sessionId, 'logout');
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'auth.logout',
        outcome: 'success',
        targetType: 'session',
        targetId: actor.sessionId,
      });
    });
  }

  async me(actor: AuthUser): Promise<MeResponse> {
    const profile = await this.users.profile(this.uow.autocommit, actor.id);
    if (!profile) throw new Error(`The signed-in user ${actor.id} does not exist`);
    return toMe(profile, profile.organization, this.mfa.isRequiredFor(profile.role));
  }

  /** Change one's own password; every other session of the account ends. */
  async changePassword(actor: AuthUser, dto: ChangePasswordDto, meta: RequestMeta): Promise<void> {
    const problems = passwordProblems(dto.newPassword, { email: actor.email });
    if (problems.length > 0) {
      throw new ValidationProblem([{ field: 'newPassword', messages: problems }]);
    }
    const currentHash = await this.users.ownPasswordHash(this.uow.autocommit, actor.id);
    if (!(await this.hasher.verify(currentHash, dto.currentPassword))) {
      throw ValidationProblem.field('currentPassword', 'is not your current password');
    }
    const hash = await this.hasher.hash(dto.newPassword);
    await this.uow.run(async (m) => {
      await this.users.setOwnPassword(m, actor.id, hash);
      await this.tokens.revokeOtherSessions(m, actor.id, actor.sessionId, 'password_changed');
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'auth.password_change',
        outcome: 'success',
        targetType: 'user',
        targetId: actor.id,
      });
    });
  }
}

type MeUser = Pick<UserEntity, 'id' | 'email' | 'displayName' | 'role' | 'mfaEnabled'>;
type MeOrganization = Pick<OrganizationEntity, 'id' | 'kind' | 'legalName' | 'country'>;

/** The profile a new session answers with (password or single sign-on). */
export function toMe(user: MeUser, org: MeOrganization, mfaRequired: boolean): MeResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    mfaEnabled: user.mfaEnabled,
    mfaRequired,
    organization: { id: org.id, kind: org.kind, legalName: org.legalName, country: org.country },
    permissions: PERMISSIONS.filter((p) => hasPermission(user.role, p)),
  };
}
