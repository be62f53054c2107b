import {
  DEFAULT_SLA_CLOCKS,
  describeSlaDuration,
  parseSlaClocks,
  SLA_CLOCK_NAMES,
  slaDeadline,
  type SlaDurations,
} from './sla';
import { isPublicHoliday } from './public-holidays';

const at = (iso: string) => new Date(iso);
const bd = (amount: number): SlaDurations => ({
  triage: { amount, unit: 'bd' },
  le_acknowledgement: { amount: 5, unit: 'd' },
  info_request: { amount: 7, unit: 'd' },
});

/** Reference implementation: walk one day at a time, counting Monday–Friday. */
function naiveBusinessDays(from: Date, days: number): Date {
  const d = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return d;
}

describe('parseSlaClocks', () => {
  it('should read the defaults', () => {
    expect(DEFAULT_SLA_CLOCKS).toBe('triage=2bd,le_acknowledgement=5d,info_request=7d');
    expect(parseSlaClocks(DEFAULT_SLA_CLOCKS)).toEqual({
      triage: { amount: 2, unit: 'bd' },
      le_acknowledgement: { amount: 5, unit: 'd' },
      info_request: { amount: 7, unit: 'd' },
    });
  });

  it('should keep the default of every clock left out', () => {
    expect(parseSlaClocks('triage=4h')).toEqual({
      triage: { amount: 4, unit: 'h' },
      le_acknowledgement: { amount: 5, unit: 'd' },
      info_request: { amount: 7, unit: 'd' },
    });
    expect(parseSlaClocks('')).toEqual(parseSlaClocks(DEFAULT_SLA_CLOCKS));
  });

  it('should read every unit', () => {
    expect(parseSlaClocks('triage=30s').triage).toEqual({ amount: 30, unit: 's' });
    expect(parseSlaClocks('triage=15m').triage).toEqual({ amount: 15, unit: 'm' });
    expect(parseSlaClocks('triage=6h').triage).toEqual({ amount: 6, unit: 'h' });
    expect(parseSlaClocks('triage=3d').triage).toEqual({ amount: 3, unit: 'd' });
    expect(parseSlaClocks('triage=10bd').triage).toEqual({ amount: 10, unit: 'bd' });
  });

  it('should tolerate spaces around names, values and commas', () => {
    expect(parseSlaClocks(' triage = 1 s , info_request=2 bd ,')).toEqual({
      triage: { amount: 1, unit: 's' },
      le_acknowledgement: { amount: 5, unit: 'd' },
      info_request: { amount: 2, unit: 'bd' },
    });
  });

  it('should refuse an unknown clock, naming every unknown one', () => {
    expect(() => parseSlaClocks('triage=1d,triag=2d')).toThrow(/unknown SLA clock: triag\b/);
    expect(() => parseSlaClocks('foo=1d,bar=2h')).toThrow(/unknown SLA clocks: foo, bar/);
    expect(() => parseSlaClocks('hold_expiry=1d')).toThrow(/hold_expiry/);
  });

  it('should refuse malformed pairs, unknown units, zero lengths and repeats', () => {
    expect(() => parseSlaClocks('triage')).toThrow(/"triage" is not name=duration/);
    expect(() => parseSlaClocks('triage=2w')).toThrow(/not name=duration/);
    expect(() => parseSlaClocks('triage=-1d')).toThrow(/not name=duration/);
    expect(() => parseSlaClocks('triage=1.5d')).toThrow(/not name=duration/);
    expect(() => parseSlaClocks('Triage=1d')).toThrow(/not name=duration/);
    expect(() => parseSlaClocks('triage=0s')).toThrow(/at least 1s/);
    expect(() => parseSlaClocks('triage=1d,triage=2d')).toThrow(/more than once/);
  });

  it('should refuse a clock longer than ten years', () => {
    expect(() => parseSlaClocks('triage=4000d')).toThrow(/ten years/);
    expect(() => parseSlaClocks('triage=3000bd')).toThrow(/ten years/);
    expect(() => parseSlaClocks('triage=99999999999999s')).toThrow(/ten years/);
    expect(parseSlaClocks('triage=3650d').triage.amount).toBe(3650);
  });

  it('should name every known clock', () => {
    expect([...SLA_CLOCK_NAMES]).toEqual(['triage', 'le_acknowledgement', 'info_request']);
  });
});

