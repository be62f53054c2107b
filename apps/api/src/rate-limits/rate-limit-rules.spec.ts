import { RATE_LIMIT_RULES, routeKey, rulesFor } from './rate-limit-rules';

describe('rate-limit rules', () => {
  const names = (method: string, pattern: string) =>
    rulesFor(routeKey(method, pattern)).map((r) => r.name);

  it('should key a route by method and declared path without the global prefix', () => {
    expect(routeKey('post', '/api/v1/referrals/:id/submit')).toBe('POST /referrals/:id/submit');
    expect(routeKey('GET', '/api/v1')).toBe('GET /');
  });

  it('should apply each rule to its routes, and the API-key rule to every route', () => {
    expect(names('POST', '/api/v1/auth/login')).toEqual(['login', 'api_key']);
    expect(names('POST', '/api/v1/auth/refresh')).toEqual(['refresh', 'api_key']);
    expect(names('POST', '/api/v1/referrals')).toEqual(['filing', 'api_key']);
    expect(names('POST', '/api/v1/referrals/:id/submit')).toEqual(['filing', 'api_key']);
    expect(names('GET', '/api/v1/audit/export')).toEqual(['export', 'api_key']);
    expect(names('GET', '/api/v1/referrals')).toEqual(['api_key']);
    expect(names('PATCH', '/api/v1/referrals/:id')).toEqual(['api_key']);
  });

  it('should give every rule a distinct name and a positive window', () => {
    expect(new Set(RATE_LIMIT_RULES.map((r) => r.name)).size).toBe(RATE_LIMIT_RULES.length);
    for (const rule of RATE_LIMIT_RULES) expect(rule.windowSeconds).toBeGreaterThan(0);
  });
});
