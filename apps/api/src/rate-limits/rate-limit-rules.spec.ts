import { RATE_LIMIT_RULES, rateLimitsForOperation, routeKey, rulesFor } from './rate-limit-rules';

describe('rate-limit rules', () => {
  const names = (method: string, pattern: string) =>
    rulesFor(routeKey(method, pattern)).map((r) => r.name);

  it('should key a route by method and declared path without the global prefix', () => {
    expect(routeKey('post', '/api/v1/referrals/:id/submit')).toBe('POST /referrals/:id/submit');
    expect(routeKey('GET', '/api/v1')).toBe('GET /');
  });

  it('should apply each rule to its routes, and the API-key and per-user rules to every route', () => {
    const every = ['api_key', 'requests'];
    expect(names('POST', '/api/v1/auth/login')).toEqual(['login', ...every]);
    expect(names('POST', '/api/v1/auth/refresh')).toEqual(['refresh', ...every]);
    expect(names('POST', '/api/v1/referrals')).toEqual(['filing', ...every]);
    expect(names('POST', '/api/v1/referrals/:id/submit')).toEqual(['filing', ...every]);
    expect(names('GET', '/api/v1/audit/export')).toEqual(['export', ...every]);
    expect(names('GET', '/api/v1/referrals')).toEqual(every);
    expect(names('PATCH', '/api/v1/referrals/:id')).toEqual(every);
  });

  it('should name the rules of a document operation, with their subjects', () => {
    expect(rateLimitsForOperation('post', '/api/v1/referrals/{id}/submit')).toEqual([
      {
        name: 'filing',
        by: 'user_or_api_key',
        limit: 'RATE_LIMIT_FILING_PER_MINUTE',
        windowSeconds: 60,
      },
      { name: 'api_key', by: 'api_key', limit: 'RATE_LIMIT_API_KEY_PER_MINUTE', windowSeconds: 60 },
      { name: 'requests', by: 'user', limit: 'RATE_LIMIT_USER_PER_MINUTE', windowSeconds: 60 },
    ]);
    expect(rateLimitsForOperation('post', '/api/v1/auth/login').map((r) => r.by)).toEqual([
      'ip',
      'api_key',
      'user',
    ]);
    expect(
      rateLimitsForOperation('get', '/api/v1/audit/export').find((r) => r.name === 'export'),
    ).toMatchObject({ by: 'user', windowSeconds: 3600 });
  });

  it('should give every rule a distinct name and a positive window', () => {
    expect(new Set(RATE_LIMIT_RULES.map((r) => r.name)).size).toBe(RATE_LIMIT_RULES.length);
    for (const rule of RATE_LIMIT_RULES) expect(rule.windowSeconds).toBeGreaterThan(0);
  });
});
