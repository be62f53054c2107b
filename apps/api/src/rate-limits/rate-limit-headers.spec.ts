import {
  formatRateLimit,
  formatRateLimitPolicy,
  rateLimitHeaders,
  sfString,
  type PolicyState,
} from './rate-limit-headers';

describe('RateLimit header fields', () => {
  const login: PolicyState = {
    name: 'login',
    quota: 20,
    windowSeconds: 60,
    remaining: 17,
    msBeforeReset: 41_200,
  };
  const requests: PolicyState = {
    name: 'requests',
    quota: 600,
    windowSeconds: 60,
    remaining: 0,
    msBeforeReset: 3_000,
  };

  it('should state each policy as a quoted name with its quota and window', () => {
    expect(formatRateLimitPolicy([login])).toBe('"login";q=20;w=60');
    expect(formatRateLimitPolicy([login, requests])).toBe(
      '"login";q=20;w=60, "requests";q=600;w=60',
    );
  });

  it('should state what remains of each policy and the whole seconds until its window ends', () => {
    expect(formatRateLimit([login])).toBe('"login";r=17;t=42');
    expect(formatRateLimit([login, requests])).toBe('"login";r=17;t=42, "requests";r=0;t=3');
  });

  it('should never send a negative or fractional number', () => {
    expect(formatRateLimit([{ ...login, remaining: -3, msBeforeReset: -5 }])).toBe(
      '"login";r=0;t=0',
    );
    expect(formatRateLimit([{ ...login, msBeforeReset: 1 }])).toBe('"login";r=17;t=1');
  });

  it('should send both fields, or neither when nothing counted the request', () => {
    expect(rateLimitHeaders([login])).toEqual({
      'RateLimit-Policy': '"login";q=20;w=60',
      RateLimit: '"login";r=17;t=42',
    });
    expect(rateLimitHeaders([])).toEqual({});
  });

  it('should write names as structured-field strings', () => {
    expect(sfString('api_key')).toBe('"api_key"');
    expect(sfString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => sfString('naïve')).toThrow(/printable ASCII/);
  });
});
