import { bearerMatches } from './mount-metrics';

describe('bearerMatches', () => {
  const token = 'a-metrics-token-of-forty-characters-0123';

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
