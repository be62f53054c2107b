/**
 * Hold expiry as a date field. The API takes a zoned date-time and allows at
 * most 6 calendar months from now (same day of the month, clamped to a short
 * month's last day; libs/domain holds.ts). The console sends the chosen day
 * at 00:00 UTC, so the latest day it offers is always within the limit.
 */

export const HOLD_MAX_MONTHS = 6;

/** The latest instant the API accepts for a hold set at `now`. */
export function holdMaxExpiry(now: Date): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + HOLD_MAX_MONTHS;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDay),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
}

/** `YYYY-MM-DD` of an instant, in UTC (what a date input holds). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The earliest and latest days the date field offers. */
export function holdDayRange(now: Date = new Date()): { min: string; max: string } {
  const tomorrow = new Date(now.getTime() + 24 * 3600 * 1000);
  return { min: isoDay(tomorrow), max: isoDay(holdMaxExpiry(now)) };
}

/** What the API receives for a chosen day: 00:00 UTC on that day (or the text as typed, to be refused in words). */
export function expiryFromDay(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day;
}

/** A day a few weeks ahead, within the limit: the field's starting value. */
export function defaultHoldDay(now: Date = new Date()): string {
  return isoDay(new Date(now.getTime() + 90 * 24 * 3600 * 1000));
}
