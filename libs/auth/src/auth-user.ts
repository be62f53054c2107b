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
}

/** Claims of an access token. Short-lived; the session is checked on every request. */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  role: Role;
  sid: string;
  typ: 'access';
}
