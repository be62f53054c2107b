import { exactUtc, formatZonedDate, formatZonedDateTime, relativeTime } from './times';
import { countryName, matchKeyWords } from './match-keys';
import { auditActionLabel, isReadAction } from './audit-actions';

const AT = '2026-12-07T17:05:09.000Z';
const NOW = Date.parse('2026-12-05T17:05:09.000Z');

describe('times in the reader’s zone', () => {
  it('shows the time in the given zone with its abbreviation', () => {
    expect(formatZonedDateTime(AT, { timeZone: 'Europe/Berlin' })).toBe('7 Dec 2026, 18:05 CET');
    expect(formatZonedDateTime(AT, { timeZone: 'UTC' })).toBe('7 Dec 2026, 17:05 UTC');
    expect(formatZonedDateTime(AT, { timeZone: 'Asia/Tokyo' })).toBe('8 Dec 2026, 02:05 GMT+9');
  });

  it('gives the calendar day of the zone', () => {
    expect(formatZonedDate(AT, { timeZone: 'Asia/Tokyo' })).toBe('8 Dec 2026');
    expect(formatZonedDate(AT, { timeZone: 'America/Los_Angeles' })).toBe('7 Dec 2026');
  });

  it('keeps the exact UTC instant for a tooltip', () => {
    expect(exactUtc(AT)).toBe('2026-12-07 17:05:09 UTC');
  });

  it('says how far away a deadline or an age is', () => {
    expect(relativeTime(AT, NOW)).toBe('in 2 days');
    expect(relativeTime('2026-12-05T14:05:09.000Z', NOW)).toBe('3 hours ago');
    expect(relativeTime('2026-12-05T17:04:09.000Z', NOW)).toBe('1 minute ago');
    expect(relativeTime('2026-12-05T17:05:09.000Z', NOW)).toBe('now');
  });

  it('shows nothing for a missing or unreadable time', () => {
    expect(formatZonedDateTime(null)).toBe('—');
    expect(formatZonedDateTime('not a time')).toBe('—');
    expect(exactUtc(undefined)).toBe('');
    expect(relativeTime('', NOW)).toBe('');
  });
});

describe('matching keys and audit actions in words', () => {
  it('splits a name-and-country key into the name and the country’s name', () => {
    expect(matchKeyWords('name_country', 'pixel harbor media|GB')).toBe(
      'Same merchant name and country: pixel harbor media · United Kingdom',
    );
    expect(matchKeyWords('domain', 'shop.example')).toBe('Same website domain: shop.example');
    expect(countryName('de')).toBe('Germany');
    expect(countryName('not a code')).toBe('not a code');
  });

  it('names audit actions and tells reads from changes', () => {
    expect(auditActionLabel('case.assign')).toBe('Assigned');
    expect(auditActionLabel('case.brand_new')).toBe('Case brand new');
    expect(isReadAction('case.read')).toBe(true);
    expect(isReadAction('referral.attachment_read')).toBe(true);
    expect(isReadAction('dispatch.package_download')).toBe(true);
    expect(isReadAction('case.assign')).toBe(false);
  });
});
