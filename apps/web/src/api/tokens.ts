/**
 * Where the session's tokens live. The access token is kept in memory only;
 * the refresh token in sessionStorage, so a reload keeps the person signed in
 * while closing the tab ends the session. Both are sent only to this origin.
 */
const REFRESH_KEY = 'crh.refreshToken';
/** Whose session the stored refresh token is (a user id), to tell after a reload whose page the tab was on. */
const OWNER_KEY = 'crh.sessionOwner';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** The person signed in (login and refresh answers carry it). */
  user?: { id: string };
}

let accessToken: string | null = null;
let accessExpiresAt = 0;

export function rememberTokens(pair: TokenPair): void {
  accessToken = pair.accessToken;
  accessExpiresAt = Date.now() + pair.expiresIn * 1000;
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
  if (pair.user) sessionStorage.setItem(OWNER_KEY, pair.user.id);
}

export function forgetTokens(): void {
  accessToken = null;
  accessExpiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(OWNER_KEY);
}

export function currentAccessToken(): string | null {
  return accessToken;
}

/** True when the access token is missing or expires within `marginMs`. */
export function accessTokenExpiring(marginMs: number): boolean {
  return accessToken === null || Date.now() + marginMs >= accessExpiresAt;
}

export function storedRefreshToken(): string | null {
  return sessionStorage.getItem(REFRESH_KEY);
}

/** The id of the person whose refresh token the tab holds, if any. */
export function storedSessionOwner(): string | null {
  return sessionStorage.getItem(OWNER_KEY);
}
