import { AppConfig } from '@app/common';
import { SessionsRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims, AuthUser } from './auth-user';

/**
 * The second half of checking an access token (the first is its signature and
 * expiry): in one indexed query, the user and organization are still active and
 * the session was not ended, so suspension and logout take effect at once.
 *
 * It also marks a session whose role must use a second factor but whose user
 * has not enrolled one (mfaEnrolmentPending). That is decided from the user row
 * on every request rather than stamped into the token, so confirming an
 * enrolment lifts the restriction at once and disabling the factor (or a role
 * change into MFA_REQUIRED_ROLES) imposes it at once.
 */
@Injectable()
export class SessionValidator {
  private readonly mfaRequiredRoles: ReadonlySet<string>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionsRepository,
    config: AppConfig,
  ) {
    this.mfaRequiredRoles = new Set(config.get('MFA_REQUIRED_ROLES'));
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (claims.typ !== 'access' || !claims.sub || !claims.sid) return false;
    const row = await this.sessions.state(this.uow.autocommit, claims.sub, claims.sid);
    if (!row || !row.usable || !row.sessionLive) return false;
    return {
      id: row.id,
      organizationId: row.organizationId,
      organizationKind: row.kind,
      role: row.role,
      email: row.email,
      sessionId: claims.sid,
      mfaEnrolmentPending: this.mfaRequiredRoles.has(row.role) && !row.mfaEnabled,
    };
  }
}
