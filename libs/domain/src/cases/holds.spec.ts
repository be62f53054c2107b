import {
  HOLD_MAX_DAYS,
  HOLD_MAX_MONTHS,
  decideHoldTransition,
  holdExpiryProblem,
  holdMaxExpiry,
} from './holds';

const at = (iso: string) => new Date(iso);
const DAY = 24 * 60 * 60 * 1000;

describe('hold expiry', () => {
  const now = at('2026-03-15T10:30:00.000Z');

  it('should state the limit as 6 months (≈ 183 days)', () => {
    expect(HOLD_MAX_MONTHS).toBe(6);
    expect(HOLD_MAX_DAYS).toBe(183);
  });

  it('should accept exactly 6 calendar months ahead', () => {
    expect(holdMaxExpiry(now)).toEqual(at('2026-09-15T10:30:00.000Z'));
    expect(holdExpiryProblem(at('2026-09-15T10:30:00.000Z'), now)).toBeNull();
  });

  it('should refuse one day more, and even one millisecond more', () => {
    expect(holdExpiryProblem(at('2026-09-16T10:30:00.000Z'), now)).toMatch(/at most 6 months/);
    expect(holdExpiryProblem(at('2026-09-15T10:30:00.001Z'), now)).toMatch(/at most 6 months/);
  });

  it('should accept a near future expiry', () => {
    expect(holdExpiryProblem(new Date(now.getTime() + DAY), now)).toBeNull();
    expect(holdExpiryProblem(new Date(now.getTime() + 1), now)).toBeNull();
  });

  it('should refuse a past expiry or one equal to now', () => {
    expect(holdExpiryProblem(at('2026-03-14T10:30:00.000Z'), now)).toMatch(/future/);
    expect(holdExpiryProblem(now, now)).toMatch(/future/);
  });

  it('should refuse an invalid date', () => {
    expect(holdExpiryProblem(new Date('not a date'), now)).toMatch(/valid date/);
  });

  it('should clamp 31 August + 6 months to the end of February', () => {
    const aug31 = at('2025-08-31T12:00:00.000Z');
    expect(holdMaxExpiry(aug31)).toEqual(at('2026-02-28T12:00:00.000Z'));
    expect(holdExpiryProblem(at('2026-02-28T12:00:00.000Z'), aug31)).toBeNull();
    expect(holdExpiryProblem(at('2026-03-01T12:00:00.000Z'), aug31)).not.toBeNull();

    const leapAug31 = at('2027-08-31T12:00:00.000Z');
    expect(holdMaxExpiry(leapAug31)).toEqual(at('2028-02-29T12:00:00.000Z'));
    expect(holdExpiryProblem(at('2028-02-29T12:00:00.000Z'), leapAug31)).toBeNull();
    expect(holdExpiryProblem(at('2028-03-01T12:00:00.000Z'), leapAug31)).not.toBeNull();
  });

  it('should cross the year end and clamp 31 December to 30 June', () => {
    expect(holdMaxExpiry(at('2026-12-31T23:59:59.000Z'))).toEqual(at('2027-06-30T23:59:59.000Z'));
    expect(holdMaxExpiry(at('2026-10-05T00:00:00.000Z'))).toEqual(at('2027-04-05T00:00:00.000Z'));
  });
});

describe('decideHoldTransition', () => {
  it('should renew an active or a lapsed hold back to active', () => {
    expect(decideHoldTransition('renew', 'active')).toEqual({ allowed: true, to: 'active' });
    expect(decideHoldTransition('renew', 'expired')).toEqual({ allowed: true, to: 'active' });
  });

  it('should not renew a released hold', () => {
    expect(decideHoldTransition('renew', 'released')).toEqual({
      allowed: false,
      code: 'hold_renew_not_allowed_from_released',
      message: 'This hold is released; place a new hold instead.',
    });
  });

  it('should release only an active hold', () => {
    expect(decideHoldTransition('release', 'active')).toEqual({ allowed: true, to: 'released' });
    for (const status of ['released', 'expired'] as const) {
      expect(decideHoldTransition('release', status)).toEqual({
        allowed: false,
        code: `hold_release_not_allowed_from_${status}`,
        message: `This hold is ${status}; only an active hold can be released.`,
      });
    }
  });

  it('should expire only an active hold', () => {
    expect(decideHoldTransition('expire', 'active')).toEqual({ allowed: true, to: 'expired' });
    for (const status of ['released', 'expired'] as const) {
      expect(decideHoldTransition('expire', status)).toMatchObject({ allowed: false });
    }
  });
});
