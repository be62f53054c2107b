/**
 * Times as people read them: in their own time zone with its abbreviation
 * ("7 Dec 2026, 18:05 CET"), with a relative hint ("in 2 days") for
 * deadlines and ages, and the exact UTC instant for a tooltip. Pure: the time
 * zone and "now" are passed in (the console passes the browser's), so tests
 * fix both.
 */

export interface ZoneOptions {
  /** An IANA zone such as `Europe/Berlin`; the runtime's own when left out. */
  timeZone?: string;
  locale?: string;
}

const LOCALE = 'en-GB';
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date', options: ZoneOptions): Intl.DateTimeFormat {
  const key = `${kind}|${options.locale ?? LOCALE}|${options.timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(options.locale ?? LOCALE, {
      timeZone: options.timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(kind === 'dateTime'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }
        : {}),
    });
    formatters.set(key, found);
  }
  return found;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "7 Dec 2026, 18:05 CET"; "—" when there is no time. */
export function formatZonedDateTime(iso: string | null | undefined, options: ZoneOptions = {}) {
  const date = parse(iso);
  if (!date) return '—';
  const parts = Object.fromEntries(
    formatter('dateTime', options)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** "7 Dec 2026", the calendar day in the zone. */
export function formatZonedDate(iso: string | null | undefined, options: ZoneOptions = {}) {
  const date = parse(iso);
  return date ? formatter('date', options).format(date) : '—';
}

/** The exact instant in UTC, for a title attribute: "2026-12-07 17:05:09 UTC". */
export function exactUtc(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "in 2 days", "3 hours ago", "now": how far `iso` is from `now` (milliseconds). */
export function relativeTime(iso: string, now: number, locale = LOCALE): string {
  const date = parse(iso);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}
