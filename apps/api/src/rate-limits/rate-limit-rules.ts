import type { Environment } from '@app/common';

/**
 * Who a limit counts against: the client address, the signed-in user, the
 * signed-in user or else the API key the request was made with, or the API key.
 * A rule whose subject the request does not have (no user on a public route,
 * no key on a signed-in request) does not apply to it.
 */
export type RateLimitSubject = 'ip' | 'user' | 'user_or_api_key' | 'api_key';

type NumericSetting = {
  [K in keyof Environment]-?: Environment[K] extends number ? K : never;
}[keyof Environment];

export interface RateLimitRule {
  /** Stable name: part of the Redis key and of the audit event. */
  name: string;
  /**
   * `METHOD /path` as the route is declared (under /api/v1, with `:param`
   * placeholders), or `*` for every route. A route that does not exist yet
   * simply matches nothing until it does.
   */
  routes: readonly string[];
  by: RateLimitSubject;
  /** The setting that holds how many requests a window allows. */
  limit: NumericSetting;
  windowSeconds: number;
}

/**
 * Which routes are limited: data, enforced by one global guard
 * (RateLimitGuard), so no controller carries rate-limit code. A request
 * matching several rules counts against each; any one of them can refuse it.
 */
export const RATE_LIMIT_RULES: readonly RateLimitRule[] = [
  {
    name: 'login',
    routes: ['POST /auth/login'],
    by: 'ip',
    limit: 'RATE_LIMIT_LOGIN_PER_MINUTE',
    windowSeconds: 60,
  },
  {
    // Single sign-on: starting one, the provider's answer and the handoff,
    // each counted per address with the same allowance as password sign-in.
    name: 'sso',
    routes: ['POST /auth/sso/start', 'GET /auth/sso/callback', 'POST /auth/sso/session'],
    by: 'ip',
    limit: 'RATE_LIMIT_LOGIN_PER_MINUTE',
    windowSeconds: 60,
  },
  {
    name: 'refresh',
    routes: ['POST /auth/refresh'],
    by: 'ip',
    limit: 'RATE_LIMIT_REFRESH_PER_MINUTE',
    windowSeconds: 60,
  },
  {
    name: 'filing',
    routes: ['POST /referrals', 'POST /referrals/:id/submit'],
    by: 'user_or_api_key',
    limit: 'RATE_LIMIT_FILING_PER_MINUTE',
    windowSeconds: 60,
  },
  {
    name: 'export',
    routes: ['GET /audit/export', 'GET /statistics/transparency-report'],
    by: 'user',
    limit: 'RATE_LIMIT_EXPORT_PER_HOUR',
    windowSeconds: 3600,
  },
  {
    name: 'api_key',
    routes: ['*'],
    by: 'api_key',
    limit: 'RATE_LIMIT_API_KEY_PER_MINUTE',
    windowSeconds: 60,
  },
  {
    // Every signed-in operation. Public routes have no user: sign-in and
    // refresh are limited per address above; health is left unlimited on
    // purpose (load balancers and orchestrators probe it from few addresses).
    name: 'requests',
    routes: ['*'],
    by: 'user',
    limit: 'RATE_LIMIT_USER_PER_MINUTE',
    windowSeconds: 60,
  },
];

/** `METHOD /path` of a route pattern, without the global /api/vN prefix. */
export function routeKey(method: string, routePattern: string): string {
  return `${method.toUpperCase()} ${routePattern.replace(/^\/api\/v[0-9]+(?=\/|$)/, '') || '/'}`;
}

export function rulesFor(route: string): RateLimitRule[] {
  return RATE_LIMIT_RULES.filter((r) => r.routes.includes('*') || r.routes.includes(route));
}

/** A rule as the API description states it. */
export interface DocumentedRateLimit {
  name: string;
  by: RateLimitSubject;
  /** The setting holding the quota (its value is deployment configuration). */
  limit: NumericSetting;
  windowSeconds: number;
}

/**
 * The rules that can count a request to an operation of the OpenAPI document:
 * `method` as in the document (`get`, `post`, ...), `documentPath` with the
 * global prefix and `{param}` placeholders (`/api/v1/referrals/{id}/submit`).
 *
 * Every rule is returned with its subject; which of them count a given request
 * depends on the caller, which the document states per operation: rules `by`
 * `ip` count public and signed-in requests alike; `user` rules only signed-in
 * people (none on a public operation); `api_key` rules only requests made with
 * an API key, so they apply only to operations that accept one (whose
 * permission a key scope grants); `user_or_api_key` rules either.
 */
export function rateLimitsForOperation(
  method: string,
  documentPath: string,
): DocumentedRateLimit[] {
  const pattern = documentPath.replace(/\{([^}/]+)\}/g, ':$1');
  return rulesFor(routeKey(method, pattern)).map(({ name, by, limit, windowSeconds }) => ({
    name,
    by,
    limit,
    windowSeconds,
  }));
}