describe('slaDeadline', () => {
  const from = at('2026-03-16T09:15:30.250Z'); // a Monday

  it('should add exact seconds, minutes, hours and days', () => {
    const durations = parseSlaClocks('triage=45s,le_acknowledgement=90m,info_request=36h');
    expect(slaDeadline(durations, 'triage', from)).toEqual(at('2026-03-16T09:16:15.250Z'));
    expect(slaDeadline(durations, 'le_acknowledgement', from)).toEqual(
      at('2026-03-16T10:45:30.250Z'),
    );
    expect(slaDeadline(durations, 'info_request', from)).toEqual(at('2026-03-17T21:15:30.250Z'));
    const days = parseSlaClocks('info_request=7d');
    expect(slaDeadline(days, 'info_request', from)).toEqual(at('2026-03-23T09:15:30.250Z'));
  });

  it('should count calendar days through weekends, month ends and year ends', () => {
    const d = parseSlaClocks('le_acknowledgement=5d');
    expect(slaDeadline(d, 'le_acknowledgement', at('2026-03-14T12:00:00Z'))).toEqual(
      at('2026-03-19T12:00:00Z'),
    );
    expect(slaDeadline(d, 'le_acknowledgement', at('2026-01-29T23:30:00Z'))).toEqual(
      at('2026-02-03T23:30:00Z'),
    );
    expect(slaDeadline(d, 'le_acknowledgement', at('2026-12-29T08:00:00Z'))).toEqual(
      at('2027-01-03T08:00:00Z'),
    );
    expect(slaDeadline(d, 'le_acknowledgement', at('2028-02-27T08:00:00Z'))).toEqual(
      at('2028-03-03T08:00:00Z'),
    );
  });

  it('should add business days within a week', () => {
    expect(slaDeadline(bd(1), 'triage', from)).toEqual(at('2026-03-17T09:15:30.250Z'));
    expect(slaDeadline(bd(4), 'triage', from)).toEqual(at('2026-03-20T09:15:30.250Z'));
  });

  it('should skip the weekend from a Thursday or a Friday', () => {
    expect(slaDeadline(bd(2), 'triage', at('2026-03-12T16:00:00Z'))).toEqual(
      at('2026-03-16T16:00:00Z'),
    );
    expect(slaDeadline(bd(1), 'triage', at('2026-03-13T16:00:00Z'))).toEqual(
      at('2026-03-16T16:00:00Z'),
    );
    expect(slaDeadline(bd(2), 'triage', at('2026-03-13T16:00:00Z'))).toEqual(
      at('2026-03-17T16:00:00Z'),
    );
  });

  it('should land on the Nth weekday after a Saturday or a Sunday, keeping the time of day', () => {
    expect(slaDeadline(bd(1), 'triage', at('2026-03-14T23:59:59Z'))).toEqual(
      at('2026-03-16T23:59:59Z'),
    );
    expect(slaDeadline(bd(2), 'triage', at('2026-03-14T10:00:00Z'))).toEqual(
      at('2026-03-17T10:00:00Z'),
    );
    expect(slaDeadline(bd(5), 'triage', at('2026-03-14T10:00:00Z'))).toEqual(
      at('2026-03-20T10:00:00Z'),
    );
    expect(slaDeadline(bd(1), 'triage', at('2026-03-15T00:00:00Z'))).toEqual(
      at('2026-03-16T00:00:00Z'),
    );
    expect(slaDeadline(bd(6), 'triage', at('2026-03-15T00:00:00Z'))).toEqual(
      at('2026-03-23T00:00:00Z'),
    );
  });

  it('should make five business days a week from a weekday, ten two weeks', () => {
    expect(slaDeadline(bd(5), 'triage', from)).toEqual(at('2026-03-23T09:15:30.250Z'));
    expect(slaDeadline(bd(10), 'triage', from)).toEqual(at('2026-03-30T09:15:30.250Z'));
    expect(slaDeadline(bd(5), 'triage', at('2026-03-13T09:00:00Z'))).toEqual(
      at('2026-03-20T09:00:00Z'),
    );
  });

  it('should cross month and year ends in business days', () => {
    // Friday 30 January 2026 → Monday 2 February.
    expect(slaDeadline(bd(1), 'triage', at('2026-01-30T17:00:00Z'))).toEqual(
      at('2026-02-02T17:00:00Z'),
    );
    // Wednesday 31 December 2025 + 3 → Monday 5 January 2026 (no holidays counted).
    expect(slaDeadline(bd(3), 'triage', at('2025-12-31T08:00:00Z'))).toEqual(
      at('2026-01-05T08:00:00Z'),
    );
    // Saturday 27 December 2025 + 5 → Friday 2 January 2026.
    expect(slaDeadline(bd(5), 'triage', at('2025-12-27T08:00:00Z'))).toEqual(
      at('2026-01-02T08:00:00Z'),
    );
    // Friday 25 February 2028 (leap year) + 3 → Wednesday 1 March.
    expect(slaDeadline(bd(3), 'triage', at('2028-02-25T08:00:00Z'))).toEqual(
      at('2028-03-01T08:00:00Z'),
    );
  });

  it('should count in UTC whatever the instant is in other time zones', () => {
    // 23:30 UTC on a Friday is already Saturday in Tokyo; UTC decides.
    expect(slaDeadline(bd(1), 'triage', at('2026-03-13T23:30:00Z'))).toEqual(
      at('2026-03-16T23:30:00Z'),
    );
    // 00:30 UTC on a Monday is still Sunday in New York; UTC decides.
    expect(slaDeadline(bd(1), 'triage', at('2026-03-16T00:30:00Z'))).toEqual(
      at('2026-03-17T00:30:00Z'),
    );
  });

  it('should agree with a day-by-day count for every start day and lengths up to 30', () => {
    const start = at('2026-03-09T06:45:00Z'); // a Monday
    for (let offset = 0; offset < 14; offset += 1) {
      const origin = new Date(start.getTime() + offset * 24 * 3600 * 1000);
      for (let n = 1; n <= 30; n += 1) {
        const got = slaDeadline(bd(n), 'triage', origin);
        expect({ offset, n, got }).toEqual({ offset, n, got: naiveBusinessDays(origin, n) });
        expect([1, 2, 3, 4, 5]).toContain(got.getUTCDay());
      }
    }
  });

  it('should handle the longest business-day clock, without a jurisdiction only weekends', () => {
    const got = slaDeadline(bd(2600), 'triage', from);
    expect(got).toEqual(naiveBusinessDays(from, 2600));
  });

  it("should skip the public holidays of the case's jurisdiction", () => {
    // Thursday 24 December 2026: Christmas (Fri 25) and Boxing Day's substitute (Mon 28) in GB.
    const christmasEve = at('2026-12-24T10:00:00Z');
    expect(slaDeadline(bd(2), 'triage', christmasEve, 'GB')).toEqual(at('2026-12-30T10:00:00Z'));
    expect(slaDeadline(bd(2), 'triage', christmasEve)).toEqual(at('2026-12-28T10:00:00Z'));
    // Monday 7 December 2026: the Immaculate Conception (Tue 8) is a holiday in Spain only.
    const monday = at('2026-12-07T10:00:00Z');
    expect(slaDeadline(bd(1), 'triage', monday, 'ES')).toEqual(at('2026-12-09T10:00:00Z'));
    expect(slaDeadline(bd(1), 'triage', monday, 'GB')).toEqual(at('2026-12-08T10:00:00Z'));
    // Wednesday 25 November 2026: Thanksgiving (Thu 26) in the United States.
    const wednesday = at('2026-11-25T15:00:00Z');
    expect(slaDeadline(bd(1), 'triage', wednesday, 'US')).toEqual(at('2026-11-27T15:00:00Z'));
    expect(slaDeadline(bd(1), 'triage', wednesday, 'us')).toEqual(at('2026-11-27T15:00:00Z'));
  });

  it('should count holidays only for business days, never for exact lengths', () => {
    const christmasEve = at('2026-12-24T10:00:00Z');
    const days: SlaDurations = { ...bd(1), triage: { amount: 2, unit: 'd' } };
    expect(slaDeadline(days, 'triage', christmasEve, 'GB')).toEqual(at('2026-12-26T10:00:00Z'));
  });

  it('should count weekends only for a jurisdiction without holiday data or a malformed one', () => {
    const christmasEve = at('2026-12-24T10:00:00Z');
    for (const jurisdiction of ['ZZ', '', 'G', 'GBR', null]) {
      expect(slaDeadline(bd(2), 'triage', christmasEve, jurisdiction)).toEqual(
        at('2026-12-28T10:00:00Z'),
      );
    }
  });

  it('should not change the date it was given', () => {
    const origin = at('2026-03-14T10:00:00Z');
    slaDeadline(bd(3), 'triage', origin);
    expect(origin).toEqual(at('2026-03-14T10:00:00Z'));
  });
});

