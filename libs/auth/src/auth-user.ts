import type { OrganizationKind, Role } from '@app/domain';

/** The authenticated caller, as every service receives it. */
export interface AuthUser {
  id: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  role: Role;
  email: string;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId: string;
  /**
   * The role must pass a second factor (MFA_REQUIRED_ROLES) but the user has not
   * enrolled one yet: the session may only enrol, read its profile, refresh and
   * sign out; every other route answers 403 `mfa_enrolment_required`.
   */
  mfaEnrolmentPending?: boolean;
}

/** Claims of an access token. Short-lived; the session is checked on every request. */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  role: Role;
  sid: string;
  typ: 'access';
}
