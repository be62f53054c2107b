import createClient from 'openapi-fetch';
import { ApiError, toProblem, type Problem } from './problem';
import type { components, paths } from './schema';
import {
  accessTokenExpiring,
  currentAccessToken,
  forgetTokens,
  rememberTokens,
  storedRefreshToken,
  type TokenPair,
} from './tokens';

/** The API's schemas, by name (`Schemas['ReferralResponse']`). */
export type Schemas = components['schemas'];

const AUTH_PATHS = ['/api/v1/auth/login', '/api/v1/auth/refresh'];
const REFRESH_MARGIN_MS = 30_000;

type SessionEndListener = (reason: 'expired') => void;
const sessionEndListeners = new Set<SessionEndListener>();

/** Called when the session can no longer be refreshed (expired or revoked). */
export function onSessionEnded(listener: SessionEndListener): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

let refreshing: Promise<boolean> | null = null;

/**
 * Exchange the refresh token for a new pair. Concurrent callers share one
 * exchange: the API rotates refresh tokens, and reusing one ends the session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = storedRefreshToken();
    if (!refreshToken) return false;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => null);
    if (!response) return currentAccessToken() !== null;
    if (!response.ok) {
      forgetTokens();
      return false;
    }
    rememberTokens((await response.json()) as TokenPair);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * fetch with the session: the bearer token is attached, refreshed shortly
 * before it expires, and a 401 is retried once after a refresh. When the
 * session cannot be refreshed, listeners hear that it ended.
 */
async function sessionFetch(input: Request): Promise<Response> {
  const path = new URL(input.url).pathname;
  if (AUTH_PATHS.includes(path)) return fetch(input);
  if (storedRefreshToken() && accessTokenExpiring(REFRESH_MARGIN_MS)) await refreshSession();
  const retry = input.clone();
  const first = await fetch(withBearer(input));
  if (first.status !== 401 || !storedRefreshToken()) return first;
  if (await refreshSession()) return fetch(withBearer(retry));
  for (const listener of sessionEndListeners) listener('expired');
  return first;
}

function withBearer(request: Request): Request {
  const token = currentAccessToken();
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: sessionFetch });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful call, or an ApiError with the problem document.
 * `await unwrap(api.GET('/api/v1/referrals', { params: { query } }))`
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(toProblem(error));
  }
  if (result.response.ok) return result.data as T;
  throw new ApiError(problemOf(result.error, result.response));
}

function problemOf(error: unknown, response: Response): Problem {
  const problem = toProblem(error, response);
  return { ...problem, status: response.status };
}
