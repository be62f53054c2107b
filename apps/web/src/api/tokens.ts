/**
 * Where the session's tokens live. The access token is kept in memory only;
 * the refresh token in sessionStorage, so a reload keeps the person signed in
 * while closing the tab ends the session. Both are sent only to this origin.
 */
const REFRESH_KEY = 'crh.refreshToken';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

let accessToken: string | null = null;
let accessExpiresAt = 0;

export function rememberTokens(pair: TokenPair): void {
  accessToken = pair.accessToken;
  accessExpiresAt = Date.now() + pair.expiresIn * 1000;
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
}

export function forgetTokens(): void {
  accessToken = null;
  accessExpiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
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
