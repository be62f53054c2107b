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
    routes: ['GET /audit/export'],
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
];

/** `METHOD /path` of a route pattern, without the global /api/vN prefix. */
export function routeKey(method: string, routePattern: string): string {
  return `${method.toUpperCase()} ${routePattern.replace(/^\/api\/v[0-9]+(?=\/|$)/, '') || '/'}`;
}

export function rulesFor(route: string): RateLimitRule[] {
  return RATE_LIMIT_RULES.filter((r) => r.routes.includes('*') || r.routes.includes(route));
}
