import { holdMaxExpiry } from '@app/domain';
import { holdExpiryInputProblem } from './hold.dto';

describe('holdExpiryInputProblem', () => {
  const now = new Date('2026-08-31T12:00:00Z');

  it.each([
    ['a date without a time', '2026-09-30'],
    ['a local time without a zone', '2026-09-30T12:00:00'],
    ['a day that does not exist', '2026-09-31T12:00:00Z'],
    ['not text', 1_800_000_000],
    ['nothing', undefined],
  ])('should refuse %s, asking for a zoned ISO 8601 date-time', (_label, value) => {
    expect(holdExpiryInputProblem(value, now)).toMatch(/^expiresAt must be an ISO 8601 date-time/);
  });

  it('should refuse the past and now itself', () => {
    expect(holdExpiryInputProblem('2026-08-31T12:00:00Z', now)).toMatch(/future/);
    expect(holdExpiryInputProblem('2026-08-01T00:00:00Z', now)).toMatch(/future/);
  });

  it('should accept up to the 6-month limit (clamped to the end of a short month) and refuse a moment later', () => {
    const limit = holdMaxExpiry(now);
    expect(limit.toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(holdExpiryInputProblem('2027-02-28T12:00:00Z', now)).toBeNull();
    expect(holdExpiryInputProblem('2027-02-28T13:00:00+01:00', now)).toBeNull();
    expect(holdExpiryInputProblem('2027-02-28T12:00:01Z', now)).toMatch(/at most 6 months/);
  });
});
