import {
  DEFAULT_RETENTION_POLICY,
  RETENTION_KINDS,
  RETENTION_RULES,
  retentionCutoff,
  utcMonthOf,
} from './retention-policy';

describe('retention policy', () => {
  it('should keep referral records five years after their case closed by default', () => {
    expect(DEFAULT_RETENTION_POLICY.closed_cases).toBeGreaterThanOrEqual(5 * 365 + 1);
    expect(RETENTION_RULES.closed_cases.setting).toBe('RETENTION_CASE_DAYS');
  });

  it('should keep the audit trail at least as long as the records it speaks of', () => {
    expect(DEFAULT_RETENTION_POLICY.audit_events).toBeGreaterThanOrEqual(
      DEFAULT_RETENTION_POLICY.closed_cases,
    );
  });

  it('should name one distinct setting per kind', () => {
    const settings = RETENTION_KINDS.map((k) => RETENTION_RULES[k].setting);
    expect(new Set(settings).size).toBe(RETENTION_KINDS.length);
    for (const s of settings) expect(s).toMatch(/^RETENTION_[A-Z_]+_DAYS$/);
  });

  it('should count the cutoff back in whole days', () => {
    expect(retentionCutoff(2, new Date('2026-03-03T10:00:00Z')).toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    );
  });

  it('should bound a UTC month, across a year end', () => {
    expect(utcMonthOf(new Date('2025-12-31T23:59:59.999Z'))).toEqual({
      month: '2025-12',
      start: new Date('2025-12-01T00:00:00Z'),
      end: new Date('2026-01-01T00:00:00Z'),
    });
  });
});
