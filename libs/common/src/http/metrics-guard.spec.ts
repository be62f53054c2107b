import { bearerMatches, refuseMetrics } from './metrics-guard';

const token = 'a-metrics-token-of-forty-characters-0123';

describe('bearerMatches', () => {
  it('accepts exactly the token, as a bearer credential', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${token}`],
    ['the token alone', token],
    ['a longer token', `Bearer ${token}x`],
    ['a prefix of it', `Bearer ${token.slice(0, -1)}`],
    ['an empty credential', 'Bearer '],
    ['two credentials', `Bearer ${token} ${token}`],
  ])('refuses %s', (_what, header) => {
    expect(bearerMatches(header, token)).toBe(false);
  });
});

describe('refuseMetrics', () => {
  const request = { url: '/metrics', requestId: 'r1' };

  it('answers 404 when no token is configured, whatever the request bears', () => {
    expect(refuseMetrics(`Bearer ${token}`, undefined, request)?.body.status).toBe(404);
    expect(refuseMetrics(undefined, '', request)?.body.status).toBe(404);
  });

  it('answers 401 with a bearer challenge to a request without the token', () => {
    const refusal = refuseMetrics('Bearer another', token, request);
    expect(refusal?.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(refusal?.headers['www-authenticate']).toBe('Bearer realm="metrics"');
  });

  it('lets a request bearing the token through', () => {
    expect(refuseMetrics(`Bearer ${token}`, token, request)).toBeUndefined();
  });
});
