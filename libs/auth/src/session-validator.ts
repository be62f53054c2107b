import { AppConfig } from '@app/common';
import type { OrganizationKind, Role } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccessTokenClaims, AuthUser } from './auth-user';

interface SessionRow {
  id: string;
  organization_id: string;
  role: Role;
  email: string;
  kind: OrganizationKind;
  usable: boolean;
  session_live: boolean;
  mfa_enabled: boolean;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.mfaRequiredRoles = new Set(config.get('MFA_REQUIRED_ROLES'));
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (claims.typ !== 'access' || !claims.sub || !claims.sid) return false;
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT u.id, u.organization_id, u.role, u.email, o.kind, u.mfa_enabled,
              (u.status = 'active' AND o.status = 'active') AS usable,
              EXISTS (SELECT 1 FROM refresh_tokens t
                       WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_live
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [claims.sub, claims.sid],
    );
    const row = rows[0];
    if (!row || !row.usable || !row.session_live) return false;
    return {
      id: row.id,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      role: row.role,
      email: row.email,
      sessionId: claims.sid,
      mfaEnrolmentPending: this.mfaRequiredRoles.has(row.role) && !row.mfa_enabled,
    };
  }
}