describe('isPublicHoliday', () => {
  it('should count public and bank holidays, not observances', () => {
    expect(isPublicHoliday('GB', at('2026-12-25T23:59:00Z'))).toBe(true);
    expect(isPublicHoliday('GB', at('2026-04-06T00:00:00Z'))).toBe(true); // Easter Monday
    expect(isPublicHoliday('GB', at('2026-03-15T12:00:00Z'))).toBe(false); // Mother's Day
    expect(isPublicHoliday('DE', at('2026-10-03T12:00:00Z'))).toBe(true); // German Unity Day
    expect(isPublicHoliday('FR', at('2026-07-14T12:00:00Z'))).toBe(true);
    expect(isPublicHoliday('FR', at('2026-07-15T12:00:00Z'))).toBe(false);
  });
});

describe('describeSlaDuration', () => {
  it('should say the length in words', () => {
    expect(describeSlaDuration({ amount: 2, unit: 'bd' })).toBe('2 business days');
    expect(describeSlaDuration({ amount: 1, unit: 'bd' })).toBe('1 business day');
    expect(describeSlaDuration({ amount: 1, unit: 's' })).toBe('1 second');
    expect(describeSlaDuration({ amount: 5, unit: 'm' })).toBe('5 minutes');
    expect(describeSlaDuration({ amount: 3, unit: 'h' })).toBe('3 hours');
    expect(describeSlaDuration({ amount: 7, unit: 'd' })).toBe('7 days');
  });
});
